// Tier qualification at the end of a period, and the grace rule (spec §3 "Tiers").
import type { CProgram } from "./compile.ts";
import { type GateContext, unmet, unmetRequirements } from "./gates.ts";
import { type Dec, money, ZERO } from "./money.ts";

export interface TierOutcome {
  qualified: number;
  /** Tier held in the next period. */
  nextHeld: number;
  /** Consecutive evaluations below the held tier, after this one. */
  below: number;
  nextTier: string | null;
  gap: string | null;
  missing: string[];
}

/**
 * `metric` is summed over the tier window; `ctx.renewalWon/All` are the window's; `ctx.tier` the tier
 * held in the period. The lowest level is always qualified for (there is nothing lower).
 */
export function evaluateTier(
  cp: CProgram,
  held: number,
  below: number,
  metric: Dec,
  ctx: GateContext,
): TierOutcome {
  let qualified = 0;
  for (let t = cp.tierNames.length - 1; t > 0; t--) {
    if (cp.tierMins[t]!.greaterThan(metric)) continue;
    const req = cp.tierRequires[t];
    if (req && unmet(req, ctx, cp.tierNames).length > 0) continue;
    qualified = t;
    break;
  }
  let nextHeld = held;
  let nextBelow = 0;
  if (qualified < held) {
    nextBelow = below + 1;
    if (nextBelow > cp.grace) {
      nextHeld = qualified;
      nextBelow = 0;
    }
  } else nextHeld = qualified;
  const next = qualified + 1 < cp.tierNames.length ? qualified + 1 : -1;
  if (next < 0) return { qualified, nextHeld, below: nextBelow, nextTier: null, gap: null, missing: [] };
  const gap = cp.tierMins[next]!.minus(metric);
  const req = cp.tierRequires[next];
  return {
    qualified,
    nextHeld,
    below: nextBelow,
    nextTier: cp.tierNames[next]!,
    gap: money(gap.isNegative() ? ZERO : gap, cp.digits),
    missing: req ? unmetRequirements(req, ctx) : [],
  };
}
