// How far a partner is from its next tier, as the CRM pages show it (issue #13): a percent for
// the progress bar and the list of what is missing ("Certifications: 2 of 3", "Score: 61.00 of
// 70"), from the statement's gap and requirements and the program's ladder. Pure.
import { Dec } from "../../../money/index.ts";
import type { PartnerStatement, Program } from "../../engine/index.ts";
import { ladderByLabel } from "../../engine/ladders.ts";

type TierFigures = Pick<PartnerStatement, "next_tier" | "gap_to_next_tier" | "ladder">;

/** The next tier's level on the partner's ladder (its `min` and the ladder's metric). */
function nextLevel(program: Pick<Program, "tiers">, s: TierFigures) {
  if (s.next_tier === null) return null;
  const ladder = ladderByLabel(program.tiers, s.ladder);
  const level = ladder?.levels.find((l) => l.name === s.next_tier);
  return ladder && level ? { ladder, min: new Dec(level.min ?? "0") } : null;
}

/**
 * Progress to the next tier in percent, one decimal, "0.0"–"100.0": the tier metric (min − gap)
 * as a share of the next tier's minimum, rounded down so 100.0 means reached. A next tier with
 * no minimum is reached on the metric (only requirements can be missing): 100.0. Null at the top
 * tier (no next tier) or when the ladder is unknown.
 */
export function tierProgressPercent(program: Pick<Program, "tiers">, s: TierFigures): string | null {
  const next = nextLevel(program, s);
  if (!next) return null;
  if (!next.min.greaterThan(0)) return "100.0";
  const gap = new Dec(s.gap_to_next_tier ?? "0");
  const metric = Dec.max(next.min.minus(gap), 0);
  const percent = Dec.min(metric.times(100).dividedBy(next.min), 100);
  return percent.toDecimalPlaces(1, Dec.ROUND_DOWN).toFixed(1);
}

/** What the partner's current values are, for "have of need". */
export interface CurrentValues {
  certifications?: number | null;
}

const REQUIREMENT = /^(certifications|renewal_rate|score) >= (.+)$/;

/**
 * Each thing missing for the next tier, "have of need": the tier metric while there is a gap
 * ("Revenue: 750000.00 of 1000000.00", "Margin: …" on a margin ladder), then the statement's unmet
 * requirements in its order. The renewal rate a tier requires is taken over the ladder's window,
 * which the statement does not report (its metrics are the period's): "Renewal rate: under 0.85".
 * A value the service does not know reads "none".
 */
export function missingForNextTier(
  program: Pick<Program, "tiers">,
  s: TierFigures & Pick<PartnerStatement, "missing_for_next_tier" | "score" | "tier">,
  current: CurrentValues = {},
): string[] {
  const out: string[] = [];
  const next = nextLevel(program, s);
  const gap = s.gap_to_next_tier === null ? null : new Dec(s.gap_to_next_tier);
  if (next && gap?.greaterThan(0)) {
    const digits = s.gap_to_next_tier!.split(".")[1]?.length ?? 0;
    const metric = Dec.max(next.min.minus(gap), 0);
    const label = next.ladder.metric.sum === "margin" ? "Margin" : "Revenue";
    out.push(`${label}: ${metric.toFixed(digits)} of ${next.min.toFixed(digits)}`);
  }
  for (const requirement of s.missing_for_next_tier) {
    const m = REQUIREMENT.exec(requirement);
    if (!m) {
      // "tier in [Silver, Gold]": the tier held is what is checked.
      out.push(
        requirement.startsWith("tier in ") ? `Tier: ${s.tier}, needs ${requirement.slice(8)}` : requirement,
      );
      continue;
    }
    const [, name, need] = m as unknown as [string, string, string];
    if (name === "renewal_rate") out.push(`Renewal rate: under ${need}`);
    else if (name === "score") out.push(`Score: ${s.score ?? "none"} of ${need}`);
    else out.push(`Certifications: ${current.certifications ?? "none"} of ${need}`);
  }
  return out;
}
