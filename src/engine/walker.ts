// The period walk (spec §3): every period from the first to `through`, once, in order,
// carrying tiers, holdbacks, carry-forward, funds, SPIF budgets and pending clawbacks.
// Performance: state lives in one object's fields and the work is split into small methods,
// so V8 optimises each quickly and a deopt in one does not throw away the whole walk.
// Decimals are parsed once in prepare(); explanations are built only for emitted periods;
// per-deal scratch arrays are reused.

import { type Dec, money, roundMoney, ZERO } from "../../money/index.ts";
import { periodLabel } from "../period/index.ts";
import { type BandScratch, marginal, retroactive, retroTotals } from "./bands.ts";
import type { CComponent, CMultiplier, CProgram, CRate, CSpif, PDeal } from "./compile.ts";
import type { Partner } from "./data-schema.ts";
import { accrue, closeFunds, drawClaims, type FundBook, newFundBook } from "./funds.ts";
import { type GateContext, ineligibleReasons, unmet } from "./gates.ts";
import type { PeriodAttrs } from "./history.ts";
import { matchesPartner, TYPE_BIT } from "./partner-filter.ts";
import type { Prepared } from "./prepare.ts";
import { metricValues, periodStats, type Score, score } from "./scorecard.ts";
import { allocateSpif, EXCLUDED, type SpifOutcome, type SpifPool } from "./spif.ts";
import type { ClaimOutcome, LineKind, PartnerStatement, Statement, StatementLine } from "./statement.ts";
import { TierBook } from "./tier-book.ts";

const NO_MARGIN = "no margin on the deal";

interface Reversal {
  deal: PDeal;
  component: string;
  amount: Dec;
}

/**
 * Program versions (versions.ts): the compiled program of each walked period and its version
 * number. Absent for the single-program entry, whose walk is unchanged.
 */
export interface VersionSchedule {
  /** Per period relative to the first: the compiled program in effect. */
  cps: CProgram[];
  /** Per period relative to the first: its version number. */
  numbers: number[];
}

export function walkPeriods(
  cp: CProgram,
  prep: Prepared,
  emitFrom: number,
  schedule: VersionSchedule | null = null,
  withMetrics = false,
): Generator<Statement, void, void> {
  const w = new Walker(cp, prep, schedule);
  w.withMetrics = withMetrics;
  return w.run(emitFrom);
}

class Walker {
  // Replaced when a new program version takes effect (switchVersion); fixed otherwise.
  cp: CProgram;
  readonly prep: Prepared;
  readonly partners: Partner[];
  /** Per partner: attributes per period (spec §6), or null when they are its current values throughout. */
  readonly timeline: (PeriodAttrs[] | null)[];
  /** Partners with a timeline: their eligibility is decided period by period. */
  readonly historyPartners: number[];
  readonly deals: PDeal[];
  comps: CComponent[];
  readonly nP: number;
  nC: number;
  readonly nPeriods: number;
  readonly digits: number;
  retros: CRate[];
  spifs: CSpif[];
  reasons: string[][];
  readonly schedule: VersionSchedule | null;
  /** Versions only: per period, the earlier periods whose holdback is released in it. */
  readonly releaseFrom: number[][];
  /** Versions only: SPIF consumption per partner by component id, across versions. */
  readonly spifUsed = new Map<string, Dec[]>();
  /**
   * Per partner, notes for this period's statement: the held tier not in a new program version,
   * a tier carried to another ladder (spec §5). Sparse; none in a v1 program's single walk.
   */
  notes: (string[] | undefined)[] = [];

  // Carried state, per partner (and per partner × period for the histories).
  /** Tiers, ladders, grace and the tier-metric window (tier-book.ts). */
  readonly tiers: TierBook;
  readonly heldHist: Dec[];
  readonly prevNewExp: Dec[];
  readonly carry: Dec[];
  readonly books: (FundBook | null)[];
  spifPools: (SpifPool | null)[];
  readonly pending: Reversal[][][];
  readonly pendingPartner: number[][];

