// The data indexed once for the period walk: partners sorted by id, deals of the evaluated
// periods sorted by close date then id and grouped by period and partner, amounts converted.
import { BIT, type CProgram, type PDeal } from "./compile.ts";
import type { Claim, Data, Partner } from "./data-schema.ts";
import { Dec, minorDigits, money } from "./money.ts";
import { dayNumber, parsePeriodLabel, periodLabel, periodOfDate } from "./period.ts";
import { fail, ok, type Problem, type Result } from "./result.ts";

export interface Prepared {
  through: number;
  partners: Partner[];
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
  const g = cp.granularity;
  const nPeriods = through - cp.first + 1;

  const partnerOrder = data.partners.map((p, i) => ({ p, i })).sort((a, b) => byString(a.p.id, b.p.id));
  const partners = partnerOrder.map((x) => x.p);
  const partnerIndex = new Map<string, number>();
  for (const [i, p] of partners.entries()) partnerIndex.set(p.id, i);
  const initialTier = new Int32Array(partners.length);
  partnerOrder.forEach(({ p, i }, idx) => {
    if (p.initial_tier == null) return;
    const t = cp.tierNames.indexOf(p.initial_tier);
    if (t < 0)
      problems.push({
        path: `partners[${i}].initial_tier`,
        message: `unknown tier '${p.initial_tier}' (tiers: ${cp.tierNames.join(", ")})`,
        code: "unknown_tier",
      });
    else initialTier[idx] = t;
  });

  // fx by period index of the program's granularity; labels of another granularity never match.
  const fx = new Map<number, Map<string, { rate: Dec; text: string }>>();
  for (const [label, rates] of Object.entries(data.fx ?? {})) {
    const parsed = parsePeriodLabel(label);
    if (!parsed || parsed.granularity !== g) continue;
    const m = new Map<string, { rate: Dec; text: string }>();
    for (const [ccy, r] of Object.entries(rates)) m.set(ccy, { rate: new Dec(r), text: r });
    fx.set(parsed.index, m);
  }
  const missingFx = new Map<string, string[]>();

  // Bucket by close date, then sort each bucket by id: cheaper than one comparator sort.
  const buckets = new Map<string, Data["deals"]>();
  for (const d of data.deals) {
    const k = periodOfDate(d.close_date, g);
    if (k < cp.first || k > through) continue;
    const b = buckets.get(d.close_date);
    if (b) b.push(d);
    else buckets.set(d.close_date, [d]);
  }
  const dates = [...buckets.keys()].sort(byString);
  // Pass 1, in evaluation (date, id) order: resolve partners and fx, collect problems; no
  // objects yet, so the deal records can be created in walk order (pass 3).
  const src: Data["deals"] = [];
  const srcPartner: number[] = [];
  const srcPeriod: number[] = [];
  const srcCloseDay: number[] = [];
  const periodStart = new Int32Array(nPeriods + 1);
  for (const date of dates) {
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
      src.push(d);
      srcPartner.push(partner);
      srcPeriod.push(period);
      srcCloseDay.push(closeDay);
      periodStart[period - cp.first + 1] = src.length;
    }
  }
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
  if (problems.length > 0) return fail(problems);

  // Pass 2: counting sort of each period's deals by partner (stable, so evaluation order is
  // kept within a partner). walk[w] is the evaluation index of the w-th deal in walk order.
  const nPartners = partners.length;
  const n = src.length;
  const walk = new Int32Array(n);
  const byDate = new Int32Array(n);
  const byPartner: Prepared["byPartner"] = [];
  for (let k = 0; k < nPeriods; k++) {
    const s = periodStart[k]!;
    const e = periodStart[k + 1]!;
    const offsets = new Int32Array(nPartners + 1);
    for (let i = s; i < e; i++) offsets[srcPartner[i]! + 1]!++;
    for (let p = 0; p < nPartners; p++) offsets[p + 1]! += offsets[p]!;
    const fill = offsets.slice(0, nPartners);
    const order = new Int32Array(e - s);
    for (let i = s; i < e; i++) {
      const w = s + fill[srcPartner[i]!]!++;
      walk[w] = i;
      byDate[i] = w;
    }
    for (let j = 0; j < e - s; j++) order[j] = s + j;
    byPartner.push({ order, offsets });
  }

  // Pass 3: the deal records in walk order, so the walk reads memory in allocation order
  // (each partner's deals of a period sit together instead of scattered by date).
  // Means are only needed when the scorecard uses them: skip parsing them otherwise.
  const useCsat = cp.scorecard.some((m) => m.metric === "csat");
  const useTtv = cp.scorecard.some((m) => m.metric === "time_to_value_days");
  const canonical = new RegExp(cp.digits === 0 ? "^\\d+$" : `^\\d+\\.\\d{${cp.digits}}$`);
  const deals: PDeal[] = new Array(n);
  for (let w = 0; w < n; w++) {
    const i = walk[w]!;
    const d = src[i]!;
    const period = srcPeriod[i]!;
    let amount: Dec;
    let text: string | null = null;
    let fxText: string | null = null;
    if (d.currency === cp.currency) {
      amount = new Dec(d.amount);
      if (canonical.test(d.amount)) text = d.amount;
    } else {
      const rate = fx.get(period)!.get(d.currency)!;
      const orig = new Dec(d.amount);
      amount = orig.times(rate.rate);
      fxText = `${d.currency} ${money(orig, minorDigits(d.currency))} × ${rate.text} = `;
    }
    let cancelPeriod = -1;
    let cancelDays = 0;
    const windowDays = clawbackDaysAt === undefined ? cp.clawbackDays : clawbackDaysAt(period);
    if (d.cancelled_on != null && windowDays !== null) {
      cancelDays = dayNumber(d.cancelled_on) - srcCloseDay[i]!;
      if (cancelDays >= 0 && cancelDays <= windowDays) cancelPeriod = periodOfDate(d.cancelled_on, g);
    }
    deals[w] = {
      order: i,
      id: d.id,
      partner: srcPartner[i]!,
      bits: BIT[d.kind]! | BIT[d.stage]! | BIT[d.attribution]!,
      product: d.product ?? null,
      close: d.close_date,
      amount,
      text,
      fx: fxText,
      cancelled: d.cancelled_on ?? null,
      cancelPeriod,
      cancelDays,
      csat: !useCsat || d.csat == null ? -1 : Math.round(d.csat * 1e6),
      ttv: !useTtv || d.time_to_value_days == null ? -1 : Math.round(d.time_to_value_days * 1e6),
    };
  }

  const claims: Map<number, Claim[]>[] = Array.from({ length: nPeriods }, () => new Map());
  const sortedClaims = [...(data.claims ?? [])].sort(
    (a, b) => byString(a.date, b.date) || byString(a.id, b.id),
  );
  for (const c of sortedClaims) {
    const k = periodOfDate(c.date, g) - cp.first;
    if (k < 0 || k >= nPeriods) continue;
    const p = partnerIndex.get(c.partner_id);
    if (p === undefined) continue;
    const m = claims[k]!;
    const list = m.get(p);
    if (list) list.push(c);
    else m.set(p, [c]);
  }
  return ok({ through, partners, initialTier, deals, byDate, periodStart, byPartner, claims });
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
