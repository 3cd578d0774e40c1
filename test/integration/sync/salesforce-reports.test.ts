// Channel ops' "Payouts by partner and period" report, run the way a Salesforce user's tools run
// it (jsforce's Analytics API, Execute Sync with details) on the sandbox org after the demo's
// reconcile: every partner's subtotal, every partner-and-period subtotal and the grand total equal
// the ledger's figures to the cent. The report is the package's XML, run by the sandbox org.
import { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import type { Entry } from "../../../src/sync/model.ts";
import { type Harness, startHarness } from "./harness.ts";

type Fact = { aggregates: Array<{ label: string; value: number }>; rows?: unknown[] };
type Grouping = { key: string; label: string; value: string | null; groupings: Grouping[] };
interface Run {
  factMap: Record<string, Fact>;
  groupingsDown: { groupings: Grouping[] };
  reportMetadata: { aggregates: string[] };
  allData: boolean;
}

let h: Harness;
let run: Run;
/** Ledger sums (adjustments under the period they correct, as Incentive_Payout__c holds them). */
const byPartner = new Map<string, Dec>();
const byPartnerPeriod = new Map<string, Dec>();
let total = new Dec(0);

/** `$1,234.56` / `-$5.00` → `1234.56` / `-5.00`. */
const labelAmount = (label: string) => label.replace(/[$,]/g, "");

beforeAll(async () => {
  h = await startHarness();
  const report = await h.runtime.reconcile({ trigger: "demo" });
  expect(report.outcome).not.toBe("failed");
  // Store partner → its Salesforce account: payouts are written only for partners with one.
  const accountOf = new Map<string, string>();
  for (const p of await h.store.partners.list()) {
    const sf = (p.raw as Entry["raw"]).sides.salesforce?.id;
    if (sf) accountOf.set(p.id, sf);
  }
  let afterId: string | undefined;
  for (;;) {
    const page = await h.store.ledger.list({ limit: 5000, ...(afterId ? { afterId } : {}) });
    for (const row of page.items) {
      const account = accountOf.get(row.partner);
      if (!row.component || !account) continue;
      const amount = new Dec(row.amount);
      const period = row.adjustsPeriod ?? row.period;
      byPartner.set(account, (byPartner.get(account) ?? new Dec(0)).plus(amount));
      const k = `${account} ${period}`;
      byPartnerPeriod.set(k, (byPartnerPeriod.get(k) ?? new Dec(0)).plus(amount));
      total = total.plus(amount);
    }
    if (!page.nextAfterId) break;
    afterId = page.nextAfterId;
  }
  const conn = new Connection({
    instanceUrl: h.sandbox.salesforce.url,
    accessToken: h.sandbox.salesforce.accessToken,
    version: "62.0",
  });
  const info = (await conn.analytics.reports()).find((r) => r.name === "Payouts by partner and period");
  if (!info) throw new Error("the sandbox org has no Payouts by partner and period report");
  run = (await conn.analytics.report(info.id).execute({ details: true })) as unknown as Run;
});

afterAll(async () => {
  await h?.close();
});

describe("Payouts by partner and period after the demo reconcile", () => {
  it("has a subtotal per partner equal to the partner's ledger total, to the cent", () => {
    expect(run.reportMetadata.aggregates).toEqual(["s!Incentive_Payout__c$Amount__c", "RowCount"]);
    const partners = run.groupingsDown.groupings;
    // Every partner with ledger amounts appears (a partner whose lines sum to zero still has rows).
    expect(partners.map((g) => g.value).sort()).toEqual([...byPartner.keys()].sort());
    expect(partners.length).toBeGreaterThan(5);
    for (const g of partners) {
      const want = byPartner.get(g.value!)!.toFixed(2);
      const sum = run.factMap[`${g.key}!T`]!.aggregates[0]!;
      expect(new Dec(String(sum.value)).toFixed(2), g.label).toBe(want);
      expect(labelAmount(sum.label), g.label).toBe(want);
    }
  });

  it("has a subtotal per partner and period equal to the ledger's, to the cent", () => {
    let checked = 0;
    for (const g of run.groupingsDown.groupings)
      for (const p of g.groupings) {
        const want = byPartnerPeriod.get(`${g.value} ${p.label}`);
        expect(want, `${g.label} ${p.label}`).toBeDefined();
        expect(new Dec(String(run.factMap[`${p.key}!T`]!.aggregates[0]!.value)).toFixed(2)).toBe(
          want!.toFixed(2),
        );
        checked++;
      }
    expect(checked).toBe(byPartnerPeriod.size);
  });

  it("has a grand total equal to the ledger's total and a row per payout", () => {
    const grand = run.factMap["T!T"]!.aggregates;
    expect(new Dec(String(grand[0]!.value)).toFixed(2)).toBe(total.toFixed(2));
    expect(labelAmount(grand[0]!.label)).toBe(total.toFixed(2));
    expect(total.isZero()).toBe(false);
    const rows = Object.entries(run.factMap)
      .filter(([k]) => /^\d+_\d+!T$/.test(k))
      .reduce((n, [, f]) => n + (f.rows?.length ?? 0), 0);
    expect(rows).toBe(grand[1]!.value);
    expect(run.allData).toBe(true);
  });
});