  // This period.
  k = 0;
  kr = 0;
  emit = false;
  scores: Score[] = [];
  gate: (string | null)[] = [];
  spifOut: Map<number, SpifOutcome>[] = [];

  // This partner-period.
  lines: StatementLine[] = [];
  /** Emit each partner's scorecard metric values (statement `metrics`); off unless asked for. */
  withMetrics = false;
  metrics: Record<string, string | null>[] = [];
  cash: Dec = ZERO;
  claw: Dec = ZERO;
  forfeit = false;
  tier = 0;
  gateBase = 0;

  // Per-deal scratch, reused.
  readonly amt: (Dec | null)[];
  readonly amtText: string[];
  readonly scratch: BandScratch;
  readonly accSum: Dec[];
  /** Per multiplier, per target: "factor 1.15 for score 87.20 on resale line ". */
  readonly multOn: string[][];
  readonly multFactor: Dec[];

  constructor(cp: CProgram, prep: Prepared, schedule: VersionSchedule | null) {
    this.cp = cp;
    this.schedule = schedule;
    this.prep = prep;
    this.partners = prep.partners;
    this.timeline = prep.timeline;
    this.historyPartners = [];
    for (let p = 0; p < prep.timeline.length; p++)
      if (prep.timeline[p] !== null) this.historyPartners.push(p);
    this.deals = prep.deals;
    this.comps = cp.components;
    const nP = prep.partners.length;
    const nC = cp.components.length;
    const nPeriods = prep.through - cp.first + 1;
    this.nP = nP;
    this.nC = nC;
    this.nPeriods = nPeriods;
    this.digits = cp.digits;
    this.retros = this.comps.filter((c): c is CRate => c.type === "rate" && !c.marginal);
    this.spifs = this.comps.filter((c): c is CSpif => c.type === "spif");
    this.reasons = this.partners.map((p) => ineligibleReasons(cp, p));
    this.tiers = new TierBook(prep, nP, nPeriods);
    this.heldHist = new Array(nP * nPeriods).fill(ZERO);
    this.prevNewExp = new Array(nP).fill(ZERO);
    this.carry = new Array(nP).fill(ZERO);
    this.books = new Array(nP).fill(null);
    this.spifPools = this.comps.map((c) =>
      c.type === "spif" ? { left: c.budget, used: new Array(nP).fill(ZERO) } : null,
    );
    this.pending = Array.from({ length: nPeriods }, () => []);
    this.pendingPartner = Array.from({ length: nPeriods }, () => []);
    // Scratch is indexed by component: wide enough for every version's components.
    const w = schedule === null ? nC : Math.max(...schedule.cps.map((v) => v.components.length));
    this.amt = new Array(w).fill(null);
    this.amtText = new Array(w).fill("");
    this.scratch = {
      att: new Array(w).fill(ZERO),
      band: new Int32Array(w),
      retroTotal: new Array(w).fill(ZERO),
      retroBand: new Int32Array(w),
      expl: new Array(w).fill(""),
    };
    this.accSum = new Array(w).fill(ZERO);
    this.multOn = new Array(w).fill([]);
    this.multFactor = new Array(w).fill(ZERO);
    this.releaseFrom = [];
    if (schedule !== null) {
      // A holdback is released after the release_after of the version it was held under.
      this.releaseFrom = Array.from({ length: nPeriods }, () => []);
      for (let j = 0; j < nPeriods; j++) {
        const r = schedule.cps[j]!.releaseAfter;
        if (r > 0 && j + r < nPeriods) this.releaseFrom[j + r]!.push(j);
      }
      for (const c of this.comps)
        if (c.type === "spif") this.spifUsed.set(c.id, this.spifPools[c.index]!.used);
    }
  }

