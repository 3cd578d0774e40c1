// A statement's lines per deal, as both cards show them: the deal's record (name, amount, close
// date, HubSpot id), its lines with the engine's explanations as posted, what it earned and its
// status in words (engine/deal-status.ts). Explanations are the statement's own: the console's
// statement page and `incentives ledger` show the same text.
import { Dec, minorDigits } from "../../../money/index.ts";
import { clawbackUntil, dealStatus } from "../../engine/deal-status.ts";
import type { PartnerStatement, Program, StatementLine } from "../../engine/index.ts";
import { nextPeriod, periodOf } from "../../period/index.ts";
import { isPostedLine, type StoredDeal } from "../../store/index.ts";
import type { CardContext } from "./card-context.ts";

export interface CardLine {
  component: string;
  amount: string;
  explanation: string;
}

export interface CardDeal {
  id: string | null;
  name: string | null;
  amount: string | null;
  closeDate: string | null;
  status: string;
  incentive: string;
  lines: CardLine[];
}

/** Lines of the statement by deal id, in statement order (cap lines have none: left out). */
export function linesByDeal(lines: readonly StatementLine[]): Map<string, StatementLine[]> {
  const out = new Map<string, StatementLine[]>();
  for (const l of lines) {
    if (l.deal_id === null) continue;
    const list = out.get(l.deal_id);
    if (list) list.push(l);
    else out.set(l.deal_id, [l]);
  }
  return out;
}

/** What the deal counts for the partner: the sum of its lines the ledger posts (no accruals, no forfeited). */
export function dealIncentive(lines: readonly StatementLine[], digits: number): string {
  let sum = new Dec(0);
  for (const l of lines) if (isPostedLine(l)) sum = sum.plus(l.amount);
  return sum.toFixed(digits);
}

/** The period a statement's holdback is released in, or null when it held nothing back. */
export function heldUntil(program: Program | null, period: string, st: PartnerStatement): string | null {
  const after = program?.holdback?.release_after;
  if (!after || new Dec(st.held_back).isZero()) return null;
  let p = period;
  for (let i = 0; i < after; i++) p = nextPeriod(p);
  return p;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

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
  const granularity = program?.period ?? "quarter";
  return {
    id: view.hubspotId,
    name: deal ? str(deal.data.name) : null,
    amount: deal ? dealAmount(deal) : null,
    closeDate: close,
    status: dealStatus({
      lines,
      ineligibleReasons: st.ineligible_reasons,
      cancelledOn: deal ? str(deal.data.cancelled_on) : null,
      clawbackUntil: clawbackUntil(close, program?.clawback?.window_days ?? null),
      heldUntil: heldUntil(program, period, st),
      currentPeriod: periodOf(granularity, today),
      today,
    }),
    incentive: dealIncentive(lines, digits),
    lines: lines.map((l) => ({ component: l.component, amount: l.amount, explanation: l.explanation })),
  };
}
