// The period walk (spec §3): every period from the first to `through`, once, in order,
// carrying tiers, holdbacks, carry-forward, funds, SPIF budgets and pending clawbacks.
// Hot path: decimals are parsed once in prepare(); explanations are only built for
// periods that are emitted; per-deal work reuses preallocated arrays.
import type { CMultiplier, CProgram, CRate, CSpif, PDeal } from "./compile.ts";
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

export function* walkPeriods(
  cp: CProgram,
  prep: Prepared,
  emitFrom: number,
): Generator<Statement, void, void> {
  const { partners, deals } = prep;
  const nP = partners.length;
  const comps = cp.components;
  const nC = comps.length;
  const nPeriods = prep.through - cp.first + 1;
  const digits = cp.digits;

  const held = Int32Array.from(prep.initialTier);
  const below = new Int32Array(nP);
  const metricHist: Dec[] = new Array(nP * nPeriods).fill(ZERO);
  const renWonHist: Dec[] = new Array(nP * nPeriods).fill(ZERO);
  const renAllHist: Dec[] = new Array(nP * nPeriods).fill(ZERO);
  const heldHist: Dec[] = new Array(nP * nPeriods).fill(ZERO);
  const prevNewExp: Dec[] = new Array(nP).fill(ZERO);
  const carry: Dec[] = new Array(nP).fill(ZERO);
  const books: (FundBook | null)[] = new Array(nP).fill(null);
  const reasons = partners.map((p) => ineligibleReasons(cp, p));
  const spifs = comps.filter((c): c is CSpif => c.type === "spif");
  const spifLeft = new Map<number, Dec | null>(spifs.map((c) => [c.index, c.budget]));
  const spifUsed = new Map<number, Dec[]>(spifs.map((c) => [c.index, new Array(nP).fill(ZERO)]));
  const pending: Reversal[][][] = Array.from({ length: nPeriods }, () => []);
  const pendingPartner: number[][] = Array.from({ length: nPeriods }, () => []);
  const hasRetro = comps.some((c) => c.type === "rate" && !c.marginal);

  // A clawed-back deal leaves the tier metric in the period its clawback lands in (history
  // already evaluated is not rewritten; windows spanning both periods net to zero).
  const metricAdjust = new Map<number, Dec>();
  for (const d of deals) {
    if (d.cancelPeriod < 0 || d.cancelPeriod > prep.through || !cp.tierMetric(d)) continue;
    const key = d.partner * nPeriods + (d.cancelPeriod - cp.first);
    metricAdjust.set(key, (metricAdjust.get(key) ?? ZERO).minus(d.amount));
  }

  // Per-deal scratch, reused.
  const amt: (Dec | null)[] = new Array(nC).fill(null);
  const expl: string[] = new Array(nC).fill("");
  const amtText: string[] = new Array(nC).fill("");
  const att: Dec[] = new Array(nC).fill(ZERO);
  const band = new Int32Array(nC);
  const retroBand = new Int32Array(nC);
  const retroTotal: Dec[] = new Array(nC).fill(ZERO);
  const accSum: Dec[] = new Array(nC).fill(ZERO);
  const multPrefix: string[] = new Array(nC).fill("");
  const multFactor: Dec[] = new Array(nC).fill(ZERO);

  for (let kr = 0; kr < nPeriods; kr++) {
    const k = cp.first + kr;
    const emit = k >= emitFrom;
    const { order, offsets } = prep.byPartner[kr]!;

    // Phase A: statistics, score and gates per partner (they do not depend on earnings).
    const scores: Score[] = new Array(nP);
    const gate: (string | null)[] = new Array(nP * nC).fill(null);
    for (let p = 0; p < nP; p++) {
      const st = periodStats(cp, deals, order, offsets[p]!, offsets[p + 1]!);
      const sc = score(cp, st, prevNewExp[p]!);
      scores[p] = sc;
      prevNewExp[p] = st.newExpansionWon;
      const h = p * nPeriods + kr;
      const adjust = metricAdjust.get(h);
      metricHist[h] = adjust === undefined ? st.tierMetric : st.tierMetric.plus(adjust);
      renWonHist[h] = st.renewalWon;
      renAllHist[h] = st.renewalAll;
      const ctx: GateContext = {
        certifications: partners[p]!.certifications,
        renewalWon: st.renewalWon,
        renewalAll: st.renewalAll,
        score: sc.value,
        tier: held[p]!,
      };
      for (const c of comps) {
        if (!c.requires) continue;
        const r = unmet(c.requires, ctx, cp.tierNames);
        if (r.length > 0) gate[p * nC + c.index] = `gate not met: ${r.join("; ")}`;
      }
    }

    // Phase B: SPIF budgets are shared by all partners, taken in deal order.
    const spifOut = new Map<number, Map<number, SpifOutcome>>();
    for (const c of spifs)
      spifOut.set(c.index, allocateSpif(c, gate, prep.periodStart[kr]!, prep.periodStart[kr + 1]!));

    // Pending clawbacks landing in this period, per partner.
    const landing = new Map<number, Reversal[]>();
    const pend = pending[kr]!;
    const pendP = pendingPartner[kr]!;
    for (let i = 0; i < pend.length; i++) {
      const list = landing.get(pendP[i]!);
      if (list) list.push(...pend[i]!);
      else landing.set(pendP[i]!, [...pend[i]!]);
    }
    pending[kr] = [];

    const out: PartnerStatement[] = [];
    for (let p = 0; p < nP; p++) {
      const partner = partners[p]!;
      const forfeit = reasons[p]!.length > 0;
      const tier = held[p]!;
      const sc = scores[p]!;
      const lines: StatementLine[] = [];
      const gateBase = p * nC;
      let cash = ZERO;
      let claw = ZERO;
      const push = (
        component: string,
        kind: LineKind,
        dealId: string | null,
        amount: string,
        explanation: string,
        forfeited: boolean,
      ) => {
        const line: StatementLine = {
          component,
          kind,
          deal_id: dealId,
          amount,
          explanation,
        };
        if (forfeited) line.forfeited = true;
        lines.push(line);
      };
      const reverse = (r: Reversal) => {
        const a = r.amount.negated();
        claw = claw.plus(a);
        if (emit)
          push(
            r.component,
            "clawback",
            r.deal.id,
            money(a, digits),
            `reverses ${r.component} line ${money(r.amount, digits)}: cancelled ${r.deal.cancelled} (${r.deal.cancelDays} days after close ${r.deal.close})`,
            false,
          );
      };
      for (const r of landing.get(p) ?? []) reverse(r);

      const s = offsets[p]!;
      const e = offsets[p + 1]!;
      for (let c = 0; c < nC; c++) {
        att[c] = ZERO;
        band[c] = 0;
        accSum[c] = ZERO;
        const comp = comps[c]!;
        if (comp.type === "multiplier") setupMultiplier(comp, sc, emit);
      }
      if (hasRetro) retroTotals(order, s, e);

      for (let i = s; i < e; i++) {
        const d = deals[order[i]!]!;
        // Pass 1: every non-multiplier component's amount for this deal.
        for (let c = 0; c < nC; c++) {
          const comp = comps[c]!;
          amt[c] = null;
          if (comp.type === "multiplier" || !comp.match(d)) continue;
          const g = gate[gateBase + c] ?? null;
          let raw: Dec;
          switch (comp.type) {
            case "rate":
              if (comp.marginal) raw = marginal(comp, c, d, g !== null, emit);
              else {
                const b = retroBand[c]!;
                raw = d.amount.times(comp.rates[b]!);
                if (emit && g === null)
                  expl[c] =
                    `${dealText(d)} at ${comp.rateText[b]} (period total ${money(retroTotal[c]!, digits)}, band from ${comp.fromText[b]})`;
              }
              break;
            case "tier_rate":
              raw = d.amount.times(comp.rates[tier]!);
              if (emit && g === null)
                expl[c] = `${dealText(d)} at ${comp.rateText[tier]} (tier ${cp.tierNames[tier]})`;
              break;
            case "spif": {
              const o = spifOut.get(c)!.get(d.order)!;
              raw = o.amount;
              expl[c] = o.explanation;
              break;
            }
            case "accrual":
              raw = d.amount.times(comp.rate);
              if (emit && g === null)
                expl[c] = `${dealText(d)} at ${comp.rateText} to fund ${cp.funds[comp.fund]}`;
              break;
          }
          if (g !== null && comp.type !== "spif") {
            amt[c] = ZERO;
            expl[c] = g;
          } else amt[c] = roundMoney(raw, digits);
          if (emit) amtText[c] = money(amt[c]!, digits);
        }
        // Pass 2: lines in component order, multipliers at their own position.
        const track = d.cancelPeriod >= 0 && !forfeit && d.cancelPeriod <= prep.through;
        let reversals: Reversal[] | null = null;
        for (let c = 0; c < nC; c++) {
          const comp = comps[c]!;
          if (comp.type === "multiplier") {
            const g = gate[gateBase + c] ?? null;
            for (const t of comp.targets) {
              const base = amt[t];
              if (base === null || base === undefined) continue;
              const a = g === null ? roundMoney(base.times(multFactor[c]!), digits) : ZERO;
              cash = cash.plus(a);
              if (emit)
                push(
                  comp.id,
                  "multiplier",
                  d.id,
                  money(a, digits),
                  g ?? `${multPrefix[c]} on ${comps[t]!.id} line ${amtText[t]}`,
                  forfeit,
                );
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
            if (!forfeit) accSum[c] = accSum[c]!.plus(a);
          } else {
            cash = cash.plus(a);
            if (track && !a.isZero()) {
              reversals ??= [];
              reversals.push({ deal: d, component: comp.id, amount: a });
            }
          }
          if (emit) push(comp.id, comp.type, d.id, amtText[c]!, expl[c]!, forfeit);
        }
        if (reversals !== null) {
          if (d.cancelPeriod === k) for (const r of reversals) reverse(r);
          else {
            pending[d.cancelPeriod - cp.first]!.push(reversals);
            pendingPartner[d.cancelPeriod - cp.first]!.push(p);
          }
        }
      }

      let capAmount = ZERO;
      if (cp.cap !== null && cash.greaterThan(cp.cap)) {
        capAmount = cp.cap.minus(cash);
        if (emit)
          push(
            "cap",
            "cap",
            null,
            money(capAmount, digits),
            `cap ${cp.capText}: lines total ${money(cash, digits)}`,
            forfeit,
          );
      }
      const earned = forfeit ? claw : cash.plus(capAmount).plus(claw);
      const h = p * nPeriods + kr;
      const heldBack =
        cp.holdbackRate !== null && earned.greaterThan(0)
          ? roundMoney(earned.times(cp.holdbackRate), digits)
          : ZERO;
      heldHist[h] = heldBack;
      const released = cp.releaseAfter > 0 && kr >= cp.releaseAfter ? heldHist[h - cp.releaseAfter]! : ZERO;
      let payable = earned.minus(heldBack).plus(released).plus(carry[p]!);
      let carryForward = ZERO;
      if (payable.isNegative()) {
        carryForward = payable;
        payable = ZERO;
      }
      carry[p] = carryForward;

      // Funds: this period's accruals, then its claims, then expiry.
      let funds: Record<string, string> = {};
      let claimOut: ClaimOutcome[] = [];
      const claims = prep.claims[kr]!.get(p);
      if (cp.funds.length > 0 || claims) {
        let book = books[p] ?? null;
        for (const comp of comps) {
          if (comp.type !== "accrual" || !accSum[comp.index]!.greaterThan(0)) continue;
          book ??= newFundBook(cp.funds.length);
          accrue(book, comp.fund, k, comp.expiresAfter, accSum[comp.index]!);
        }
        if (claims) {
          book ??= newFundBook(cp.funds.length);
          claimOut = drawClaims(book, cp.funds, claims, digits);
        }
        books[p] = book;
        funds = book
          ? closeFunds(book, cp.funds, k, digits)
          : Object.fromEntries(cp.funds.map((f) => [f, money(ZERO, digits)]));
      }

      // Tier for the next period, from the window ending here.
      let metric = metricHist[h]!;
      let renWon = renWonHist[h]!;
      let renAll = renAllHist[h]!;
      for (let j = Math.max(0, kr - cp.window + 1); j < kr; j++) {
        const hj = p * nPeriods + j;
        if (!metricHist[hj]!.isZero()) metric = metric.plus(metricHist[hj]!);
        if (!renAllHist[hj]!.isZero()) {
          renWon = renWon.plus(renWonHist[hj]!);
          renAll = renAll.plus(renAllHist[hj]!);
        }
      }
      const t = evaluateTier(cp, tier, below[p]!, metric, {
        certifications: partner.certifications,
        renewalWon: renWon,
        renewalAll: renAll,
        score: sc.value,
        tier,
      });
      held[p] = t.nextHeld;
      below[p] = t.below;

      if (emit)
        out.push({
          partner_id: partner.id,
          tier: cp.tierNames[tier]!,
          qualified_tier: cp.tierNames[t.qualified]!,
          next_tier: t.nextTier,
          gap_to_next_tier: t.gap,
          missing_for_next_tier: t.missing,
          score: sc.text,
          eligible: !forfeit,
          ineligible_reasons: reasons[p]!,
          earned: money(earned, digits),
          held_back: money(heldBack, digits),
          released: money(released, digits),
          clawed_back: money(claw, digits),
          carry_forward: money(carryForward, digits),
          payable: money(payable, digits),
          funds,
          claims: claimOut,
          lines,
        });
    }
    if (emit)
      yield {
        program: cp.name,
        period: periodLabel(k, cp.granularity),
        currency: cp.currency,
        partners: out,
      };
  }

  function dealText(d: PDeal): string {
    if (d.text === null) d.text = money(d.amount, digits);
    return d.fx === null ? d.text : d.fx + d.text;
  }

  function setupMultiplier(m: CMultiplier, sc: Score, emit: boolean) {
    const c = m.index;
    if (sc.value === null) {
      multFactor[c] = ZERO;
      if (emit)
        multPrefix[c] =
          `factor 1 (no score${sc.missing.length > 0 ? `: no data for ${sc.missing.join(", ")}` : ""})`;
      return;
    }
    let f = 0;
    while (f + 1 < m.froms.length && !m.froms[f + 1]!.greaterThan(sc.value)) f++;
    multFactor[c] = m.factorsMinusOne[f]!;
    if (emit)
      multPrefix[c] =
        `factor ${m.factorText[f]} for score ${sc.text}${sc.missing.length > 0 ? ` (no data: ${sc.missing.join(", ")})` : ""}`;
  }

  function retroTotals(order: Int32Array, s: number, e: number) {
    for (let c = 0; c < nC; c++) retroTotal[c] = ZERO;
    for (let i = s; i < e; i++) {
      const d = deals[order[i]!]!;
      for (const comp of comps)
        if (comp.type === "rate" && !comp.marginal && comp.match(d))
          retroTotal[comp.index] = retroTotal[comp.index]!.plus(d.amount);
    }
    for (const comp of comps) {
      if (comp.type !== "rate" || comp.marginal) continue;
      let b = 0;
      while (b + 1 < comp.froms.length && !comp.froms[b + 1]!.greaterThan(retroTotal[comp.index]!)) b++;
      retroBand[comp.index] = b;
    }
  }

  /** Each matching deal of the period, in deal order, takes `amount` while the budget lasts. */
  function allocateSpif(c: CSpif, gate: (string | null)[], s: number, e: number): Map<number, SpifOutcome> {
    const outcomes = new Map<number, SpifOutcome>();
    const used = spifUsed.get(c.index)!;
    for (let i = s; i < e; i++) {
      const d = deals[i]!;
      if (!c.match(d)) continue;
      const p = d.partner;
      const g = gate[p * nC + c.index];
      const left = spifLeft.get(c.index) ?? null;
      let explanation: string;
      let amount = ZERO;
      if (reasons[p]!.length > 0) explanation = "not eligible: takes no SPIF budget";
      else if (g !== null && g !== undefined) explanation = `${g}; takes no SPIF budget`;
      else if (c.max !== null && used[p]!.plus(c.amount).greaterThan(c.max))
        explanation = `max per partner reached (${money(used[p]!, digits)} of ${c.maxText} already earned)`;
      else if (left?.lessThan(c.amount))
        explanation = `budget exhausted (remaining ${money(left, digits)} < ${c.amountText})`;
      else {
        amount = c.amount;
        used[p] = used[p]!.plus(c.amount);
        if (left !== null) {
          const rest = left.minus(c.amount);
          spifLeft.set(c.index, rest);
          explanation = `SPIF ${c.amountText} (budget remaining ${money(rest, digits)})`;
        } else explanation = `SPIF ${c.amountText}`;
      }
      outcomes.set(d.order, { amount, explanation });
    }
    return outcomes;
  }

  /** Marginal split of one deal over the bands; advances the component's attainment. */
  function marginal(comp: CRate, c: number, d: PDeal, gated: boolean, emit: boolean): Dec {
    const a = att[c]!;
    const b = a.plus(d.amount);
    att[c] = b;
    if (gated) return ZERO;
    const froms = comp.froms;
    const n = froms.length;
    let bi = band[c]!;
    while (bi + 1 < n && !froms[bi + 1]!.greaterThan(a)) bi++;
    if (bi + 1 === n || !b.greaterThan(froms[bi + 1]!)) {
      band[c] = bi;
      if (emit) expl[c] = `${dealText(d)} at ${comp.rateText[bi]} (band from ${comp.fromText[bi]})`;
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
      if (emit)
        text += `${text === "" ? "" : " + "}${money(part, digits)} at ${comp.rateText[bi]} (band from ${comp.fromText[bi]})`;
      if (hi === b) break;
      lo = hi;
      bi++;
    }
    band[c] = bi;
    if (emit) expl[c] = d.fx === null ? text : `${dealText(d)}: ${text}`;
    return raw;
  }
}
