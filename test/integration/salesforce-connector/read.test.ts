import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrmRecord, SyncCursor } from "../../../connectors/types.ts";
import { connectorFor, type Emulator, readAll, startProvisionedOrg } from "./helpers.ts";

const FIELDS = ["Name", "Amount", "CloseDate", "StageName", "Incentive_Status__c"];
let emulator: Emulator;
let clock = Date.parse("2026-04-01T00:00:00Z");

beforeAll(async () => {
  emulator = await startProvisionedOrg({ now: () => clock });
});
afterAll(() => emulator.close());

function insertDeals(n: number, account: string, stampMs?: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const rec = emulator.org.insert("Opportunity", {
      Name: `Deal ${i}`,
      Amount: 1000 + i + 0.5,
      CloseDate: "2026-04-30",
      StageName: "Prospecting",
      PartnerAccountId: account,
      ...(stampMs !== undefined ? { SystemModstamp: stampMs } : {}),
    });
    ids.push(rec.Id);
  }
  return ids;
}

describe("Salesforce reads against the emulator (real jsforce)", () => {
  let account: string;
  let cursor: SyncCursor;
  let firstIds: string[];

  it("first full read returns every record in scope with neutral values", async () => {
    account = emulator.org.insert("Account", { Name: "Partner A", IsPartner: true }).Id;
    emulator.org.insert("Opportunity", {
      Name: "No partner",
      CloseDate: "2026-04-30",
      StageName: "Prospecting",
    });
    firstIds = insertDeals(30, account);
    const { connector } = connectorFor(emulator);
    const pages = await readAll(connector, {
      object: "Opportunity",
      fields: FIELDS,
      scope: [{ field: "PartnerAccountId", op: "not_null" }],
      associations: [{ toObject: "Account", label: "PartnerAccountId", as: "partner" }],
      mode: "full",
      cursor: null,
    });
    const records = pages.flatMap((p) => p.records);
    expect(records.map((r) => r.id).sort()).toEqual([...firstIds].sort());
    const first = records.find((r) => r.id === firstIds[0])!;
    expect(first.fields).toEqual({
      Name: "Deal 0",
      Amount: "1000.50",
      CloseDate: "2026-04-30",
      StageName: "Prospecting",
      Incentive_Status__c: null,
    });
    expect(first.associations.partner).toEqual([account]);
    expect(first.modifiedAt).toBe("2026-04-01T00:00:00.000Z");
    expect(first.modifiedBy).toMatch(/^005/);
    cursor = pages.at(-1)!.cursor;
  });

  it("incremental read after edits returns only the changed records, and deletes as tombstones", async () => {
    clock += 60_000;
    emulator.org.update("Opportunity", firstIds[3]!, { StageName: "Closed Won" });
    emulator.org.update("Opportunity", firstIds[7]!, { Amount: 99.99 });
    clock += 1_000;
    emulator.org.delete("Opportunity", firstIds[9]!);
    const { connector } = connectorFor(emulator);
    const pages = await readAll(connector, {
      object: "Opportunity",
      fields: FIELDS,
      scope: [{ field: "PartnerAccountId", op: "not_null" }],
      mode: "incremental",
      cursor,
    });
    const records = pages.flatMap((p) => p.records);
    expect(records.map((r) => [r.id, r.deleted])).toEqual([
      [firstIds[3], false],
      [firstIds[7], false],
      [firstIds[9], true],
    ]);
    expect(records[1]!.fields.Amount).toBe("99.99");
    cursor = pages.at(-1)!.cursor;
    // Nothing changed since: the same cursor yields nothing.
    expect(
      await readAll(connector, { object: "Opportunity", fields: FIELDS, mode: "incremental", cursor }),
    ).toEqual([]);
  });

  it("neither misses nor doubles records that share one SystemModstamp across a 2,000-row batch boundary", async () => {
    clock += 60_000;
    const stamp = clock;
    const shared = insertDeals(2_500, account, stamp);
    const { connector } = connectorFor(emulator);
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let resumeFrom = cursor;
    // Read one page, "crash", and resume from the saved cursor each time.
    for (let guard = 0; guard < 10; guard++) {
      const iterator = connector
        .read({ object: "Opportunity", fields: ["Name"], mode: "incremental", cursor: resumeFrom })
        [Symbol.asyncIterator]();
      const next = await iterator.next();
      await iterator.return?.();
      if (next.done) break;
      pageSizes.push(next.value.records.length);
      seen.push(...next.value.records.map((r: CrmRecord) => r.id));
      resumeFrom = next.value.cursor;
    }
    expect(pageSizes).toEqual([2_000, 500]);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...shared].sort());
    expect(resumeFrom).toMatchObject({ since: new Date(stamp).toISOString() });
    cursor = resumeFrom;
  });

  it("switches to Bulk API 2.0 above the threshold and yields the same records", async () => {
    const { connector } = connectorFor(emulator, { bulkReadThreshold: 1_000 });
    const { connector: rest } = connectorFor(emulator);
    const request = {
      object: "Opportunity",
      fields: FIELDS,
      scope: [{ field: "PartnerAccountId", op: "not_null" as const }],
      mode: "full" as const,
      cursor: null,
    };
    emulator.org.resetCalls();
    const bulkPages = await readAll(connector, request);
    const calls = emulator.org.calls();
    expect(Object.keys(calls.byEndpoint).some((k) => k.includes("jobs/query"))).toBe(true);
    const restPages = await readAll(rest, request);
    const byId = (pages: typeof bulkPages) =>
      new Map(
        pages
          .flatMap((p) => p.records)
          .map((r) => [r.id, JSON.stringify({ ...r, modifiedAt: r.modifiedAt })]),
      );
    const bulk = byId(bulkPages);
    const viaRest = byId(restPages);
    expect(bulk.size).toBe(2_529);
    expect(bulkPages.length).toBe(2); // streamed in 2,000-row result pages via Sforce-Locator
    expect(bulk).toEqual(viaRest);
    // The last bulk page carries the greatest (SystemModstamp, Id) seen.
    const last = bulkPages.at(-1)!.cursor as { since: string; lastId: string };
    const restLast = restPages.at(-1)!.cursor;
    expect(last).toEqual(restLast);
  });

  it("reads known ids for webhooks: live records, deleted and unknown ids as tombstones", async () => {
    const { connector } = connectorFor(emulator);
    const unknown = "006000000000999AAA";
    const records = await connector.readByIds(
      "Opportunity",
      [firstIds[3]!, firstIds[9]!, unknown],
      ["Name", "StageName"],
    );
    expect(records.map((r) => [r.id, r.deleted])).toEqual([
      [firstIds[3], false],
      [firstIds[9], true],
      [unknown, true],
    ]);
    expect(records[0]!.fields).toEqual({ Name: "Deal 3", StageName: "Closed Won" });
  });

  it("Bulk incremental reads use queryAll too, so deletions arrive as tombstones", async () => {
    clock += 60_000;
    emulator.org.delete("Opportunity", firstIds[11]!);
    emulator.org.update("Opportunity", firstIds[12]!, { StageName: "Closed Lost" });
    const { connector } = connectorFor(emulator, { bulkReadThreshold: 1 });
    emulator.org.resetCalls();
    const pages = await readAll(connector, {
      object: "Opportunity",
      fields: FIELDS,
      mode: "incremental",
      cursor,
    });
    expect(Object.keys(emulator.org.calls().byEndpoint).some((k) => k.includes("jobs/query"))).toBe(true);
    const records = pages.flatMap((p) => p.records);
    expect(records.map((r) => [r.id, r.deleted]).sort()).toEqual(
      [
        [firstIds[11], true],
        [firstIds[12], false],
      ].sort(),
    );
    expect(pages.at(-1)!.cursor).toMatchObject({ since: new Date(clock).toISOString() });
  });

  it("lists merged-away accounts on the survivor when the merge lands in one page", async () => {
    clock += 60_000;
    const survivor = emulator.org.insert("Account", { Name: "Survivor", IsPartner: true }).Id;
    const loser = emulator.org.insert("Account", { Name: "Loser", IsPartner: true }).Id;
    const { connector } = connectorFor(emulator);
    const start = (
      await readAll(connector, { object: "Account", fields: ["Name"], mode: "full", cursor: null })
    ).at(-1)!.cursor;
    clock += 60_000;
    emulator.org.update("Account", loser, { MasterRecordId: survivor });
    emulator.org.delete("Account", loser);
    emulator.org.update("Account", survivor, { Name: "Survivor (merged)" });
    const records = (
      await readAll(connector, { object: "Account", fields: ["Name"], mode: "incremental", cursor: start })
    ).flatMap((p) => p.records);
    expect(records.find((r) => r.id === loser)).toMatchObject({ deleted: true });
    expect(records.find((r) => r.id === survivor)).toMatchObject({ mergedIds: [loser] });
  });
});
