// Budget use (issue #17): each SPIF's budget consumed and remaining, and each MDF/co-op fund's
// accruals, claims, expiry and what expires next period. Funds are replayed per partner from the
// statements with the engine's own fund book (lots drawn oldest first, dropped after their last
// drawable period), fed the statements' rounded accrual lines and approved claims.
import { Dec } from "../../money/index.ts";
import { accrue, closeFunds, drawClaims, type FundBook, newFundBook } from "../engine/funds.ts";
import type { Program } from "../engine/program-schema.ts";
import { parsePeriodLabel } from "../period/index.ts";
import { type Figure, figure, moneyText } from "./figures.ts";
import type { AnalyticsStatement } from "./input.ts";
import type { PeriodIndex } from "./revenue.ts";

export interface SpifBudget {
  component: string;
  /** null: the SPIF has no budget (unlimited). */
  budget: string | null;
  /** Σ awarded over every period up to the one analysed (a budget is never given back). */
  consumed: Figure;
  consumedThisPeriod: Figure;
  /** budget − consumed, never below 0; null without a budget. */
  remaining: string | null;
}

export interface FundUse {
  fund: string;
  accrued: Figure;
  claimed: Figure;
  expired: Figure;
  expiringNextPeriod: Figure;
  /** Σ the partners' balances at the period's end, as their statements show them. */
  balance: Figure;
}

type Periods = Array<{ index: number; statements: readonly AnalyticsStatement[] }>;

/** Statements of the periods up to the analysed one, oldest first, with their indexes. */
export function periodsUpTo(statements: Map<string, AnalyticsStatement[]>, at: PeriodIndex): Periods {
  const out: Periods = [];
  for (const [label, list] of statements) {
    const k = parsePeriodLabel(label);
    if (k && k.granularity === at.granularity && k.index <= at.index)
      out.push({ index: k.index, statements: list });
  }
  return out.sort((a, b) => a.index - b.index);
}

export function spifBudgets(
  program: Program,
  periods: Periods,
  at: PeriodIndex,
  currency: string,
): SpifBudget[] {
  const out: SpifBudget[] = [];
  for (const c of program.components) {
    if (c.type !== "spif") continue;
    const all = { amount: new Dec(0), partners: [] as string[], deals: [] as string[] };
    const now = { amount: new Dec(0), partners: [] as string[], deals: [] as string[] };
    for (const p of periods) {
      for (const s of p.statements) {
        for (const l of s.lines) {
          if (l.component !== c.id || l.kind !== "spif" || l.forfeited) continue;
          for (const t of p.index === at.index ? [all, now] : [all]) {
            t.amount = t.amount.plus(l.amount);
            t.partners.push(s.partner_id);
            if (l.deal_id) t.deals.push(l.deal_id);
          }
        }
      }
    }
    const remaining = c.budget === undefined ? null : Dec.max(0, new Dec(c.budget).minus(all.amount));
    out.push({
      component: c.id,
      budget: c.budget === undefined ? null : moneyText(new Dec(c.budget), currency),
      consumed: figure(moneyText(all.amount, currency), all.partners, all.deals),
      consumedThisPeriod: figure(moneyText(now.amount, currency), now.partners, now.deals),
      remaining: remaining === null ? null : moneyText(remaining, currency),
    });
  }
  return out;
}

interface Tally {
  amount: Dec;
  partners: Set<string>;
  deals: Set<string>;
}
const tally = (): Tally => ({ amount: new Dec(0), partners: new Set(), deals: new Set() });
function count(t: Tally, amount: Dec | string, partner: string, deal?: string | null): void {
  const a = new Dec(amount);
  if (a.isZero()) return;
  t.amount = t.amount.plus(a);
  t.partners.add(partner);
  if (deal) t.deals.add(deal);
}

/** The remaining amount of lots whose last drawable period is `last`. */
const lotsEnding = (book: FundBook, fund: number, last: number): Dec =>
  book.lots[fund]!.filter((l) => l.lastPeriod === last).reduce((s, l) => s.plus(l.remaining), new Dec(0));

export function fundUse(program: Program, periods: Periods, at: PeriodIndex, currency: string): FundUse[] {
  const accruals = program.components.flatMap((c) => (c.type === "accrual" ? [c] : []));
  const funds = [...new Set(accruals.map((c) => c.fund))].sort();
  if (funds.length === 0) return [];
  const fundOf = new Map(
    accruals.map((c) => [c.id, { fund: funds.indexOf(c.fund), expires: c.expires_after ?? null }]),
  );
  const t = funds.map(() => ({
    accrued: tally(),
    claimed: tally(),
    expired: tally(),
    expiring: tally(),
    balance: tally(),
  }));
  // Every period from the first statement's to the analysed one is closed for every partner
  // with a book, in sequence — also a period where the partner has no statement: its lots whose
  // last drawable period that is expire then (and are counted as expired, and cannot be drawn by
  // a later claim), as the engine closes every period.
  const books = new Map<string, FundBook>();
  const byIndex = new Map(periods.map((p) => [p.index, p.statements]));
  for (let i = periods[0]?.index ?? at.index; i <= at.index; i++) {
    const current = i === at.index;
    const own = new Map((byIndex.get(i) ?? []).map((s) => [s.partner_id, s]));
    for (const id of own.keys()) if (!books.has(id)) books.set(id, newFundBook(funds.length));
    for (const [partner, book] of books) {
      const s = own.get(partner);
      if (s) {
        for (const l of s.lines) {
          const f = fundOf.get(l.component);
          if (l.kind !== "accrual" || l.forfeited || !f) continue;
          accrue(book, f.fund, i, f.expires, new Dec(l.amount));
          if (current) count(t[f.fund]!.accrued, l.amount, partner, l.deal_id);
        }
        const claims = s.claims
          .filter((c) => funds.includes(c.fund) && new Dec(c.approved).greaterThan(0))
          .map((c) => ({ id: c.id, partner_id: partner, fund: c.fund, amount: c.approved, date: "" }));
        drawClaims(book, funds, claims, 12);
        if (current) for (const c of claims) count(t[funds.indexOf(c.fund)]!.claimed, c.amount, partner);
      }
      if (current)
        funds.forEach((_, f) => {
          count(t[f]!.expired, lotsEnding(book, f, i), partner);
        });
      closeFunds(book, funds, i, 12);
      if (current) {
        funds.forEach((name, f) => {
          count(t[f]!.expiring, lotsEnding(book, f, i + 1), partner);
          if (s) count(t[f]!.balance, s.funds[name] ?? "0", partner);
        });
      }
    }
  }
  return funds.map((fund, f) => {
    const x = t[f]!;
    const fig = (y: Tally) => figure(moneyText(y.amount, currency), y.partners, y.deals);
    return {
      fund,
      accrued: fig(x.accrued),
      claimed: fig(x.claimed),
      expired: fig(x.expired),
      expiringNextPeriod: fig(x.expiring),
      balance: fig(x.balance),
    };
  });
}