  *run(emitFrom: number): Generator<Statement, void, void> {
    const cp = this.cp;
    for (let kr = 0; kr < this.nPeriods; kr++) {
      this.kr = kr;
      this.k = cp.first + kr;
      this.emit = this.k >= emitFrom;
      const sched = this.schedule;
      this.notes = [];
      if (sched !== null && sched.cps[kr] !== this.cp) this.switchVersion(sched.cps[kr]!, sched.numbers[kr]!);
      const { order, offsets } = this.prep.byPartner[kr]!;
      this.periodStart(order, offsets);
      const landing = this.landing(kr);
      const out: PartnerStatement[] = [];
      for (let p = 0; p < this.nP; p++) {
        const st = this.partnerPeriod(p, order, offsets[p]!, offsets[p + 1]!, landing.get(p));
        if (st !== null) out.push(st);
      }
      if (this.emit)
        yield sched === null
          ? {
              program: cp.name,
              period: periodLabel(this.k, cp.granularity),
              currency: cp.currency,
              partners: out,
            }
          : {
              program: this.cp.name,
              program_version: sched.numbers[kr]!,
              period: periodLabel(this.k, cp.granularity),
              currency: cp.currency,
              partners: out,
            };
    }
  }

  /**
   * A new program version takes effect at this period's start. State carries by name: the held
   * tier (the lowest level when its name is gone, with a note), SPIF consumption by component
   * id. Grace counters, holdback histories, carry-forward, fund lots (merged fund indices, see
   * versions.ts) and pending clawbacks are per partner and carry as they are.
   */
  switchVersion(next: CProgram, version: number): void {
    const prev = this.cp;
    for (let p = 0; p < this.nP; p++) {
      // The partner's ladder in the new version, by its attributes in this period.
      this.tiers.choose(next, p, TYPE_BIT[this.attrs(p).type]!, this.partners[p]!.id);
      const note = this.tiers.switchVersion(prev, next, p, version);
      if (note !== null) this.note(p, note);
    }
    this.cp = next;
    this.comps = next.components;
    this.nC = next.components.length;
    this.retros = this.comps.filter((c): c is CRate => c.type === "rate" && !c.marginal);
    this.spifs = this.comps.filter((c): c is CSpif => c.type === "spif");
    this.reasons = this.partners.map((p) => ineligibleReasons(next, p));
    this.spifPools = this.comps.map((c) => {
      if (c.type !== "spif") return null;
      let used = this.spifUsed.get(c.id);
      if (used === undefined) {
        used = new Array(this.nP).fill(ZERO);
        this.spifUsed.set(c.id, used);
      }
      if (c.budget === null) return { left: null, used };
      let consumed = ZERO;
      for (const u of used) if (!u.isZero()) consumed = consumed.plus(u);
      const left = c.budget.minus(consumed);
      return { left: left.isNegative() ? ZERO : left, used };
    });
  }

  /** The partner's attributes in this period: its history's (spec §6), else its current values. */
  attrs(p: number): PeriodAttrs {
    const t = this.timeline[p];
    return t === null || t === undefined ? this.partners[p]! : t[this.kr]!;
  }

