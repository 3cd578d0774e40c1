// `rate` components (spec §3): the marginal split of a deal over the bands and the
// retroactive band of the period total. Scratch state is owned by the walker and reused.

import { type Dec, money, ZERO } from "../../money/index.ts";
import type { CRate, PDeal } from "./compile.ts";

export interface BandScratch {
  /** Per component: attainment so far this partner-period, and the band it is in. */
  att: Dec[];
  band: Int32Array;
  /** Per retroactive component: the period total and its band. */
  retroTotal: Dec[];
  retroBand: Int32Array;
  /** Per component: the explanation of the current deal's line. */
  expl: string[];
}

/**
 * Marginal: the deal moves attainment from A to B; the part inside each band earns its rate.
 * `lead` is the deal's amount text when explanations are wanted (null otherwise);
 * `converted` says the deal was converted from another currency (lead then shows the fx).
 */
export function marginal(
  comp: CRate,
  c: number,
  amount: Dec,
  st: BandScratch,
  gated: boolean,
  lead: string | null,
  converted: boolean,
  digits: number,
): Dec {
  if (comp.froms.length === 1) {
    // One band from 0: every deal earns its rate; attainment cannot change anything.
    if (gated) return ZERO;
    if (lead !== null) st.expl[c] = lead + comp.bandSuffix[0]!;
    return amount.times(comp.rates[0]!);
  }
  const a = st.att[c]!;
  const b = a.plus(amount);
  st.att[c] = b;
  if (gated) return ZERO;
  const froms = comp.froms;
  const n = froms.length;
  let bi = st.band[c]!;
  while (bi + 1 < n && !froms[bi + 1]!.greaterThan(a)) bi++;
  if (bi + 1 === n || !b.greaterThan(froms[bi + 1]!)) {
    st.band[c] = bi;
    if (lead !== null) st.expl[c] = lead + comp.bandSuffix[bi]!;
    return amount.times(comp.rates[bi]!);
  }
  let lo = a;
  let raw = ZERO;
  let text = "";
  for (;;) {
    const next = bi + 1 < n ? froms[bi + 1]! : null;
    const hi = next !== null && b.greaterThan(next) ? next : b;
    const part = hi.minus(lo);
    raw = raw.plus(part.times(comp.rates[bi]!));
    if (lead !== null) text += `${text === "" ? "" : " + "}${money(part, digits)}${comp.bandSuffix[bi]}`;
    if (hi === b) break;
    lo = hi;
    bi++;
  }
  st.band[c] = bi;
  if (lead !== null) st.expl[c] = converted ? `${lead}: ${text}` : text;
  return raw;
}

/** Retroactive: the period total of matching deals selects one band for all of them. */
export function retroTotals(
  comps: readonly CRate[],
  deals: PDeal[],
  order: Int32Array,
  s: number,
  e: number,
  st: BandScratch,
) {
  for (const comp of comps) st.retroTotal[comp.index] = ZERO;
  for (let i = s; i < e; i++) {
    const d = deals[order[i]!]!;
    for (const comp of comps) {
      if (!comp.match(d)) continue;
      // Margin basis (spec §5): the period total of margins; a deal without one adds nothing.
      if (!comp.margin) st.retroTotal[comp.index] = st.retroTotal[comp.index]!.plus(d.amount);
      else if (d.margin !== null) st.retroTotal[comp.index] = st.retroTotal[comp.index]!.plus(d.margin);
    }
  }
  for (const comp of comps) {
    let b = 0;
    while (b + 1 < comp.froms.length && !comp.froms[b + 1]!.greaterThan(st.retroTotal[comp.index]!)) b++;
    st.retroBand[comp.index] = b;
  }
}

export function retroactive(
  comp: CRate,
  c: number,
  amount: Dec,
  st: BandScratch,
  lead: string | null,
  digits: number,
): Dec {
  const b = st.retroBand[c]!;
  if (lead !== null)
    st.expl[c] =
      `${lead} at ${comp.rateText[b]} (period total${comp.margin ? " margin" : ""} ${money(st.retroTotal[c]!, digits)}, band from ${comp.fromText[b]})`;
  return amount.times(comp.rates[b]!);
}
