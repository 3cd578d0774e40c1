// The period walk (spec §3): every period from the first to `through`, once, in order,
// carrying tiers, holdbacks, carry-forward, funds, SPIF budgets and pending clawbacks.
// Performance: state lives in one object's fields and the work is split into small methods,
// so V8 optimises each quickly and a deopt in one does not throw away the whole walk.
// Decimals are parsed once in prepare(); explanations are built only for emitted periods;
// per-deal scratch arrays are reused.
import type { CComponent, CMultiplier, CProgram, CRate, CSpif, PDeal } from "./compile.ts";
import type { Partner } from "./data-schema.ts";
import { accrue, closeFunds, drawClaims, type FundBook, newFundBook } from "./funds.ts";
import { type GateContext, ineligibleReasons, unmet } from "./gates.ts";
import { type Dec, money, roundMoney, ZERO } from "./money.ts";
import { periodLabel } from "./period.ts";
import type { Prepared } from "./prepare.ts";
import { periodStats, type Score, score } from "./scorecard.ts";
import type { ClaimOutcome, LineKind, PartnerStatement, Statement, StatementLine } from "./statement.ts";
import { evaluateTier } from "./tiers.ts";

interface Reversal {
  deal: PDeal;
  component: string;
  amount: Dec;
}

interface SpifOutcome {
  amount: Dec;
  explanation: string;
}

export function walkPeriods(
  cp: CProgram,
  prep: Prepared,
  emitFrom: number,
): Generator<Statement, void, void> {
  return new Walker(cp, prep).run(emitFrom);
}

class Walker {
  readonly cp: CProgram;
  readonly prep: Prepared;
  readonly partners: Partner[];
  readonly deals: PDeal[];
  readonly comps: CComponent[];
  readonly nP: number;
  readonly nC: number;
  readonly nPeriods: number;
  readonly digits: number;
  readonly hasRetro: boolean;
  readonly spifs: CSpif[];
  readonly reasons: string[][];

  // Carried state, per partner (and per partner × period for the histories).
  readonly held: Int32Array;
  readonly below: Int32Array;
  readonly metricHist: Dec[];
  readonly renWonHist: Dec[];
  readonly renAllHist: Dec[];
  readonly heldHist: Dec[];
  readonly prevNewExp: Dec[];
  readonly carry: Dec[];
  readonly books: (FundBook | null)[];
  readonly spifLeft: (Dec | null)[];
  readonly spifUsed: Dec[][];
  readonly pending: Reversal[][][];
  readonly pendingPartner: number[][];
  readonly metricAdjust = new Map<number, Dec>();

  // This period.
  k = 0;
  kr = 0;
  emit = false;
  scores: Score[] = [];
  gate: (string | null)[] = [];
  spifOut: Map<number, SpifOutcome>[] = [];

  // This partner-period.
  lines: StatementLine[] = [];
  cash: Dec = ZERO;
  claw: Dec = ZERO;
  forfeit = false;
  tier = 0;
  gateBase = 0;

  // Per-deal scratch, reused.
  readonly amt: (Dec | null)[];
  readonly amtText: string[];
  readonly expl: string[];
  readonly att: Dec[];
  readonly band: Int32Array;
  readonly retroBand: Int32Array;
  readonly retroTotal: Dec[];
  readonly accSum: Dec[];
  /** Per multiplier, per target: "factor 1.15 for score 87.20 on resale line ". */
  readonly multOn: string[][];
  readonly multFactor: Dec[];