  /** Statistics, score and gates per partner (they do not depend on earnings); then SPIFs. */
  periodStart(order: Int32Array, offsets: Int32Array): void {
    const { cp, nP, nC, kr } = this;
    // Eligibility by the values in effect in this period (spec §6); the rest keep the version's.
    for (const p of this.historyPartners) this.reasons[p] = ineligibleReasons(cp, this.timeline[p]![kr]!);
    this.scores = new Array(nP);
    this.gate = new Array(nP * nC).fill(null);
    const tiers = this.tiers;
    for (let p = 0; p < nP; p++) {
      const attrs = this.attrs(p);
      const id = this.partners[p]!.id;
      const typeBit = TYPE_BIT[attrs.type]!;
      // The ladder of this period (spec §5): a change is carried over at the period's end.
      if (cp.fixedLadder < 0) tiers.choose(cp, p, typeBit, id);
      const tier = tiers.tier(cp, p);
      const st = periodStats(tiers.ladder(cp, p), this.deals, order, offsets[p]!, offsets[p + 1]!);
      const applies = cp.scoreFiltered ? this.scoreMask(typeBit, id, tier) : -1;
      const sc = score(cp, st, this.prevNewExp[p]!, applies);
      this.scores[p] = sc;
      if (this.withMetrics) this.metrics[p] = metricValues(cp, st, this.prevNewExp[p]!, applies);
      this.prevNewExp[p] = st.newExpansionWon;
      tiers.record(cp, p, kr, st);
      const ctx: GateContext = {
        certifications: attrs.certifications,
        renewalWon: st.renewalWon,
        renewalAll: st.renewalAll,
        score: sc.value,
        tier,
      };
      for (const c of this.comps) {
        // A component whose partner filter the partner does not match gives it no lines (§5).
        if (c.partners !== null && !matchesPartner(c.partners, typeBit, id, tier)) {
          this.gate[p * nC + c.index] = EXCLUDED;
          continue;
        }
        if (!c.requires) continue;
        const r = unmet(c.requires, ctx, cp.tierNames);
        if (r.length > 0) this.gate[p * nC + c.index] = `gate not met: ${r.join("; ")}`;
      }
    }
    // SPIF budgets are shared by all partners, taken in deal order.
    this.spifOut = [];
    const blocked = (c: CSpif) => (p: number) => {
      const g = this.gate[p * nC + c.index] ?? null;
      if (g === EXCLUDED) return EXCLUDED;
      if (this.reasons[p]!.length > 0) return "not eligible: takes no SPIF budget";
      return g === null ? null : `${g}; takes no SPIF budget`;
    };
    for (const c of this.spifs)
      this.spifOut[c.index] = allocateSpif(
        c,
        this.deals,
        this.prep.byDate,
        this.prep.periodStart[kr]!,
        this.prep.periodStart[kr + 1]!,
        blocked(c),
        this.spifPools[c.index]!,
        this.digits,
      );
  }

  /** Clawbacks registered by earlier periods that land in this one, per partner. */
  landing(kr: number): Map<number, Reversal[]> {
    const landing = new Map<number, Reversal[]>();
    const pend = this.pending[kr]!;
    const pendP = this.pendingPartner[kr]!;
    for (let i = 0; i < pend.length; i++) {
      const list = landing.get(pendP[i]!);
      if (list) list.push(...pend[i]!);
      else landing.set(pendP[i]!, [...pend[i]!]);
    }
    this.pending[kr] = [];
    return landing;
  }

