// Rules relating the `review:` and `nudges:` blocks to the rest of the program: a rule that
// needs tiers or boundaries the program does not have is an error with its path, not a rule
// that silently never fires.

import { Dec, isDecimalString } from "../../money/index.ts";
import { ladderDocs } from "./archetype-rules.ts";
import type { Problem } from "./result.ts";
import { formatPath } from "./result.ts";

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/** Band `from`s and tier `min`s above 0, as written in the (raw) program. */
export function programBoundaries(raw: unknown): string[] {
  if (!isObj(raw)) return [];
  const out: string[] = [];
  const positive = (v: unknown) => typeof v === "string" && isDecimalString(v) && new Dec(v).greaterThan(0);
  if (Array.isArray(raw.components))
    for (const c of raw.components as unknown[])
      if (isObj(c) && c.type === "rate" && Array.isArray(c.bands))
        for (const b of c.bands as unknown[]) if (isObj(b) && positive(b.from)) out.push(String(b.from));
  for (const ladder of ladderDocs(raw.tiers))
    for (const l of (ladder.doc.levels as unknown[]) ?? [])
      if (isObj(l) && positive(l.min)) out.push(String(l.min));
  return out;
}

/** The most levels any ladder has (spec §5: tiers may be a list of ladders). */
function tierLevels(raw: Raw): number {
  return Math.max(0, ...ladderDocs(raw.tiers).map((l) => l.names.length));
}

export function reviewRuleProblems(raw: unknown): Problem[] {
  const out: Problem[] = [];
  if (!isObj(raw)) return out;
  const add = (path: PropertyKey[], message: string, code: string) =>
    out.push({ path: formatPath(path), message, code });
  const levels = tierLevels(raw);
  const review = raw.review;
  if (isObj(review)) {
    if (review.tier_chasing !== undefined && levels < 2)
      add(
        ["review", "tier_chasing"],
        "tier chasing watches tier evaluations: the program needs tiers with at least two levels",
        "requires_tiers",
      );
    const tc = review.threshold_clustering;
    if (isObj(tc) && tc.boundaries === undefined && programBoundaries(raw).length === 0)
      add(
        ["review", "threshold_clustering", "boundaries"],
        "the program has no band or tier boundary above 0: list the amounts to watch in `boundaries`",
        "required",
      );
  }
  const nudges = raw.nudges;
  if (isObj(nudges) && (nudges.near_tier !== undefined || nudges.tier_changes === true) && levels < 2)
    add(
      ["nudges"],
      "nudges are about tiers: the program needs tiers with at least two levels",
      "requires_tiers",
    );
  return out;
}
