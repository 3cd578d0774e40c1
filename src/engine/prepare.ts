// The data indexed once for the period walk: partners sorted by id, deals of the evaluated
// periods sorted by close date then id and grouped by period and partner, amounts converted.

import { Dec, minorDigits, money } from "../../money/index.ts";
import { dayNumber, parsePeriodLabel, periodLabel, periodOfDate } from "../period/index.ts";
import { BIT, type CProgram, type PDeal } from "./compile.ts";
import type { Claim, Data, Partner } from "./data-schema.ts";
import { attributeTimeline, type PeriodAttrs } from "./history.ts";
import { ladderFor } from "./ladders.ts";
import { TYPE_BIT } from "./partner-filter.ts";
import { fail, ok, type Problem, type Result } from "./result.ts";

export interface Prepared {
  /** The first walked period (absolute index). */
  first: number;
  through: number;
  partners: Partner[];
  /**
   * Per partner: its attributes per period (relative to first) when its history (spec §6) makes
   * them differ from its current values in some evaluated period; null otherwise.
   */
  timeline: (PeriodAttrs[] | null)[];
  /** Per partner: its ladder in the first period (spec §5) and the level it holds there. */
  initialLadder: Int32Array;
  initialTier: Int32Array;
  /**
   * Deals of periods first..through in walk order: by period, then partner, then evaluation
   * (close date, id) order. A deal's `order` is its evaluation index.
   */
  deals: PDeal[];
  /** byDate[i]: index in `deals` of the deal with evaluation index i. */
  byDate: Int32Array;
  /** Evaluation indices (and deals indices) of period k (relative to first) are periodStart[k] .. periodStart[k+1]. */
  periodStart: Int32Array;
  /** Per period: deal indices grouped by partner (stable), with per-partner offsets. */
  byPartner: { order: Int32Array; offsets: Int32Array }[];
  /** Claims per period (relative), per partner index, in date then id order. */
  claims: Map<number, Claim[]>[];
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `clawbackDaysAt` (program versions only): the clawback window of the version in effect in a
 * close period, instead of `cp.clawbackDays`.
 */
export function prepare(
  cp: CProgram,
  data: Data,
  through: number,
  clawbackDaysAt?: (period: number) => number | null,
): Result<Prepared> {
  const problems: Problem[] = [];
  const nPeriods = through - cp.first + 1;
  const partners = preparePartners(cp, data, through, problems);
  const fx = fxByPeriod(data, cp.granularity);
  const resolved = resolveDeals(cp, data, through, fx, partners.index, clawbackDaysAt, problems);
  if (problems.length > 0) return fail(problems);
  const walk = walkOrder(resolved, partners.list.length, nPeriods);
  const deals = buildDeals(cp, resolved, walk.walk, fx, clawbackDaysAt);
  return ok({
    first: cp.first,
    through,
    partners: partners.list,
    timeline: partners.timeline,
    initialLadder: partners.initialLadder,
    initialTier: partners.initialTier,
    deals,
    byDate: walk.byDate,
    periodStart: resolved.periodStart,
    byPartner: walk.byPartner,
    claims: claimsByPeriod(cp, data, nPeriods, partners.index),
  });
}

/** Fx rates of one period by currency, parsed once; `text` is the rate as given, for explanations. */
type PeriodFx = Map<number, Map<string, { rate: Dec; text: string }>>;

interface PreparedPartners {
  list: Partner[];
  index: Map<string, number>;
  timeline: Prepared["timeline"];
  initialLadder: Int32Array;
  initialTier: Int32Array;
}

/**
 * Partners sorted by id, each with its attribute timeline and its ladder and level in the first
 * period. An initial tier its ladder lacks is a problem (named by the input's position).
 */
function preparePartners(cp: CProgram, data: Data, through: number, problems: Problem[]): PreparedPartners {
  const partnerOrder = data.partners.map((p, i) => ({ p, i })).sort((a, b) => byString(a.p.id, b.p.id));
  const list = partnerOrder.map((x) => x.p);
  const index = new Map<string, number>();
  for (const [i, p] of list.entries()) index.set(p.id, i);
  const timeline = list.map((p) => attributeTimeline(p, cp.first, through, cp.granularity));
  const initialLadder = new Int32Array(list.length);
  const initialTier = new Int32Array(list.length);
  partnerOrder.forEach(({ p, i }, idx) => {
    // The ladder follows the partner's type in the first period, which its history may change.
    const type = timeline[idx]?.[0]?.type ?? p.type;
    const ladder = cp.fixedLadder >= 0 ? cp.fixedLadder : ladderFor(cp.ladders, TYPE_BIT[type]!, p.id);
    initialLadder[idx] = ladder;
    if (p.initial_tier == null) return;
    const names = cp.ladders[ladder]!.names;
    const t = names.indexOf(p.initial_tier);
    if (t < 0)
      problems.push({
        path: `partners[${i}].initial_tier`,
        message: cp.namedLadders
          ? `'${p.initial_tier}' is not a level of the partner's ladder ${cp.ladders[ladder]!.label ?? "(none: Standard)"} (levels: ${names.join(", ")})`
          : `unknown tier '${p.initial_tier}' (tiers: ${names.join(", ")})`,
        code: "unknown_tier",
      });
    else initialTier[idx] = t;
  });
  return { list, index, timeline, initialLadder, initialTier };
}

/** fx by period index of the program's granularity; labels of another granularity never match. */
function fxByPeriod(data: Data, g: CProgram["granularity"]): PeriodFx {
  const fx: PeriodFx = new Map();
  for (const [label, rates] of Object.entries(data.fx ?? {})) {
    const parsed = parsePeriodLabel(label);
    if (!parsed || parsed.granularity !== g) continue;
    const m = new Map<string, { rate: Dec; text: string }>();
    for (const [ccy, r] of Object.entries(rates)) m.set(ccy, { rate: new Dec(r), text: r });
    fx.set(parsed.index, m);
  }
  return fx;
}

/** The evaluated deals in evaluation (close date, id) order, by index, with what pass 3 needs of each. */
interface ResolvedDeals {
  src: Data["deals"];
  partner: number[];
  period: number[];
  /** Day number of the close date; 0 when no clawback window needs it. */
  closeDay: number[];
  /** Evaluation indices of period k (relative to first) are periodStart[k] .. periodStart[k+1]. */
  periodStart: Int32Array;
}

/**
 * Pass 1, in evaluation (date, id) order: resolve partners and fx, collect problems (unknown
 * partners, missing rates: one problem per currency and period); no objects yet, so the deal
 * records can be created in walk order (pass 3).
 */
function resolveDeals(
  cp: CProgram,
  data: Data,
  through: number,
  fx: PeriodFx,
  partnerIndex: Map<string, number>,
  clawbackDaysAt: ((period: number) => number | null) | undefined,
  problems: Problem[],
): ResolvedDeals {
  const g = cp.granularity;
  const nPeriods = through - cp.first + 1;
  const missingFx = new Map<string, string[]>();
  const out: ResolvedDeals = {
    src: [],
    partner: [],
    period: [],
    closeDay: [],
    periodStart: new Int32Array(nPeriods + 1),
  };
  const buckets = bucketByCloseDate(cp, data, through);
  for (const date of [...buckets.keys()].sort(byString)) {
    let bucket = buckets.get(date)!;
    if (bucket.length > 1) bucket = sortById(bucket);
    const period = periodOfDate(date, g);
    const closeDay = cp.clawbackDays === null && clawbackDaysAt === undefined ? 0 : dayNumber(date);
    for (const d of bucket) {
      const partner = partnerIndex.get(d.partner_id);
      if (partner === undefined) {
        // parseData rejects this; a caller passing unvalidated data gets a problem, not a guess.
        problems.push({
          path: "deals",
          message: `deal ${d.id}: unknown partner '${d.partner_id}'`,
          code: "unknown_partner",
        });
        continue;
      }
      if (d.currency !== cp.currency && !fx.get(period)?.get(d.currency)) {
        const key = `${d.currency}\u0000${periodLabel(period, g)}`;
        const list = missingFx.get(key);
        if (list) list.push(d.id);
        else missingFx.set(key, [d.id]);
        continue;
      }
      out.src.push(d);
      out.partner.push(partner);
      out.period.push(period);
      out.closeDay.push(closeDay);
      out.periodStart[period - cp.first + 1] = out.src.length;
    }
  }
  // A period without deals starts where the previous one ended.
  const { periodStart } = out;
  for (let k = 1; k <= nPeriods; k++)
    if (periodStart[k]! < periodStart[k - 1]!) periodStart[k] = periodStart[k - 1]!;

  for (const [key, ids] of missingFx) {
    const [ccy, label] = key.split("\u0000");
    problems.push({
      path: `fx.${label}.${ccy}`,
      message: `no fx rate for ${ccy} in ${label} (needed by deal${ids.length > 1 ? "s" : ""} ${ids.slice(0, 3).join(", ")}${ids.length > 3 ? ", …" : ""})`,
      code: "missing_fx",
    });
  }
  return out;
}

/**
 * Deals of the evaluated periods by close date. Bucketing by date, then sorting each bucket by
 * id, is cheaper than one comparator sort.
 */
function bucketByCloseDate(cp: CProgram, data: Data, through: number): Map<string, Data["deals"]> {
  const buckets = new Map<string, Data["deals"]>();
  for (const d of data.deals) {
    const k = periodOfDate(d.close_date, cp.granularity);
    if (k < cp.first || k > through) continue;
    const b = buckets.get(d.close_date);
    if (b) b.push(d);
    else buckets.set(d.close_date, [d]);
  }
  return buckets;
}

/**
 * Pass 2: counting sort of each period's deals by partner (stable, so evaluation order is kept
 * within a partner). walk[w] is the evaluation index of the w-th deal in walk order; byDate is
 * its inverse.
 */
function walkOrder(
  resolved: ResolvedDeals,
  nPartners: number,
  nPeriods: number,
): { walk: Int32Array; byDate: Int32Array; byPartner: Prepared["byPartner"] } {
  const { periodStart, partner } = resolved;
  const n = resolved.src.length;
  const walk = new Int32Array(n);
  const byDate = new Int32Array(n);
  const byPartner: Prepared["byPartner"] = [];
  for (let k = 0; k < nPeriods; k++) {
    const s = periodStart[k]!;
    const e = periodStart[k + 1]!;
    const offsets = new Int32Array(nPartners + 1);
    for (let i = s; i < e; i++) offsets[partner[i]! + 1]!++;
    for (let p = 0; p < nPartners; p++) offsets[p + 1]! += offsets[p]!;
    const fill = offsets.slice(0, nPartners);
    const order = new Int32Array(e - s);
    for (let i = s; i < e; i++) {
      const w = s + fill[partner[i]!]!++;
      walk[w] = i;
      byDate[i] = w;
    }
    for (let j = 0; j < e - s; j++) order[j] = s + j;
    byPartner.push({ order, offsets });
  }
  return { walk, byDate, byPartner };
}

/**
 * Pass 3: the deal records in walk order, so the walk reads memory in allocation order (each
 * partner's deals of a period sit together instead of scattered by date).
 */
function buildDeals(
  cp: CProgram,
  resolved: ResolvedDeals,
  walk: Int32Array,
  fx: PeriodFx,
  clawbackDaysAt: ((period: number) => number | null) | undefined,
): PDeal[] {
  // Means are only needed when the scorecard uses them: skip parsing them otherwise.
  const useCsat = cp.scorecard.some((m) => m.metric === "csat");
  const useTtv = cp.scorecard.some((m) => m.metric === "time_to_value_days");
  const canonical = new RegExp(cp.digits === 0 ? "^\\d+$" : `^\\d+\\.\\d{${cp.digits}}$`);
  const n = resolved.src.length;
  const deals: PDeal[] = new Array(n);
  for (let w = 0; w < n; w++) {
    const i = walk[w]!;
    const d = resolved.src[i]!;
    const period = resolved.period[i]!;
    const rate = d.currency === cp.currency ? null : fx.get(period)!.get(d.currency)!;
    const amount = inProgramCurrency(d.amount, d.currency, rate, canonical);
    // Margins (spec §5) are converted like the amount, and only parsed when something reads them.
    const margin =
      cp.usesMargin && d.margin != null ? inProgramCurrency(d.margin, d.currency, rate, canonical) : null;
    let cancelPeriod = -1;
    let cancelDays = 0;
    const windowDays = clawbackDaysAt === undefined ? cp.clawbackDays : clawbackDaysAt(period);
    if (d.cancelled_on != null && windowDays !== null) {
      cancelDays = dayNumber(d.cancelled_on) - resolved.closeDay[i]!;
      if (cancelDays >= 0 && cancelDays <= windowDays)
        cancelPeriod = periodOfDate(d.cancelled_on, cp.granularity);
    }
    deals[w] = {
      order: i,
      id: d.id,
      partner: resolved.partner[i]!,
      bits: BIT[d.kind]! | BIT[d.stage]! | BIT[d.attribution]!,
      product: d.product ?? null,
      close: d.close_date,
      amount: amount.value,
      text: amount.text,
      fx: amount.fx,
      margin: margin?.value ?? null,
      marginText: margin?.text ?? null,
      marginFx: margin?.fx ?? null,
      cancelled: d.cancelled_on ?? null,
      cancelPeriod,
      cancelDays,
      csat: !useCsat || d.csat == null ? -1 : Math.round(d.csat * 1e6),
      ttv: !useTtv || d.time_to_value_days == null ? -1 : Math.round(d.time_to_value_days * 1e6),
    };
  }
  return deals;
}

/**
 * A deal amount in the program currency. `text`: the input itself when it is already canonical
 * (statements then print it as given, without formatting); `fx`: how a converted amount was
 * reached, for explanations.
 */
function inProgramCurrency(
  raw: string,
  currency: string,
  rate: { rate: Dec; text: string } | null,
  canonical: RegExp,
): { value: Dec; text: string | null; fx: string | null } {
  if (rate === null) return { value: new Dec(raw), text: canonical.test(raw) ? raw : null, fx: null };
  const orig = new Dec(raw);
  return {
    value: orig.times(rate.rate),
    text: null,
    fx: `${currency} ${money(orig, minorDigits(currency))} × ${rate.text} = `,
  };
}

/** Claims per period (relative), per partner index, in date then id order; others are ignored. */
function claimsByPeriod(
  cp: CProgram,
  data: Data,
  nPeriods: number,
  partnerIndex: Map<string, number>,
): Map<number, Claim[]>[] {
  const claims: Map<number, Claim[]>[] = Array.from({ length: nPeriods }, () => new Map());
  const sortedClaims = [...(data.claims ?? [])].sort(
    (a, b) => byString(a.date, b.date) || byString(a.id, b.id),
  );
  for (const c of sortedClaims) {
    const k = periodOfDate(c.date, cp.granularity) - cp.first;
    if (k < 0 || k >= nPeriods) continue;
    const p = partnerIndex.get(c.partner_id);
    if (p === undefined) continue;
    const m = claims[k]!;
    const list = m.get(p);
    if (list) list.push(c);
    else m.set(p, [c]);
  }
  return claims;
}

/**
 * Deals of one close date in id (UTF-16 code unit) order. The comparator-free sort of plain
 * strings uses the same order as `<` and is several times faster than a comparator.
 */
function sortById(bucket: Data["deals"]): Data["deals"] {
  // Exports usually list deals in id order already: one linear check saves the sort.
  let sorted = true;
  for (let i = 1; i < bucket.length; i++)
    if (!(bucket[i - 1]!.id < bucket[i]!.id)) {
      sorted = false;
      break;
    }
  if (sorted) return bucket;
  const byId = new Map<string, Data["deals"][number]>();
  const ids: string[] = new Array(bucket.length);
  for (let i = 0; i < bucket.length; i++) {
    const d = bucket[i]!;
    byId.set(d.id, d);
    ids[i] = d.id;
  }
  ids.sort();
  // Duplicate ids (data that skipped parseData): keep every deal, in a stable id order.
  if (byId.size !== bucket.length) return [...bucket].sort((a, b) => byString(a.id, b.id));
  return ids.map((id) => byId.get(id)!);
}