  partnerPeriod(
    p: number,
    order: Int32Array,
    s: number,
    e: number,
    landing: Reversal[] | undefined,
  ): PartnerStatement | null {
    const { cp, digits, kr, emit, nPeriods } = this;
    const partner = this.partners[p]!;
    const forfeit = this.reasons[p]!.length > 0;
    const tier = this.tiers.tier(cp, p);
    const sc = this.scores[p]!;
    this.lines = [];
    this.cash = ZERO;
    this.claw = ZERO;
    this.forfeit = forfeit;
    this.tier = tier;
    this.gateBase = p * this.nC;
    if (landing) for (const r of landing) this.reverse(r);
    for (let c = 0; c < this.nC; c++) {
      this.scratch.att[c] = ZERO;
      this.scratch.band[c] = 0;
      this.accSum[c] = ZERO;
      const comp = this.comps[c]!;
      if (comp.type === "multiplier") this.setupMultiplier(comp, sc);
    }
    if (this.retros.length > 0) retroTotals(this.retros, this.deals, order, s, e, this.scratch);
    for (let i = s; i < e; i++) this.deal(this.deals[order[i]!]!, p);

    let capAmount = ZERO;
    const cash = this.cash;
    if (cp.cap !== null && cash.greaterThan(cp.cap)) {
      capAmount = cp.cap.minus(cash);
      if (emit)
        this.push(
          "cap",
          "cap",
          null,
          money(capAmount, digits),
          `cap ${cp.capText}: lines total ${money(cash, digits)}`,
        );
    }
    const claw = this.claw;
    const earned = forfeit ? claw : cash.plus(capAmount).plus(claw);
    const h = p * nPeriods + kr;
    const heldBack =
      cp.holdbackRate !== null && earned.greaterThan(0)
        ? roundMoney(earned.times(cp.holdbackRate), digits)
        : ZERO;
    this.heldHist[h] = heldBack;
    const released =
      this.schedule === null
        ? cp.releaseAfter > 0 && kr >= cp.releaseAfter
          ? this.heldHist[h - cp.releaseAfter]!
          : ZERO
        : this.releasedAt(p);
    let payable = earned.minus(heldBack).plus(released).plus(this.carry[p]!);
    let carryForward = ZERO;
    if (payable.isNegative()) {
      carryForward = payable;
      payable = ZERO;
    }
    this.carry[p] = carryForward;

    const { funds, claims } = this.funds(p);
    const t = this.tierFor(p, sc);
    if (!emit) return null;
    const ladder = this.tiers.ladder(cp, p);
    const st: PartnerStatement = {
      partner_id: partner.id,
      ...(cp.namedLadders ? { ladder: ladder.label } : {}),
      tier: cp.tierNames[tier]!,
      qualified_tier: ladder.names[t.qualified]!,
      next_tier: t.nextTier,
      gap_to_next_tier: t.gap,
      missing_for_next_tier: t.missing,
      score: sc.text,
      eligible: !forfeit,
      ineligible_reasons: this.reasons[p]!,
      earned: money(earned, digits),
      held_back: money(heldBack, digits),
      released: money(released, digits),
      clawed_back: money(claw, digits),
      carry_forward: money(carryForward, digits),
      payable: money(payable, digits),
      funds,
      claims,
      lines: this.lines,
    };
    const notes = this.notes[p];
    if (notes !== undefined) st.notes = notes;
    if (this.withMetrics && cp.scorecard.length > 0) st.metrics = this.metrics[p] ?? {};
    return st;
  }

  /** Versions only: holdbacks of earlier periods due now, each after its own version's release_after. */
  releasedAt(p: number): Dec {
    let sum = ZERO;
    for (const j of this.releaseFrom[this.kr]!) {
      const v = this.heldHist[p * this.nPeriods + j]!;
      if (!v.isZero()) sum = sum.plus(v);
    }
    return sum;
  }

