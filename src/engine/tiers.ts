// Tier qualification at the end of a period, and the grace rule (spec §3 "Tiers"), on the
// partner's ladder (spec §5).

import { type Dec, money, ZERO } from "../../money/index.ts";
import { type GateContext, unmet, unmetRequirements } from "./gates.ts";
import type { CLadder } from "./ladders.ts";

export interface TierOutcome {
  /** Level of the ladder qualified for. */
  qualified: number;
  /** Level held in the next period. */
  nextHeld: number;
  /** Consecutive evaluations below the held tier, after this one. */
  below: number;
  nextTier: string | null;
  gap: string | null;
  missing: string[];
}

/**
 * `held` and the result are levels of `ladder`; `metric` is summed over the ladder's window;
 * `ctx.renewalWon/All` are the window's; `ctx.tier` the global index of the tier held in the
 * period (`tierNames` are the global names). The lowest level is always qualified for (there is
 * nothing lower).
 */
export function evaluateTier(
  ladder: CLadder,
  tierNames: string[],
  digits: number,
  held: number,
  below: number,
  metric: Dec,
  ctx: GateContext,
): TierOutcome {
  let qualified = 0;
  for (let t = ladder.names.length - 1; t > 0; t--) {
    if (ladder.mins[t]!.greaterThan(metric)) continue;
    const req = ladder.requires[t];
    if (req && unmet(req, ctx, tierNames).length > 0) continue;
    qualified = t;
    break;
  }
  let nextHeld = held;
  let nextBelow = 0;
  if (qualified < held) {
    nextBelow = below + 1;
    if (nextBelow > ladder.grace) {
      nextHeld = qualified;
      nextBelow = 0;
    }
  } else nextHeld = qualified;
  const next = qualified + 1 < ladder.names.length ? qualified + 1 : -1;
  if (next < 0) return { qualified, nextHeld, below: nextBelow, nextTier: null, gap: null, missing: [] };
  const gap = ladder.mins[next]!.minus(metric);
  const req = ladder.requires[next];
  return {
    qualified,
    nextHeld,
    below: nextBelow,
    nextTier: ladder.names[next]!,
    gap: money(gap.isNegative() ? ZERO : gap, digits),
    missing: req ? unmetRequirements(req, ctx) : [],
  };
}
