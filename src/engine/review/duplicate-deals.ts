// Duplicate deals: a won deal of this partner has the same customer, currency, amount and close
// date as a won deal of another partner — one sale registered (and paid) twice.
import { customerKey } from "./deal-index.ts";
import { dealList } from "./format.ts";
import type { PartnerPeriod, ReviewFlag } from "./types.ts";

export function duplicateDeals(pp: PartnerPeriod): ReviewFlag | null {
  const parts: string[] = [];
  const ids: string[] = [];
  for (const d of pp.deals) {
    const others = pp.index.duplicates.get(d.id);
    if (!others) continue;
    ids.push(d.id);
    parts.push(
      `${d.id} (customer ${customerKey(d.customer ?? "")}, ${d.currency} ${d.rawAmount}, closed ${d.close}) ` +
        `is also ${others.map((o) => `${o.id} of ${o.partner}`).join(" and ")}`,
    );
  }
  if (ids.length === 0) return null;
  return {
    partner_id: pp.partner,
    period: pp.period,
    rule: "duplicate_deals",
    reason: `${ids.length} won deal${ids.length === 1 ? "" : "s"} in ${pp.period} duplicate${ids.length === 1 ? "s" : ""} another partner's: ${dealList(parts, 3)}`,
    deals: ids,
  };
}
