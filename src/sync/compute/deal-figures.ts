// What the write-back needs of each deal and partner, gathered as the statements stream past
// (the statements themselves are not kept): the deal's amounts, its explained lines, and the
// facts its status text is made of (sync/outbound/status-detail.ts).
import { Dec } from "../../../money/index.ts";
import type { PartnerStatement } from "../../engine/index.ts";
import { explainStatementDeals } from "../outbound/deal-explanation.ts";

export interface DealFigures {
  amount: Dec;
  spif: Dec;
  clawedBack: boolean;
  forfeited: boolean;
  lines: number;
  /** Every line of the deal over every period, one per text line (deal-explanation.ts). */
  explanation?: string;
  /** The period of the deal's own (not clawback) lines: the one containing its close date. */
  period?: string;
  /** The period a clawback reversed the deal in. */
  clawedBackIn?: string;
  /** Its lines were forfeited: the partner's reasons in that period (shared, not copied). */
  forfeitedReasons?: readonly string[];
  /** The partner's statement of the deal's period held part of its earnings back. */
  heldBack?: boolean;
}

const isZero = (money: string) => !/[1-9]/.test(money);

/** Adds one partner statement's deal lines to `deals`. */
export function addDealLines(
  deals: Map<string, DealFigures>,
  period: string,
  p: PartnerStatement,
  digits: number,
): void {
  for (const line of p.lines) {
    if (!line.deal_id) continue;
    const f = deals.get(line.deal_id) ?? {
      amount: new Dec(0),
      spif: new Dec(0),
      clawedBack: false,
      forfeited: false,
      lines: 0,
    };
    f.lines++;
    if (line.forfeited) {
      f.forfeited = true;
      f.forfeitedReasons = p.ineligible_reasons;
    } else if (line.kind !== "accrual") {
      f.amount = f.amount.plus(line.amount);
      if (line.kind === "spif") f.spif = f.spif.plus(line.amount);
      if (line.kind === "clawback") {
        f.clawedBack = true;
        f.clawedBackIn = period;
      }
    }
    if (line.kind !== "clawback" && f.period === undefined) {
      f.period = period;
      if (!isZero(p.held_back)) f.heldBack = true;
    }
    deals.set(line.deal_id, f);
  }
  // After the figures: a clawback in the deal's own period finds that period already set.
  const texts = explainStatementDeals(period, p, digits, (id) => deals.get(id)?.period ?? null);
  for (const [id, list] of texts) {
    const f = deals.get(id)!;
    const text = list.join("\n");
    f.explanation = f.explanation ? `${f.explanation}\n${text}` : text;
  }
}
