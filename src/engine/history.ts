// Partner attributes over time (spec §6): a period is judged by the values in effect on its last
// day, never by today's. The data rules (entries in date order, current values equal to the last
// entry naming them) and the per-period values the walk reads.

import { type Granularity, periodOfDate } from "../period/index.ts";
import type { Partner } from "./data-schema.ts";
import type { Problem } from "./result.ts";

/** The four attributes §6 gives a history. */
export const HISTORY_ATTRIBUTES = ["type", "certifications", "agreement_signed", "compliance_ok"] as const;
export type HistoryAttribute = (typeof HISTORY_ATTRIBUTES)[number];

/** The attributes of one partner in one period (a Partner satisfies it: its current values). */
export interface PeriodAttrs {
  type: Partner["type"];
  certifications: number;
  agreement_signed: boolean;
  compliance_ok: boolean;
  /** Per attribute, the date of the entry that set it in this period, when that entry is dated in or before it. */
  since?: Partial<Record<HistoryAttribute, string>>;
}

/**
 * The history rules of one partner, with paths relative to it: an entry naming no attribute,
 * entries out of date order, a current value that differs from the last entry naming it.
 */
export function historyProblems(p: Partner): Problem[] {
  const history = p.history ?? [];
  const out: Problem[] = [];
  history.forEach((e, j) => {
    if (!HISTORY_ATTRIBUTES.some((a) => e[a] !== undefined))
      out.push({
        path: `history[${j}]`,
        message: `partner ${p.id}: history entry from ${e.from} names no attribute (${HISTORY_ATTRIBUTES.join(", ")})`,
        code: "invalid_value",
      });
    const prev = history[j - 1];
    if (prev !== undefined && e.from < prev.from)
      out.push({
        path: `history[${j}].from`,
        message: `partner ${p.id}: history out of order: ${e.from} comes after history[${j - 1}] from ${prev.from}`,
        code: "history_out_of_order",
      });
  });
  for (const a of HISTORY_ATTRIBUTES) {
    let last = -1;
    history.forEach((e, j) => {
      if (e[a] !== undefined) last = j;
    });
    if (last < 0) continue;
    const said = history[last]![a];
    if (said !== p[a])
      out.push({
        path: a,
        message: `partner ${p.id}: current ${a} ${String(p[a])} differs from the last history entry naming it (history[${last}] from ${history[last]!.from}: ${String(said)})`,
        code: "history_mismatch",
      });
  }
  return out;
}

/**
 * The partner's attributes in periods first..through (index relative to first), or null when
 * they equal its current values in every one of them (no history, or none that matters there),
 * so such partners cost the walk nothing. Assumes `historyProblems` found nothing.
 */
export function attributeTimeline(
  p: Partner,
  first: number,
  through: number,
  g: Granularity,
): PeriodAttrs[] | null {
  const history = p.history;
  if (!history || history.length === 0) return null;
  const periods = history.map((e) => periodOfDate(e.from, g));
  const out: PeriodAttrs[] = [];
  let differs = false;
  for (let k = first; k <= through; k++) {
    const attrs: PeriodAttrs = {
      type: p.type,
      certifications: p.certifications,
      agreement_signed: p.agreement_signed,
      compliance_ok: p.compliance_ok,
    };
    const since: Partial<Record<HistoryAttribute, string>> = {};
    for (const a of HISTORY_ATTRIBUTES) {
      // The latest entry dated on or before the period's last day (an entry's period ≤ k), on
      // the same date the later one; before every entry naming it, the earliest one.
      let found = -1;
      let earliest = -1;
      for (let j = 0; j < history.length; j++) {
        if (history[j]![a] === undefined) continue;
        if (earliest < 0) earliest = j;
        if (periods[j]! <= k) found = j;
      }
      if (earliest < 0) continue;
      const j = found >= 0 ? found : earliest;
      (attrs as unknown as Record<string, unknown>)[a] = history[j]![a];
      if (found >= 0) since[a] = history[j]!.from;
    }
    if (
      attrs.type !== p.type ||
      attrs.certifications !== p.certifications ||
      attrs.agreement_signed !== p.agreement_signed ||
      attrs.compliance_ok !== p.compliance_ok
    )
      differs = true;
    attrs.since = since;
    out.push(attrs);
  }
  return differs ? out : null;
}
