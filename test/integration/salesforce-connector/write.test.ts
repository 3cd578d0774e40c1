import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BudgetStopError } from "../../../connectors/salesforce/index.ts";
import type { WriteRequest } from "../../../connectors/types.ts";
import { connectorFor, type Emulator, readAll, startProvisionedOrg } from "./helpers.ts";

let emulator: Emulator;
const ids: string[] = [];

beforeAll(async () => {
  emulator = await startProvisionedOrg();
  const account = emulator.org.insert("Account", { Name: "Partner W", IsPartner: true }).Id;
  for (let i = 0; i < 250; i++) {
    ids.push(
      emulator.org.insert("Opportunity", {
        Name: `W${i}`,
        CloseDate: "2026-04-30",
        StageName: "Closed Won",
        PartnerAccountId: account,
      }).Id,
    );
  }
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.org.setFaults({ lockRowRate: 0, rate503: 0, rate429: 0 });
  emulator.org.setApiUsage(0);
  emulator.org.resetCalls();
});

function request(round: number, invalid: Set<number> = new Set()): WriteRequest {
  return {
    object: "Opportunity",
    operation: "update",
    records: ids.map((id, i) => ({
      key: id,
      fields: {
        Incentive_Amount__c: `${round}${i}.25`,
        Incentive_Status__c: invalid.has(i) ? "Paid Twice" : "Earned",
      },
    })),
  };
}