  /** One deal's lines: amounts of every component first, then lines in component order. */
  deal(d: PDeal, p: number): void {
    const { comps, nC, amt, amtText, digits, emit, forfeit, scratch } = this;
    const expl = scratch.expl;
    const gateBase = this.gateBase;
    for (let c = 0; c < nC; c++) {
      const comp = comps[c]!;
      amt[c] = null;
      if (comp.type === "multiplier") continue;
      // The filter inline: three mask tests, and a call only for product/amount/date filters.
      const bits = d.bits;
      if ((bits & comp.kindMask) === 0 || (bits & comp.stageMask) === 0 || (bits & comp.attrMask) === 0)
        continue;
      if (comp.extra !== null && !comp.extra(d)) continue;
      const g = this.gate[gateBase + c] ?? null;
      if (g === EXCLUDED) continue;
      let raw: Dec;
      if (comp.margin && d.margin === null) {
        // Margin basis, no margin on the deal: 0.00 (spec §5); marginal attainment unchanged.
        amt[c] = ZERO;
        expl[c] = g ?? NO_MARGIN;
        if (emit) amtText[c] = money(ZERO, digits);
        continue;
      }
      switch (comp.type) {
        case "rate": {
          const value = comp.margin ? d.margin! : d.amount;
          const lead = emit && g === null ? (comp.margin ? this.marginText(d) : this.dealText(d)) : null;
          raw = comp.marginal
            ? marginal(comp, c, value, scratch, g !== null, lead, d.fx !== null || comp.margin, digits)
            : retroactive(comp, c, value, scratch, lead, digits);
          break;
        }
        case "tier_rate":
          raw = (comp.margin ? d.margin! : d.amount).times(comp.rates[this.tier]!);
          if (emit && g === null)
            expl[c] = (comp.margin ? this.marginText(d) : this.dealText(d)) + comp.tierSuffix[this.tier]!;
          break;
        case "spif": {
          const o = this.spifOut[c]!.get(d.order)!;
          raw = o.amount;
          expl[c] = o.explanation;
          break;
        }
        case "accrual":
          raw = (comp.margin ? d.margin! : d.amount).times(comp.rate);
          if (emit && g === null)
            expl[c] = (comp.margin ? this.marginText(d) : this.dealText(d)) + comp.suffix;
          break;
      }
      if (g !== null && comp.type !== "spif") {
        amt[c] = ZERO;
        expl[c] = g;
      } else amt[c] = roundMoney(raw, digits);
      if (emit) amtText[c] = money(amt[c]!, digits);
    }

    const track = d.cancelPeriod >= 0 && !forfeit && d.cancelPeriod <= this.prep.through;
    let reversals: Reversal[] | null = null;
    for (let c = 0; c < nC; c++) {
      const comp = comps[c]!;
      if (comp.type === "multiplier") {
        const g = this.gate[gateBase + c] ?? null;
        if (g === EXCLUDED) continue;
        for (let ti = 0; ti < comp.targets.length; ti++) {
          const t = comp.targets[ti]!;
          const base = amt[t];
          if (base === null || base === undefined) continue;
          // Factor 1 (or no score) adds exactly zero: no product, no rounding, no sum.
          const f = this.multFactor[c]!;
          const a = g === null && !f.isZero() ? roundMoney(base.times(f), digits) : ZERO;
          if (!a.isZero()) this.cash = this.cash.plus(a);
          if (emit)
            this.push(comp.id, "multiplier", d.id, money(a, digits), g ?? this.multOn[c]![ti]! + amtText[t]);
          if (track && !a.isZero()) {
            reversals ??= [];
            reversals.push({ deal: d, component: comp.id, amount: a });
          }
        }
        continue;
      }
      const a = amt[c];
      if (a === null || a === undefined) continue;
      if (comp.type === "accrual") {
        if (!forfeit && !a.isZero()) this.accSum[c] = this.accSum[c]!.plus(a);
      } else if (!a.isZero()) {
        this.cash = this.cash.plus(a);
        if (track && !a.isZero()) {
          reversals ??= [];
          reversals.push({ deal: d, component: comp.id, amount: a });
        }
      }
      if (emit) this.push(comp.id, comp.type, d.id, amtText[c]!, expl[c]!);
    }
    if (reversals !== null) {
      if (d.cancelPeriod === this.k) for (const r of reversals) this.reverse(r);
      else {
        this.pending[d.cancelPeriod - this.cp.first]!.push(reversals);
        this.pendingPartner[d.cancelPeriod - this.cp.first]!.push(p);
      }
    }
  }

  push(component: string, kind: LineKind, dealId: string | null, amount: string, explanation: string): void {
    const line: StatementLine = { component, kind, deal_id: dealId, amount, explanation };
    // Clawbacks reverse counted lines and are never forfeited.
    if (this.forfeit && kind !== "clawback") line.forfeited = true;
    this.lines.push(line);
  }

  reverse(r: Reversal): void {
    const a = r.amount.negated();
    this.claw = this.claw.plus(a);
    if (this.emit) {
      const d = r.deal;
      this.push(
        r.component,
        "clawback",
        d.id,
        money(a, this.digits),
        `reverses ${r.component} line ${money(r.amount, this.digits)}: cancelled ${d.cancelled} (${d.cancelDays} days after close ${d.close})`,
      );
    }
  }

