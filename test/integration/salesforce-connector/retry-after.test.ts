// Retry-After end to end: the emulator's injected 429/503 answers carry the header when told
// (faults.retryAfter429Seconds / retryAfter503Seconds), and the connector waits at least that
// long before the next attempt, or gives up when it is longer than the retry policy allows.
// Reads own their retries (jsforce's silent GET retry is off inside them), so every injected
// answer is seen, counted and waited out with the connector's injectable sleep.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ReadRequest, WriteRequest } from "../../../connectors/types.ts";
import { connectorFor, type Emulator, readAll, startProvisionedOrg } from "./helpers.ts";

let emulator: Emulator;
const ids: string[] = [];

beforeAll(async () => {
  emulator = await startProvisionedOrg();
  const partner = emulator.org.insert("Account", { Name: "Retry partner", IsPartner: true }).Id;
  for (let i = 0; i < 2_500; i++) {
    ids.push(
      emulator.org.insert("Opportunity", {
        Name: `Retry deal ${i}`,
        CloseDate: "2026-07-31",
        StageName: "Prospecting",
        PartnerAccountId: partner,
      }).Id,
    );
  }
});
afterAll(() => emulator.close());
afterEach(() => {
  emulator.org.setFaults({});
  emulator.org.resetCalls();
});

const status = (code: string) => emulator.org.calls().byStatus[code] ?? 0;

function update(round: number, count: number): WriteRequest {
  return {
    object: "Opportunity",
    operation: "update",
    records: ids.slice(0, count).map((id, i) => ({
      key: id,
      fields: { Incentive_Amount__c: `${round}${i}.50` },
    })),
  };
}

const read: ReadRequest = {
  object: "Opportunity",
  fields: ["Name"],
  scope: [{ field: "PartnerAccountId", op: "not_null" }],
  mode: "full",
  cursor: null,
};

describe("Retry-After on injected 429/503, end to end", () => {
  it("writes wait the Retry-After of each 429/503 before resending the chunk", async () => {
    emulator.org.setFaults({
      seed: 3,
      rate429: 0.2,
      rate503: 0.4,
      retryAfter429Seconds: 1,
      retryAfter503Seconds: 1,
    });
    const { connector, sleeps } = connectorFor(emulator);
    const result = await connector.write(update(1, 300));
    expect(result.results.every((r) => r.ok)).toBe(true);
    const faults = status("429") + status("503");
    expect(faults).toBeGreaterThan(0);
    // The policy's own backoff (10 ms base) is far below 1 s: every wait is the header's.
    expect(sleeps).toEqual(Array(faults).fill(1_000));
    expect(connector.stats().retries).toBe(faults);
    expect(emulator.org.get("Opportunity", ids[299]!)).toMatchObject({ Incentive_Amount__c: 1299.5 });
  });

  it("a write whose Retry-After exceeds the policy's max delay gives up at once, retryable", async () => {
    emulator.org.setFaults({ rate503: 1, retryAfter503Seconds: 5 }); // max delay is 2 s
    const { connector, sleeps } = connectorFor(emulator);
    const result = await connector.write(update(2, 10));
    expect(sleeps).toEqual([]);
    expect(result.calls).toBe(1);
    expect(result.results.every((r) => !r.ok && r.failure.class === "retryable")).toBe(true);
    expect(result.results[0]).toMatchObject({ failure: { code: "SERVER_UNAVAILABLE" } });
  });

  it("REST reads wait the Retry-After of each 429, every attempt seen and counted", async () => {
    emulator.org.setFaults({ seed: 5, rate429: 0.3, retryAfter429Seconds: 2 });
    const { connector, sleeps } = connectorFor(emulator);
    const pages = await readAll(connector, read);
    expect(pages.flatMap((p) => p.records)).toHaveLength(2_500);
    const injected = status("429");
    expect(injected).toBeGreaterThan(0);
    expect(sleeps).toEqual(Array(injected).fill(2_000));
    // Every wait went through the connector's injected sleep (jsforce's own GET retry would have
    // slept for real and not been counted).
    expect(connector.stats().retries).toBe(injected);
  });

  it("without Retry-After, reads back off on the policy alone", async () => {
    emulator.org.setFaults({ seed: 5, rate503: 0.3 });
    const { connector, sleeps } = connectorFor(emulator);
    const pages = await readAll(connector, read);
    expect(pages.flatMap((p) => p.records)).toHaveLength(2_500);
    expect(sleeps.length).toBe(status("503"));
    expect(sleeps.length).toBeGreaterThan(0);
    expect(Math.max(...sleeps)).toBeLessThan(1_000);
  });

  it("Bulk 2.0 reads (job POST, polls, result pages) honour Retry-After too", async () => {
    emulator.org.setFaults({ seed: 9, rate503: 0.3, retryAfter503Seconds: 1 });
    const { connector, sleeps } = connectorFor(emulator, { bulkReadThreshold: 1_000 });
    const pages = await readAll(connector, read);
    const calls = emulator.org.calls();
    expect(Object.keys(calls.byEndpoint).some((k) => k.includes("jobs/query"))).toBe(true);
    const seen = pages.flatMap((p) => p.records.map((r) => r.id));
    expect(new Set(seen).size).toBe(2_500);
    expect(seen).toHaveLength(2_500);
    expect(status("503")).toBeGreaterThan(0);
    // Bulk polls also sleep the poll interval (20 ms); every 503 costs one 1 s wait.
    expect(sleeps.filter((ms) => ms === 1_000)).toHaveLength(status("503"));
    expect(sleeps.every((ms) => ms === 1_000 || ms === 20)).toBe(true);
  });
});
