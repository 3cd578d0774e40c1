// A statement's lines per deal, as both cards show them: the deal's record (name, amount, close
// date, HubSpot id), its lines with the engine's explanations as posted, what it earned and its
// status in the words Salesforce shows too (sync/outbound/status-detail.ts). Explanations are the
// statement's own: the console's statement page and `incentives ledger` show the same text.
import { Dec, minorDigits } from "../../../money/index.ts";
import type { PartnerStatement, Program, StatementLine } from "../../engine/index.ts";
import { periodEnd, periodOf } from "../../period/index.ts";
import { isPostedLine, type StoredDeal } from "../../store/index.ts";
import { clawbackWindowEnd, dealStatusDetail, statusTerms } from "../../sync/outbound/status-detail.ts";
import { str } from "../../sync/text-value.ts";
import type { CardContext } from "./card-context.ts";
import type { DealIndex } from "./deal-index.ts";

export interface CardLine {
  component: string;
  amount: string;
  explanation: string;
}

export interface CardDeal {
  id: string | null;
  name: string | null;
  amount: string | null;
  /** The deal's own currency (its amount's); the incentive amounts are in the program's. */
  currency: string | null;
  closeDate: string | null;
  status: string;
  incentive: string;
  lines: CardLine[];
}

/** What the deal counts for the partner: the sum of its lines the ledger posts (no accruals, no forfeited). */
export function dealIncentive(lines: readonly StatementLine[], digits: number): string {
  let sum = new Dec(0);
  for (const l of lines) if (isPostedLine(l)) sum = sum.plus(l.amount);
  return sum.toFixed(digits);
}

function dealAmount(deal: StoredDeal): string | null {
  const amount = str(deal.data.amount);
  if (amount === null) return null;
  try {
    return new Dec(amount).toFixed(minorDigits(str(deal.data.currency) ?? ""));
  } catch {
    return amount;
  }
}

export interface DealView {
  deal: StoredDeal | null;
  hubspotId: string | null;
  lines: readonly StatementLine[];
}

/**
 * The period a cancellation reversed the deal in: the statement's own clawback line, else a
 * cancellation inside the clawback window (its reversing line is in a later period's statement).
 */
function clawedBackIn(
  view: DealView,
  program: Program | null,
  period: string,
  closeDate: string | null,
): string | null {
  if (view.lines.some((l) => l.kind === "clawback")) return period;
  const cancelled = view.deal ? str(view.deal.data.cancelled_on) : null;
  const days = program?.clawback?.window_days;
  if (!program || !cancelled || !closeDate || days === undefined) return null;
  return cancelled <= clawbackWindowEnd(closeDate, days) ? periodOf(program.period, cancelled) : null;
}

/** One deal as a card shows it. */
export function cardDeal(
  ctx: CardContext,
  view: DealView,
  st: PartnerStatement,
  program: Program | null,
  period: string,
  digits: number,
): CardDeal {
  const { deal, lines } = view;
  const today = ctx.today();
  const close = deal?.closeDate ?? null;
  const terms = program
    ? statusTerms(program)
    : { period: "quarter" as const, releaseAfter: null, clawbackDays: null };
  const forfeited = lines.length > 0 && lines.every((l) => l.forfeited);
  return {
    id: view.hubspotId,
    name: deal ? str(deal.data.name) : null,
    amount: deal ? dealAmount(deal) : null,
    currency: deal ? str(deal.data.currency) : null,
    closeDate: close,
    status: dealStatusDetail(
      {
        // A clawback line of an earlier period's deal is in this statement: the deal's period is its close's.
        dealPeriod: close ? periodOf(terms.period, close) : period,
        closeDate: close ?? periodEnd(period),
        forfeitedReasons: forfeited ? st.ineligible_reasons : null,
        clawedBackIn: clawedBackIn(view, program, period, close),
        heldBack: !new Dec(st.held_back).isZero(),
      },
      terms,
      today,
      periodOf(terms.period, today),
    ),
    incentive: dealIncentive(lines, digits),
    lines: lines.map((l) => ({ component: l.component, amount: l.amount, explanation: l.explanation })),
  };
}

export interface CardPeriod {
  /** The statement's lines by deal. */
  index: DealIndex;
  /** The statement's figures. */
  st: PartnerStatement;
  program: Program | null;
  period: string;
  digits: number;
}

/** A page of the period's deals with lines, latest close first, and how many there are. */
export async function cardDealsPage(
  ctx: CardContext,
  at: CardPeriod,
  page: { dealsLimit: number; dealsOffset: number },
): Promise<{ total: number; deals: CardDeal[] }> {
  const { store } = ctx;
  const { index } = at;
  const ids = index.deals.slice(page.dealsOffset, page.dealsOffset + page.dealsLimit);
  const deals = new Map((await store.deals.getMany(ids, { withRaw: false })).map((d) => [d.id, d] as const));
  const hubspotIds = await store.crmLinks.crmIdsFor(ids, "hubspot", ctx.objects().deal);
  return {
    total: index.deals.length,
    deals: ids.map((id) =>
      cardDeal(
        ctx,
        { deal: deals.get(id) ?? null, hubspotId: hubspotIds.get(id) ?? null, lines: index.lines.get(id)! },
        at.st,
        at.program,
        at.period,
        at.digits,
      ),
    ),
  };
}
