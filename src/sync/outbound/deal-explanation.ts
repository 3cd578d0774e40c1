// A deal's explanation as the CRMs show it (Opportunity.Incentive_Explanation__c, the HubSpot
// deal): every statement line of the deal, one per text line, with the engine's own explanation
// text unchanged (band split, fx conversion, multiplier factor — walker.ts writes them), plus
// what a line alone does not say: the period, the period a clawback reverses, and the deal's
// share of a cap the partner's period hit. Pure.
import { Dec, roundMoney } from "../../../money/index.ts";
import type { PartnerStatement, StatementLine } from "../../engine/index.ts";

/** Line kinds the cap is taken over (program format §3 "cap": component and multiplier lines). */
const CAPPED = new Set(["rate", "tier_rate", "spif", "multiplier"]);

/**
 * One line: `2026-Q4 resale rate: 500.00 — 10000.00 at 5% (band from 0)`. A clawback names the
 * period of the line it reverses (`origin`); a forfeited line says so, as the console's
 * statement page does.
 */
export function lineText(period: string, line: StatementLine, origin: string | null = null): string {
  const what =
    line.kind === "clawback" && origin !== null
      ? `${line.component} clawback of ${origin}`
      : `${line.component} ${line.kind}`;
  const forfeited = line.forfeited ? " (forfeited: not eligible)" : "";
  return `${period} ${what}: ${line.amount} — ${line.explanation}${forfeited}`;
}

/** Each deal's explained lines of one partner statement, in statement order. */
export function explainStatementDeals(
  period: string,
  p: Pick<PartnerStatement, "lines">,
  digits: number,
  originOf: (dealId: string) => string | null = () => null,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let cap: StatementLine | null = null;
  let total = new Dec(0);
  const cash = new Map<string, Dec>();
  for (const line of p.lines) {
    if (line.kind === "cap") cap = line;
    if (!line.deal_id) continue;
    const text = lineText(period, line, line.kind === "clawback" ? originOf(line.deal_id) : null);
    const list = out.get(line.deal_id);
    if (list) list.push(text);
    else out.set(line.deal_id, [text]);
    if (CAPPED.has(line.kind)) {
      total = total.plus(line.amount);
      cash.set(line.deal_id, (cash.get(line.deal_id) ?? new Dec(0)).plus(line.amount));
    }
  }
  if (cap && !total.isZero()) {
    for (const [deal, own] of cash) {
      if (own.isZero()) continue;
      out.get(deal)!.push(capShareText(period, cap, own, total, digits));
    }
  }
  return out;
}

/**
 * The deal's share of the partner's cap line, pro rata to its capped lines: `2026-Q4 cap share:
 * -23.44 — this deal's 1000.00 of the lines total 5120.00 × cap line -120.00 (cap 5000.00: …)`.
 * Rounded to the currency; the shares of a period may differ from the cap line by a cent — the
 * cap line itself is what the ledger posts.
 */
export function capShareText(
  period: string,
  cap: StatementLine,
  own: Dec,
  total: Dec,
  digits: number,
): string {
  const share = roundMoney(new Dec(cap.amount).times(own).dividedBy(total), digits);
  const forfeited = cap.forfeited ? " (forfeited: not eligible)" : "";
  return `${period} cap share: ${share.toFixed(digits)} — this deal's ${own.toFixed(digits)} of the lines total ${total.toFixed(digits)} × cap line ${cap.amount} (${cap.explanation})${forfeited}`;
}
