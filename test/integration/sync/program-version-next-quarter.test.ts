// Issue #16, "Program versions per period": a version published today, effective next quarter,
// must not touch any period already computed — neither when it is published nor once its quarter
// has come — and the next quarter is computed with its rates. Against the sandbox CRMs.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulateAdmin } from "../../../src/service/adapters/simulate-admin.ts";
import type { LedgerEntry } from "../../../src/store/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("pglite");
});
afterAll(async () => {
  await h?.close();
});

async function allEntries(): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await h.store.ledger.list({ limit: 10_000, ...(afterId ? { afterId } : {}) });
    out.push(...page.items);
    if (!page.nextAfterId) return out;
    afterId = page.nextAfterId;
  }
}

// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
async function createOpportunity(fields: Record<string, unknown>): Promise<string> {
  const env = h.sandbox.env;
  const res = await fetch(`${env.SALESFORCE_INSTANCE_URL}/services/data/v62.0/sobjects/Opportunity`, {
    method: "POST",
    headers: { Authorization: `Bearer ${env.SALESFORCE_ACCESS_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify(fields),
  });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 201 || !body.id)
    throw new Error(`create Opportunity: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

const DAY = 86_400_000;

describe("a program version effective next quarter", () => {
  it("leaves every earlier period alone and computes the next quarter with the new rates", async () => {
    // The harness clock starts on 2026-11-20: the current period is 2026-Q4.
    const first = await h.runtime.reconcile();
    expect(first.outcome).toBe("ok");
    expect(first.period).toBe("2026-Q4");
    const [v1] = await h.store.programVersions.list();
    const before = await allEntries();
    expect(before.length).toBeGreaterThan(0);

    // v2 doubles the resale rates from 2027-01-01.
    const yaml = (await readFile("programs/example.yaml", "utf8"))
      .replace('{ from: "500000", rate: "0.10" }', '{ from: "500000", rate: "0.20" }')
      .replace('{ from: "100000", rate: "0.07" }', '{ from: "100000", rate: "0.14" }')
      .replace('{ from: "0",      rate: "0.05" }', '{ from: "0",      rate: "0.10" }');
    expect(yaml).toContain('rate: "0.14"');
    expect(yaml).toContain('rate: "0.20" }');
    const { version: v2 } = await h.store.programVersions.save({
      name: v1!.name,
      yaml,
      effectiveFrom: "2027-01-01",
      createdBy: "test",
    });

    // Published but not yet in effect: nothing is recomputed, nothing is posted.
    const published = await h.runtime.reconcile();
    expect(published.outcome).toBe("ok");
    expect(published.counts["ledger.rows"] ?? 0).toBe(0);
    expect(published.counts["ledger.adjustments"] ?? 0).toBe(0);
    expect((await allEntries()).length).toBe(before.length);

    // A new-business deal closing in 2027-Q1 for a partner with an open agreement.
    const account = h.sandbox.salesforce.org.query(
      "SELECT Id FROM Account WHERE IsPartner = true AND Agreement_Signed__c = true AND Compliance_OK__c = true LIMIT 1",
    ).records[0]!;
    await createOpportunity({
      Name: "Q1 2027 deal",
      PartnerAccountId: account.Id,
      Type: "New Business",
      StageName: "Closed Won",
      Amount: 40000,
      CurrencyIsoCode: "USD",
      CloseDate: "2027-01-15",
      Attribution__c: "Sourced",
      Product_Code__c: "CORE",
    });

    // Two months later the clock is in 2027-Q1, where v2 is in effect.
    h.advance(61 * DAY);
    const next = await h.runtime.reconcile();
    expect(next.outcome).toBe("ok");
    expect(next.period).toBe("2027-Q1");
    const added = (await allEntries()).filter((e) => e.runId === next.runId);
    expect(added.length).toBeGreaterThan(0);
    // No row for (or adjusting) any 2026 period: they stay as v1 computed them.
    expect(added.filter((e) => e.period !== "2027-Q1")).toEqual([]);
    expect(added.filter((e) => e.adjustsPeriod !== null)).toEqual([]);
    expect(new Set(added.map((e) => e.programVersion))).toEqual(new Set([v2.id]));
    // Earlier rows untouched and still v1's.
    const earlier = (await allEntries()).filter((e) => e.period < "2027-Q1");
    expect(earlier.length).toBe(before.length);
    expect(new Set(earlier.map((e) => e.programVersion))).toEqual(new Set([v1!.id]));

    // The new deal's resale line is v2's 10% band (its first resale deal of the quarter).
    const partnerKey = h.sandbox.salesforce.org.get("Account", String(account.Id))!
      .Incentive_Key__c as string;
    const statement = await h.store.ledger.statement(partnerKey, "2027-Q1");
    const lines = (
      statement!.partner.lines as Array<{ component: string; deal_id: string; explanation: string }>
    ).filter((l) => l.component === "resale");
    expect(lines.length).toBe(1);
    expect(lines[0]!.explanation).toBe("40000.00 at 10% (band from 0)");
    expect(statement!.programVersion).toBe(v2.id);

    // Simulate's "before" is the same schedule, so it equals what was posted for every partner
    // (v2 alone over all periods would release different 2026 holdbacks into 2027-Q1).
    const simulate = createSimulateAdmin({ store: h.store, fx: h.sandbox.fx });
    const sim = await simulate.simulate({ program: yaml, period: "2027-Q1" });
    if (!sim.ok) throw new Error(JSON.stringify(sim.problems));
    let compared = 0;
    for (const p of sim.result.partners) {
      const posted = await h.store.ledger.statement(p.partnerId, "2027-Q1");
      expect(p.before.payout).toBe(posted!.partner.payable);
      if (p.before.payout !== "0.00") compared++;
    }
    expect(compared).toBeGreaterThan(0);
    // The draft equals v2 from 2027-Q1 on: nothing changes.
    expect(sim.result.totals.delta).toBe("0.00");
  });
});