describe("Salesforce write-back against the emulator (real jsforce)", () => {
  it("writes 250 records with 2 invalid in 2 calls: 248 written, 2 quarantined with field and message", async () => {
    const { connector } = connectorFor(emulator);
    const result = await connector.write(request(1, new Set([17, 203])));
    const failed = result.results.filter((r) => !r.ok);
    expect(result.results.filter((r) => r.ok)).toHaveLength(248);
    expect(failed.map((r) => r.key)).toEqual([ids[17], ids[203]]);
    for (const f of failed) {
      if (f.ok) continue;
      expect(f.failure.class).toBe("permanent");
      expect(f.failure.fields).toEqual(["Incentive_Status__c"]);
      expect(f.failure.message).not.toBe("");
    }
    expect(result.calls).toBe(2);
    expect(emulator.org.calls().total).toBe(2);
    expect(result.stoppedForBudget).toBe(false);
    expect(emulator.org.get("Opportunity", ids[0]!)).toMatchObject({
      Incentive_Amount__c: 10.25,
      Incentive_Status__c: "Earned",
    });
    expect(emulator.org.get("Opportunity", ids[17]!)?.Incentive_Status__c).toBeNull();
    // Our own writes read back with modifiedBy = the integration user, so the sync layer can skip the echo.
    const { connector: reader } = connectorFor(emulator);
    const [echo] = await reader.readByIds("Opportunity", [ids[0]!], ["Incentive_Status__c"]);
    expect(echo!.modifiedBy).toBe(emulator.org.users.integration);
  });

  it("retries UNABLE_TO_LOCK_ROW records with backoff until they go through", async () => {
    emulator.org.setFaults({ lockRowRate: 0.3, seed: 7 });
    const { connector, sleeps } = connectorFor(emulator);
    const result = await connector.write(request(2));
    expect(result.results.every((r) => r.ok)).toBe(true);
    expect(result.calls).toBeGreaterThan(2);
    expect(connector.stats().retries).toBe(result.calls - 2);
    expect(sleeps.length).toBe(result.calls - 2);
    expect(emulator.org.get("Opportunity", ids[249]!)).toMatchObject({ Incentive_Amount__c: 2249.25 });
  });

  it("resends a whole chunk after 503 and 429 answers (jsforce never retries PATCH)", async () => {
    emulator.org.setFaults({ rate503: 0.4, rate429: 0.2, seed: 3 }); // seed 3: two 429s and one 503
    const { connector } = connectorFor(emulator);
    const result = await connector.write(request(5));
    expect(result.results.every((r) => r.ok)).toBe(true);
    const calls = emulator.org.calls();
    expect(calls.byStatus).toEqual({ "200": 2, "429": 2, "503": 1 });
    expect(result.calls).toBe(calls.total);
    expect(connector.stats().retries).toBe(calls.total - 2);
  });

  it("a field the org lacks fails only the records that carry it", async () => {
    const { connector } = connectorFor(emulator);
    const result = await connector.write({
      object: "Opportunity",
      operation: "update",
      records: [
        { key: ids[0]!, fields: { SPIF_Awarded__c: "10.00" } },
        { key: ids[1]!, fields: { SPIF_Awarded__c: "11.00", Not_Deployed__c: "x" } },
        { key: ids[2]!, fields: { SPIF_Awarded__c: "12.00" } },
      ],
    });
    expect(result.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(result.results[1]).toMatchObject({
      failure: { class: "config", code: "INVALID_FIELD", fields: ["Not_Deployed__c"] },
    });
    expect(result.calls).toBe(2);
    expect(emulator.org.get("Opportunity", ids[2]!)?.SPIF_Awarded__c).toBe(12);
  });

  it("upserts on the Incentive_Key__c external id: a retried create does not duplicate", async () => {
    const { connector } = connectorFor(emulator);
    const req: WriteRequest = {
      object: "Account",
      operation: "upsert",
      externalIdField: "Incentive_Key__c",
      records: [
        {
          key: "partner-42",
          fields: { Name: "Upserted", Partner_Tier__c: "Gold", Partner_Score__c: "87.50" },
        },
      ],
    };
    const first = await connector.write(req);
    const again = await connector.write(req);
    expect(first.results[0]).toMatchObject({ ok: true, created: true });
    expect(again.results[0]).toMatchObject({ ok: true, created: false });
    const firstResult = first.results[0]!;
    const againResult = again.results[0]!;
    expect(firstResult.ok && againResult.ok && firstResult.id === againResult.id).toBe(true);
    const matches = emulator.org.query("SELECT Id FROM Account WHERE Incentive_Key__c = 'partner-42'");
    expect(matches.totalSize).toBe(1);
  });

  it("creates Tasks through sObject Collections: results keyed by the caller's reference, a bad one fails alone", async () => {
    const { connector } = connectorFor(emulator);
    const account = emulator.org.insert("Account", { Name: "Task Partner", IsPartner: true }).Id;
    const result = await connector.write({
      object: "Task",
      operation: "create",
      records: [
        {
          key: "n-1",
          fields: { Subject: "Acme is $12,300 from Gold", ActivityDate: "2026-12-31", WhatId: account },
        },
        { key: "n-2", fields: { Subject: "Bad status", Status: "Half Done", WhatId: account } },
      ],
    });
    expect(result.calls).toBe(1);
    expect(result.results.map((r) => [r.key, r.ok])).toEqual([
      ["n-1", true],
      ["n-2", false],
    ]);
    const created = result.results[0]!;
    if (!created.ok) throw new Error("not created");
    expect(emulator.org.get("Task", created.id)).toMatchObject({
      Subject: "Acme is $12,300 from Gold",
      Status: "Not Started",
      AccountId: account,
    });
    expect(result.results[1]).toMatchObject({ failure: { class: "permanent", fields: ["Status"] } });
  });

  it("never resends a create after a 503 (it may have been applied): reported as unconfirmed", async () => {
    emulator.org.setFaults({ rate503: 1, seed: 1 });
    const { connector } = connectorFor(emulator);
    const result = await connector.write({
      object: "Task",
      operation: "create",
      records: [{ key: "n-3", fields: { Subject: "Maybe created" } }],
    });
    expect(emulator.org.calls().total).toBe(1);
    expect(result.results[0]).toMatchObject({
      ok: false,
      failure: { class: "retryable", code: "CREATE_UNCONFIRMED" },
    });
  });

  it("goes through Bulk API 2.0 ingest above the threshold, failed rows mapped the same way", async () => {
    const { connector } = connectorFor(emulator, { bulkWriteThreshold: 100 });
    const result = await connector.write(request(3, new Set([5, 6])));
    expect(result.results.filter((r) => r.ok)).toHaveLength(248);
    const failed = result.results.filter((r) => !r.ok);
    expect(failed.map((r) => r.key)).toEqual([ids[5], ids[6]]);
    expect(failed[0]).toMatchObject({ failure: { class: "permanent", fields: ["Incentive_Status__c"] } });
    expect(Object.keys(emulator.org.calls().byEndpoint).some((k) => k.includes("jobs/ingest"))).toBe(true);
    expect(emulator.org.get("Opportunity", ids[100]!)).toMatchObject({ Incentive_Amount__c: 3100.25 });
  });

  it("stops starting new work at 80% of the daily limit and says so (writes and reads)", async () => {
    const { max } = emulator.org.apiUsage();
    emulator.org.setApiUsage(Math.ceil(max * 0.8) - 1);
    const { connector } = connectorFor(emulator);
    const result = await connector.write(request(4));
    expect(result.calls).toBe(1);
    expect(result.stoppedForBudget).toBe(true);
    expect(result.results.filter((r) => r.ok)).toHaveLength(200);
    expect(result.results.filter((r) => !r.ok && r.failure.code === "API_BUDGET_STOP")).toHaveLength(50);
    const budget = await connector.budget();
    expect(budget.used / budget.limit).toBeGreaterThanOrEqual(0.8);
    await expect(
      readAll(connector, { object: "Opportunity", fields: ["Name"], mode: "full", cursor: null }),
    ).rejects.toBeInstanceOf(BudgetStopError);
  });
});