  dealText(d: PDeal): string {
    if (d.text === null) d.text = money(d.amount, this.digits);
    return d.fx === null ? d.text : d.fx + d.text;
  }

  /** "margin 24000.00", "margin EUR 21818.18 × 1.10 = 24000.00" (spec §5: explanations say margin). */
  marginText(d: PDeal): string {
    if (d.marginText === null) d.marginText = money(d.margin!, this.digits);
    return d.marginFx === null ? `margin ${d.marginText}` : `margin ${d.marginFx}${d.marginText}`;
  }

  setupMultiplier(m: CMultiplier, sc: Score): void {
    const c = m.index;
    if (sc.value === null) {
      this.multFactor[c] = ZERO;
      if (this.emit)
        this.setMultOn(
          m,
          `factor 1 (no score${sc.missing.length > 0 ? `: no data for ${sc.missing.join(", ")}` : ""})`,
        );
      return;
    }
    let f = 0;
    while (f + 1 < m.froms.length && !m.froms[f + 1]!.greaterThan(sc.value)) f++;
    this.multFactor[c] = m.factorsMinusOne[f]!;
    if (this.emit)
      this.setMultOn(
        m,
        `factor ${m.factorText[f]} for score ${sc.text}${sc.missing.length > 0 ? ` (no data: ${sc.missing.join(", ")})` : ""}`,
      );
  }

  setMultOn(m: CMultiplier, prefix: string): void {
    this.multOn[m.index] = m.targets.map((t) => `${prefix} on ${this.comps[t]!.id} line `);
  }

  /** This period's accruals, then its claims, then expiry; balances at the period's end. */
  funds(p: number): { funds: Record<string, string>; claims: ClaimOutcome[] } {
    const { cp, digits, k } = this;
    const claimList = this.prep.claims[this.kr]!.get(p);
    if (cp.funds.length === 0 && !claimList) return { funds: {}, claims: [] };
    let book = this.books[p] ?? null;
    for (const comp of this.comps) {
      if (comp.type !== "accrual" || !this.accSum[comp.index]!.greaterThan(0)) continue;
      book ??= newFundBook(cp.funds.length);
      accrue(book, comp.fund, k, comp.expiresAfter, this.accSum[comp.index]!);
    }
    let claims: ClaimOutcome[] = [];
    if (claimList) {
      book ??= newFundBook(cp.funds.length);
      claims = drawClaims(book, cp.funds, claimList, digits);
    }
    this.books[p] = book;
    const funds = book
      ? closeFunds(book, cp.funds, k, digits)
      : Object.fromEntries(cp.funds.map((f) => [f, money(ZERO, digits)]));
    return { funds, claims };
  }

  /**
   * Tier for the next period, from the window ending here. A partner whose ladder changed in this
   * period first has its tier carried over to the new ladder (spec §5; tier-book.ts).
   */
  tierFor(p: number, sc: Score) {
    const { cp, kr, tiers } = this;
    const attrs = this.attrs(p);
    if (tiers.ladderNow[p] !== tiers.ladderOf[p]) this.note(p, tiers.carry(cp, p, kr, attrs.type));
    return tiers.evaluate(cp, p, kr, { certifications: attrs.certifications, score: sc.value });
  }

  note(p: number, text: string): void {
    const list = this.notes[p];
    if (list === undefined) this.notes[p] = [text];
    else list.push(text);
  }

  /** Bit i set when scorecard metric i counts for the partner (spec §5 `partners:`). */
  scoreMask(typeBit: number, id: string, tier: number): number {
    let mask = 0;
    const card = this.cp.scorecard;
    for (let i = 0; i < card.length; i++) {
      const f = card[i]!.partners;
      if (f === null || matchesPartner(f, typeBit, id, tier)) mask |= 1 << i;
    }
    return mask;
  }
}