  constructor(cp: CProgram, prep: Prepared) {
    this.cp = cp;
    this.prep = prep;
    this.partners = prep.partners;
    this.deals = prep.deals;
    this.comps = cp.components;
    const nP = prep.partners.length;
    const nC = cp.components.length;
    const nPeriods = prep.through - cp.first + 1;
    this.nP = nP;
    this.nC = nC;
    this.nPeriods = nPeriods;
    this.digits = cp.digits;
    this.hasRetro = this.comps.some((c) => c.type === "rate" && !c.marginal);
    this.spifs = this.comps.filter((c): c is CSpif => c.type === "spif");
    this.reasons = this.partners.map((p) => ineligibleReasons(cp, p));
    this.held = Int32Array.from(prep.initialTier);
    this.below = new Int32Array(nP);
    this.metricHist = new Array(nP * nPeriods).fill(ZERO);
    this.renWonHist = new Array(nP * nPeriods).fill(ZERO);
    this.renAllHist = new Array(nP * nPeriods).fill(ZERO);
    this.heldHist = new Array(nP * nPeriods).fill(ZERO);
    this.prevNewExp = new Array(nP).fill(ZERO);
    this.carry = new Array(nP).fill(ZERO);
    this.books = new Array(nP).fill(null);
    this.spifLeft = this.comps.map((c) => (c.type === "spif" ? c.budget : null));
    this.spifUsed = this.comps.map((c) => (c.type === "spif" ? new Array(nP).fill(ZERO) : []));
    this.pending = Array.from({ length: nPeriods }, () => []);
    this.pendingPartner = Array.from({ length: nPeriods }, () => []);
    this.amt = new Array(nC).fill(null);
    this.amtText = new Array(nC).fill("");
    this.expl = new Array(nC).fill("");
    this.att = new Array(nC).fill(ZERO);
    this.band = new Int32Array(nC);
    this.retroBand = new Int32Array(nC);
    this.retroTotal = new Array(nC).fill(ZERO);
    this.accSum = new Array(nC).fill(ZERO);
    this.multOn = new Array(nC).fill([]);
    this.multFactor = new Array(nC).fill(ZERO);
    // A clawed-back deal leaves the tier metric in the period its clawback lands in (history
    // already evaluated is not rewritten; windows spanning both periods net to zero).
    for (const d of this.deals) {
      if (d.cancelPeriod < 0 || d.cancelPeriod > prep.through || !cp.tierMetric(d)) continue;
      const key = d.partner * nPeriods + (d.cancelPeriod - cp.first);
      this.metricAdjust.set(key, (this.metricAdjust.get(key) ?? ZERO).minus(d.amount));
    }
  }

  *run(emitFrom: number): Generator<Statement, void, void> {
    const cp = this.cp;
    for (let kr = 0; kr < this.nPeriods; kr++) {
      this.kr = kr;
      this.k = cp.first + kr;
      this.emit = this.k >= emitFrom;
      const { order, offsets } = this.prep.byPartner[kr]!;
      this.periodStart(order, offsets);
      const landing = this.landing(kr);
      const out: PartnerStatement[] = [];
      for (let p = 0; p < this.nP; p++) {
        const st = this.partnerPeriod(p, order, offsets[p]!, offsets[p + 1]!, landing.get(p));
        if (st !== null) out.push(st);
      }
      if (this.emit)
        yield {
          program: cp.name,
          period: periodLabel(this.k, cp.granularity),
          currency: cp.currency,
          partners: out,
        };
    }
  }

