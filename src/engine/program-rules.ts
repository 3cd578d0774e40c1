// Rules relating program values to each other. They run on the raw document (defensively)
// even when zod found structural problems, so one validation lists every problem at once.

import { Dec, isDecimalString } from "../../money/index.ts";
import {
  basisProblems,
  knownTierNames,
  ladderDocs,
  ladderProblems,
  partnerFilterProblems,
  tierRateProblems,
} from "./archetype-rules.ts";
import { moneyScaleProblems } from "./money-scale-rules.ts";
import type { Problem } from "./result.ts";
import { formatPath } from "./result.ts";
import { reviewRuleProblems } from "./review-rules.ts";

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const dec = (v: unknown): Dec | null => (typeof v === "string" && isDecimalString(v) ? new Dec(v) : null);

export function programRuleProblems(raw: unknown): Problem[] {
  const out: Problem[] = [];
  const add = (path: PropertyKey[], message: string, code: string) =>
    out.push({ path: formatPath(path), message, code });
  if (!isObj(raw)) return out;

  // Tier names: every ladder's levels (spec §5: names may repeat across ladders), plus Standard
  // when a partner can match no ladder; without tiers, the single implicit tier.
  const ladders = ladderDocs(raw.tiers);
  const tierNames = knownTierNames(ladders);
  for (const ladder of ladders) {
    const at = (...rest: PropertyKey[]) => [...ladder.path, ...rest];
    const own: string[] = [];
    const levels = Array.isArray(ladder.doc.levels) ? (ladder.doc.levels as unknown[]) : [];
    let prev: Dec | null = null;
    levels.forEach((level, i) => {
      if (!isObj(level)) return;
      if (typeof level.name === "string") {
        if (own.includes(level.name))
          add(at("levels", i, "name"), `duplicate tier name '${level.name}'`, "duplicate_tier");
        own.push(level.name);
      }
      const min = dec(level.min);
      if (i === 0) {
        if (min !== null && !min.isZero())
          add(at("levels", 0, "min"), "the lowest level's min must be 0 or absent", "tier_min_not_zero");
        prev = new Dec(0);
      } else if (level.min === undefined) {
        add(at("levels", i, "min"), "every level above the lowest needs a min", "required");
      } else if (min !== null && prev !== null && !min.greaterThan(prev)) {
        add(
          at("levels", i, "min"),
          `levels must be strictly increasing: ${min.toFixed()} ≤ ${prev.toFixed()}`,
          "levels_not_increasing",
        );
      }
      if (min !== null && i > 0) prev = min;
    });
    levels.forEach((level, i) => {
      if (isObj(level)) checkRequires(level.requires, at("levels", i, "requires"), tierNames, add);
    });
    const metric = ladder.doc.metric;
    if (isObj(metric) && isObj(metric.deals)) checkFilter(metric.deals, at("metric", "deals"), add);
  }
  ladderProblems(ladders, add);

  if (Array.isArray(raw.scorecard)) {
    const seen = new Map<string, number>();
    (raw.scorecard as unknown[]).forEach((entry, i) => {
      if (!isObj(entry) || typeof entry.metric !== "string") return;
      partnerFilterProblems(entry.partners, ["scorecard", i, "partners"], tierNames, add);
      // The same metric may appear again for other partners (spec §5): only the same metric
      // with the same partners filter twice is a duplicate.
      const key = `${entry.metric} ${JSON.stringify(entry.partners ?? null)}`;
      const first = seen.get(key);
      if (first !== undefined)
        add(
          ["scorecard", i, "metric"],
          `duplicate metric '${entry.metric}' (also scorecard[${first}])`,
          "duplicate_metric",
        );
      else seen.set(key, i);
    });
  }

  const components = Array.isArray(raw.components) ? (raw.components as unknown[]) : [];
  const byId = new Map<string, { index: number; type: unknown }>();
  components.forEach((c, i) => {
    if (!isObj(c) || typeof c.id !== "string") return;
    const first = byId.get(c.id);
    if (first)
      add(
        ["components", i, "id"],
        `duplicate component id '${c.id}' (also components[${first.index}])`,
        "duplicate_component",
      );
    else byId.set(c.id, { index: i, type: c.type });
  });
  components.forEach((c, i) => {
    if (!isObj(c)) return;
    const at = (...rest: PropertyKey[]) => ["components", i, ...rest];
    checkRequires(c.requires, at("requires"), tierNames, add);
    partnerFilterProblems(c.partners, at("partners"), tierNames, add);
    basisProblems(c, at(), add);
    if (isObj(c.deals)) checkFilter(c.deals, at("deals"), add);
    if (c.type === "rate" && Array.isArray(c.bands)) checkSteps(c.bands as unknown[], at("bands"), add);
    if (c.type === "multiplier" && Array.isArray(c.by_score))
      checkSteps(c.by_score as unknown[], at("by_score"), add);
    if (c.type === "multiplier" && Array.isArray(c.applies_to)) {
      (c.applies_to as unknown[]).forEach((name, j) => {
        if (typeof name !== "string") return;
        const target = byId.get(name);
        if (!target) add(at("applies_to", j), `unknown component '${name}'`, "unknown_component");
        else if (target.type === "multiplier" || target.type === "accrual")
          add(
            at("applies_to", j),
            `a multiplier applies to cash components, not ${String(target.type)} '${name}'`,
            "invalid_reference",
          );
      });
    }
    if (c.type === "tier_rate") tierRateProblems(c, at(), ladders, tierNames, add);
  });
  out.push(...reviewRuleProblems(raw));
  out.push(...moneyScaleProblems(raw));
  return out;
}

type Add = (path: PropertyKey[], message: string, code: string) => void;

/** Bands and score steps: start at 0, strictly increasing `from`. */
function checkSteps(steps: unknown[], path: PropertyKey[], add: Add) {
  let prev: Dec | null = null;
  steps.forEach((step, i) => {
    if (!isObj(step)) return;
    const from = dec(step.from);
    if (from === null) return;
    if (i === 0 && !from.isZero())
      add([...path, 0, "from"], `must start at 0 (got ${from.toFixed()})`, "bands_not_from_zero");
    if (i > 0 && prev !== null && !from.greaterThan(prev))
      add(
        [...path, i, "from"],
        `must be strictly increasing: ${from.toFixed()} ≤ ${prev.toFixed()}`,
        "bands_not_increasing",
      );
    prev = from;
  });
}

function checkFilter(filter: Raw, path: PropertyKey[], add: Add) {
  const closed = filter.closed;
  if (
    isObj(closed) &&
    typeof closed.from === "string" &&
    typeof closed.to === "string" &&
    closed.from > closed.to
  )
    add([...path, "closed", "to"], `'to' (${closed.to}) is before 'from' (${closed.from})`, "empty_range");
}

function checkRequires(req: unknown, path: PropertyKey[], tierNames: string[], add: Add) {
  if (!isObj(req)) return;
  const tiers =
    typeof req.tier === "string" ? [req.tier] : Array.isArray(req.tier) ? (req.tier as unknown[]) : [];
  tiers.forEach((t, j) => {
    if (typeof t === "string" && !tierNames.includes(t))
      add(
        typeof req.tier === "string" ? [...path, "tier"] : [...path, "tier", j],
        `unknown tier '${t}'`,
        "unknown_tier",
      );
  });
}
