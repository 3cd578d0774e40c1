// `incentives demo`, last line: the package's "Payouts by partner and period" report run by the
// sandbox org through its Reports (Analytics) REST API, its grand total against the ledger's
// payable figures (issue #13: "the demo's sandbox shows it"). One report run, no details.
import { Connection } from "jsforce";
import { Dec } from "../../money/index.ts";
import type { Store } from "../store/index.ts";
import type { Entry } from "../sync/model.ts";

const REPORT = "Payouts by partner and period";

/** Σ ledger rows with a component for partners with a Salesforce account (the rows the sync writes as payouts). */
async function ledgerPayable(store: Store): Promise<Dec> {
  const withAccount = new Set<string>();
  for (const p of await store.partners.list()) {
    if ((p.raw as Entry["raw"]).sides.salesforce?.id) withAccount.add(p.id);
  }
  let total = new Dec(0);
  let afterId: string | undefined;
  for (;;) {
    const page = await store.ledger.list({ limit: 5000, ...(afterId ? { afterId } : {}) });
    for (const row of page.items)
      if (row.component && withAccount.has(row.partner)) total = total.plus(row.amount);
    if (!page.nextAfterId) return total;
    afterId = page.nextAfterId;
  }
}

/** One line: the report's grand total vs the ledger's payable, and whether they agree to the cent. */
export async function reportCheckLine(
  store: Store,
  org: { url: string; accessToken: string },
  scale: number,
): Promise<string> {
  const conn = new Connection({ instanceUrl: org.url, accessToken: org.accessToken, version: "62.0" });
  const info = (await conn.analytics.reports()).find((r) => r.name === REPORT);
  if (!info) return `Salesforce report "${REPORT}": not in the sandbox org\n`;
  const run = (await conn.analytics.report(info.id).execute({ details: false })) as unknown as {
    factMap: Record<string, { aggregates: Array<{ label: string; value: number }> }>;
  };
  // The label carries the exact digits (the value is a double, as in the real API).
  const label = run.factMap["T!T"]?.aggregates[0]?.label ?? "";
  const report = new Dec(label.replace(/[$,]/g, "") || "0").toFixed(scale);
  const ledger = (await ledgerPayable(store)).toFixed(scale);
  return `Salesforce report "${REPORT}" (sandbox Reports API): grand total ${report}, ledger payable ${ledger}: ${report === ledger ? "equal to the cent" : "DIFFERENT"}\n`;
}
