// Bulk API 2.0 reads whose results span several pages. jsforce 3.10's bulk2.query() crashes on
// the second page (issue #1546, ERR_STREAM_WRITE_AFTER_END); the connector fetches
// /jobs/query/{id}/results itself, one page per request, following Sforce-Locator to "null".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReadRequest } from "../../../connectors/types.ts";
import { connectorFor, type Emulator, readAll, startProvisionedOrg } from "./helpers.ts";

const BASE = Date.parse("2026-05-01T00:00:00Z");
let clock = BASE;
let emulator: Emulator;
const ids: string[] = [];
const stampOf = new Map<string, number>();

beforeAll(async () => {
  // Pages of at most 1,000 rows, whatever maxRecords the client asks for.
  emulator = await startProvisionedOrg({ now: () => clock, bulkQueryPageSize: 1_000 });
  const partner = emulator.org.insert("Account", { Name: "Bulk partner", IsPartner: true }).Id;
  for (let i = 0; i < 5_000; i++) {
    // 97 distinct stamps in scrambled insertion order: result order is not cursor order, and
    // many records share a stamp, so the cursor needs the Id tiebreak.
    const stamp = BASE + ((i * 37) % 97) * 1_000;
    const rec = emulator.org.insert("Opportunity", {
      Name: `Bulk deal ${i}`,
      Amount: 100 + i,
      CloseDate: "2026-05-31",
      StageName: "Prospecting",
      PartnerAccountId: partner,
      SystemModstamp: stamp,
    });
    ids.push(rec.Id);
    stampOf.set(rec.Id, stamp);
  }
  clock = BASE + 100_000;
});
afterAll(() => emulator.close());

const request: ReadRequest = {
  object: "Opportunity",
  fields: ["Name", "Amount"],
  scope: [{ field: "PartnerAccountId", op: "not_null" }],
  mode: "full",
  cursor: null,
};

/** SOQL compares Ids as text, case-insensitively. */
const byId = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The greatest (SystemModstamp, Id). */
function greatest(list: string[]): { since: string; lastId: string } {
  const sorted = [...list].sort((a, b) => stampOf.get(a)! - stampOf.get(b)! || byId(a, b));
  const last = sorted.at(-1)!;
  return { since: new Date(stampOf.get(last)!).toISOString(), lastId: last };
}

describe("Salesforce Bulk 2.0 reads over several result pages", () => {
  it("reads 5,000 records in 1,000-row pages: each record once, the cursor only on the last page", async () => {
    const { connector } = connectorFor(emulator, { bulkReadThreshold: 1_000 });
    emulator.org.resetCalls();
    const pages = await readAll(connector, request);
    const calls = emulator.org.calls().byEndpoint;
    expect(calls["GET /services/data/vXX.X/jobs/query/:id/results"]).toBe(5);
    expect(calls["POST /services/data/vXX.X/jobs/query"]).toBe(1);
    expect(Object.keys(calls).some((k) => k.includes("/query?") || k.endsWith("/query/:locator"))).toBe(
      false,
    );

    expect(pages.map((p) => p.records.length)).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
    const seen = pages.flatMap((p) => p.records.map((r) => r.id));
    expect(new Set(seen).size).toBe(5_000);
    expect([...seen].sort()).toEqual([...ids].sort());
    const sample = pages[3]!.records[17]!;
    expect(sample.fields.Name).toMatch(/^Bulk deal \d+$/);
    expect(sample.modifiedAt).toBe(new Date(stampOf.get(sample.id)!).toISOString());

    // Unordered pages: until the job is read to the end, a crash must re-read from the start.
    for (const page of pages.slice(0, -1)) {
      expect(page.cursor).toEqual({ v: 1, since: "1970-01-01T00:00:00.000Z", lastId: null });
    }
    expect(pages.at(-1)!.cursor).toEqual({ v: 1, ...greatest(ids) });
  });

  it("an incremental Bulk read from that cursor returns only later changes, across pages again", async () => {
    const { connector } = connectorFor(emulator, { bulkReadThreshold: 1_000 });
    const cursor = (await readAll(connector, request)).at(-1)!.cursor;
    clock += 60_000;
    const changed = ids.filter((_, i) => i % 4 === 1); // 1,250 records
    for (const id of changed) emulator.org.update("Opportunity", id, { StageName: "Closed Won" });
    const pages = await readAll(connector, { ...request, mode: "incremental", cursor });
    expect(pages.map((p) => p.records.length)).toEqual([1_000, 250]);
    const seen = pages.flatMap((p) => p.records.map((r) => r.id));
    expect([...seen].sort()).toEqual([...changed].sort());
    const last = pages.at(-1)!.cursor as { since: string; lastId: string };
    expect(last.since).toBe(new Date(clock).toISOString());
    expect(last.lastId).toBe([...changed].sort(byId).at(-1));
    // Nothing changed since: the count short-circuits before any job is created.
    emulator.org.resetCalls();
    expect(await readAll(connector, { ...request, mode: "incremental", cursor: last })).toEqual([]);
    expect(emulator.org.calls().byEndpoint["POST /services/data/vXX.X/jobs/query"]).toBeUndefined();
  });
});