  /** Statistics, score and gates per partner (they do not depend on earnings); then SPIFs. */
  periodStart(order: Int32Array, offsets: Int32Array): void {
    const { cp, nP, nC, kr, nPeriods } = this;
    this.scores = new Array(nP);
    this.gate = new Array(nP * nC).fill(null);
    for (let p = 0; p < nP; p++) {
      const st = periodStats(cp, this.deals, order, offsets[p]!, offsets[p + 1]!);
      const sc = score(cp, st, this.prevNewExp[p]!);
      this.scores[p] = sc;
      this.prevNewExp[p] = st.newExpansionWon;
      const h = p * nPeriods + kr;
      const adjust = this.metricAdjust.get(h);
      this.metricHist[h] = adjust === undefined ? st.tierMetric : st.tierMetric.plus(adjust);
      this.renWonHist[h] = st.renewalWon;
      this.renAllHist[h] = st.renewalAll;
      const ctx: GateContext = {
        certifications: this.partners[p]!.certifications,
        renewalWon: st.renewalWon,
        renewalAll: st.renewalAll,
        score: sc.value,
        tier: this.held[p]!,
      };
      for (const c of this.comps) {
        if (!c.requires) continue;
        const r = unmet(c.requires, ctx, cp.tierNames);
        if (r.length > 0) this.gate[p * nC + c.index] = `gate not met: ${r.join("; ")}`;
      }
    }
    // SPIF budgets are shared by all partners, taken in deal order.
    this.spifOut = [];
    for (const c of this.spifs)
      this.spifOut[c.index] = this.allocateSpif(
        c,
        this.prep.periodStart[kr]!,
        this.prep.periodStart[kr + 1]!,
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

  /** Each matching deal of the period, in deal order, takes `amount` while the budget lasts. */
  allocateSpif(c: CSpif, s: number, e: number): Map<number, SpifOutcome> {
    const outcomes = new Map<number, SpifOutcome>();
    const used = this.spifUsed[c.index]!;
    const digits = this.digits;
    for (let i = s; i < e; i++) {
      const d = this.deals[i]!;
      if (!c.match(d)) continue;
      const p = d.partner;
      const g = this.gate[p * this.nC + c.index] ?? null;
      const left = this.spifLeft[c.index] ?? null;
      let explanation: string;
      let amount = ZERO;
      if (this.reasons[p]!.length > 0) explanation = "not eligible: takes no SPIF budget";
      else if (g !== null) explanation = `${g}; takes no SPIF budget`;
      else if (c.max !== null && used[p]!.plus(c.amount).greaterThan(c.max))
        explanation = `max per partner reached (${money(used[p]!, digits)} of ${c.maxText} already earned)`;
      else if (left?.lessThan(c.amount))
        explanation = `budget exhausted (remaining ${money(left, digits)} < ${c.amountText})`;
      else {
        amount = c.amount;
        used[p] = used[p]!.plus(c.amount);
        if (left !== null) {
          const rest = left.minus(c.amount);
          this.spifLeft[c.index] = rest;
          explanation = `SPIF ${c.amountText} (budget remaining ${money(rest, digits)})`;
        } else explanation = `SPIF ${c.amountText}`;
      }
      outcomes.set(d.order, { amount, explanation });
    }
    return outcomes;
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
    const tier = this.held[p]!;
    const sc = this.scores[p]!;
    this.lines = [];
    this.cash = ZERO;
    this.claw = ZERO;
    this.forfeit = forfeit;
    this.tier = tier;
    this.gateBase = p * this.nC;
    if (landing) for (const r of landing) this.reverse(r);
    for (let c = 0; c < this.nC; c++) {
      this.att[c] = ZERO;
      this.band[c] = 0;
      this.accSum[c] = ZERO;
      const comp = this.comps[c]!;
      if (comp.type === "multiplier") this.setupMultiplier(comp, sc);
    }
    if (this.hasRetro) this.retroTotals(order, s, e);
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
      cp.releaseAfter > 0 && kr >= cp.releaseAfter ? this.heldHist[h - cp.releaseAfter]! : ZERO;
    let payable = earned.minus(heldBack).plus(released).plus(this.carry[p]!);
    let carryForward = ZERO;
    if (payable.isNegative()) {
      carryForward = payable;
      payable = ZERO;
    }
    this.carry[p] = carryForward;

    const { funds, claims } = this.funds(p);
    const t = this.tierFor(p, tier, sc);
    if (!emit) return null;
    return {
      partner_id: partner.id,
      tier: cp.tierNames[tier]!,
      qualified_tier: cp.tierNames[t.qualified]!,
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
  }

  /** One deal's lines: amounts of every component first, then lines in component order. */
  deal(d: PDeal, p: number): void {
    const { comps, nC, amt, expl, amtText, digits, emit, forfeit } = this;
    const gateBase = this.gateBase;
    for (let c = 0; c < nC; c++) {
      const comp = comps[c]!;
      amt[c] = null;
      if (comp.type === "multiplier" || !comp.match(d)) continue;
      const g = this.gate[gateBase + c] ?? null;
      let raw: Dec;
      switch (comp.type) {
        case "rate":
          raw = comp.marginal ? this.marginal(comp, c, d, g !== null) : this.retro(comp, c, d, g !== null);
          break;
        case "tier_rate":
          raw = d.amount.times(comp.rates[this.tier]!);
          if (emit && g === null) expl[c] = this.dealText(d) + comp.tierSuffix[this.tier]!;
          break;
        case "spif": {
          const o = this.spifOut[c]!.get(d.order)!;
          raw = o.amount;
          expl[c] = o.explanation;
          break;
        }
        case "accrual":
          raw = d.amount.times(comp.rate);
          if (emit && g === null) expl[c] = this.dealText(d) + comp.suffix;
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
        for (let ti = 0; ti < comp.targets.length; ti++) {
          const t = comp.targets[ti]!;
          const base = amt[t];
          if (base === null || base === undefined) continue;
          const a = g === null ? roundMoney(base.times(this.multFactor[c]!), digits) : ZERO;
          this.cash = this.cash.plus(a);
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
        if (!forfeit) this.accSum[c] = this.accSum[c]!.plus(a);
      } else {
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

  retroTotals(order: Int32Array, s: number, e: number): void {
    const { comps, nC, retroTotal } = this;
    for (let c = 0; c < nC; c++) retroTotal[c] = ZERO;
    for (let i = s; i < e; i++) {
      const d = this.deals[order[i]!]!;
      for (const comp of comps)
        if (comp.type === "rate" && !comp.marginal && comp.match(d))
          retroTotal[comp.index] = retroTotal[comp.index]!.plus(d.amount);
    }
    for (const comp of comps) {
      if (comp.type !== "rate" || comp.marginal) continue;
      let b = 0;
      while (b + 1 < comp.froms.length && !comp.froms[b + 1]!.greaterThan(retroTotal[comp.index]!)) b++;
      this.retroBand[comp.index] = b;
    }
  }

  /** Retroactive: every matching deal earns amount × the rate of the band the period total is in. */
  retro(comp: CRate, c: number, d: PDeal, gated: boolean): Dec {
    const b = this.retroBand[c]!;
    if (this.emit && !gated)
      this.expl[c] =
        `${this.dealText(d)} at ${comp.rateText[b]} (period total ${money(this.retroTotal[c]!, this.digits)}, band from ${comp.fromText[b]})`;
    return d.amount.times(comp.rates[b]!);
  }

  /** Marginal split of one deal over the bands; advances the component's attainment. */
  marginal(comp: CRate, c: number, d: PDeal, gated: boolean): Dec {
    if (comp.froms.length === 1) {
      // One band from 0: every deal earns its rate; attainment cannot change anything.
      if (gated) return ZERO;
      if (this.emit) this.expl[c] = this.dealText(d) + comp.bandSuffix[0]!;
      return d.amount.times(comp.rates[0]!);
    }
    const a = this.att[c]!;
    const b = a.plus(d.amount);
    this.att[c] = b;
    if (gated) return ZERO;
    const froms = comp.froms;
    const n = froms.length;
    let bi = this.band[c]!;
    while (bi + 1 < n && !froms[bi + 1]!.greaterThan(a)) bi++;
    if (bi + 1 === n || !b.greaterThan(froms[bi + 1]!)) {
      this.band[c] = bi;
      if (this.emit) this.expl[c] = this.dealText(d) + comp.bandSuffix[bi]!;
      return d.amount.times(comp.rates[bi]!);
    }
    let lo = a;
    let raw = ZERO;
    let text = "";
    for (;;) {
      const next = bi + 1 < n ? froms[bi + 1]! : null;
      const hi = next !== null && b.greaterThan(next) ? next : b;
      const part = hi.minus(lo);
      raw = raw.plus(part.times(comp.rates[bi]!));
      if (this.emit) text += `${text === "" ? "" : " + "}${money(part, this.digits)}${comp.bandSuffix[bi]}`;
      if (hi === b) break;
      lo = hi;
      bi++;
    }
    this.band[c] = bi;
    if (this.emit) this.expl[c] = d.fx === null ? text : `${this.dealText(d)}: ${text}`;
    return raw;
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

  /** Tier for the next period, from the window ending here. */
  tierFor(p: number, tier: number, sc: Score) {
    const { cp, kr, nPeriods } = this;
    const h = p * nPeriods + kr;
    let metric = this.metricHist[h]!;
    let renWon = this.renWonHist[h]!;
    let renAll = this.renAllHist[h]!;
    for (let j = Math.max(0, kr - cp.window + 1); j < kr; j++) {
      const hj = p * nPeriods + j;
      if (!this.metricHist[hj]!.isZero()) metric = metric.plus(this.metricHist[hj]!);
      if (!this.renAllHist[hj]!.isZero()) {
        renWon = renWon.plus(this.renWonHist[hj]!);
        renAll = renAll.plus(this.renAllHist[hj]!);
      }
    }
    const t = evaluateTier(cp, tier, this.below[p]!, metric, {
      certifications: this.partners[p]!.certifications,
      renewalWon: renWon,
      renewalAll: renAll,
      score: sc.value,
      tier,
    });
    this.held[p] = t.nextHeld;
    this.below[p] = t.below;
    return t;
  }
}
