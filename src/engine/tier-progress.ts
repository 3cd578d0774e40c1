// Progress to the next tier, in percent of the next tier's `min` reached (0–100, one decimal),
// from a statement's gap and the partner's ladder. Pure; null at the top tier or when the next
// tier has no positive min (nothing to measure progress against).
import { Dec } from "../../money/index.ts";
import { ladderByLabel } from "./ladders.ts";
import type { Program } from "./program-schema.ts";
import type { PartnerStatement } from "./statement.ts";

export function tierProgressPercent(
  program: Program,
  st: Pick<PartnerStatement, "next_tier" | "gap_to_next_tier" | "ladder">,
): string | null {
  if (st.next_tier === null || st.gap_to_next_tier === null) return null;
  const level = ladderByLabel(program.tiers, st.ladder)?.levels.find((l) => l.name === st.next_tier);
  const min = level?.min === undefined ? null : new Dec(level.min);
  if (min === null || !min.greaterThan(0)) return null;
  const reached = Dec.max(0, min.minus(st.gap_to_next_tier));
  const pct = Dec.min(100, reached.dividedBy(min).times(100));
  return pct.toDecimalPlaces(1, Dec.ROUND_DOWN).toFixed(1);
}
