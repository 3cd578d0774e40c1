// Incremental reads with a mapping scope: the scope conditions AND the (SystemModstamp, Id)
// resume clause, which has an OR. The emulator, like Salesforce, rejects AND and OR mixed
// without parentheses (MALFORMED_QUERY), so these reads prove the connector's SOQL is grouped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReadRequest, SyncCursor } from "../../../connectors/types.ts";
import { connectorFor, type Emulator, readAll, startProvisionedOrg } from "./helpers.ts";

const START = Date.parse("2026-06-01T00:00:00Z");
let clock = START;
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startProvisionedOrg({ now: () => clock });
});
afterAll(() => emulator.close());

const scope: NonNullable<ReadRequest["scope"]> = [
  { field: "IsPartner", op: "eq", value: true },
  { field: "Partner_Type__c", op: "in", value: ["Reseller", "VAR"] },
  { field: "Website", op: "not_null" },
];

function account(name: string, fields: Record<string, unknown>): string {
  return emulator.org.insert("Account", { Name: name, Website: `https://${name}.example.com`, ...fields }).Id;
}

/** A full read's last cursor: where an incremental read of this test starts. */
async function fullRead(): Promise<{ ids: string[]; cursor: SyncCursor }> {
  const { connector } = connectorFor(emulator);
  const pages = await readAll(connector, {
    object: "Account",
    fields: ["Name", "Partner_Type__c"],
    scope,
    mode: "full",
    cursor: null,
  });
  return { ids: pages.flatMap((p) => p.records.map((r) => r.id)).sort(), cursor: pages.at(-1)!.cursor };
}

// Each test reads from a cursor of its own (no test depends on another's cursor or order).
describe("Salesforce incremental reads with a scope", () => {
  let inScope: string[];
  let outOfScope: string[];

  beforeAll(() => {
    inScope = [
      account("reseller-a", { IsPartner: true, Partner_Type__c: "Reseller" }),
      account("var-b", { IsPartner: true, Partner_Type__c: "VAR" }),
    ];
    outOfScope = [
      account("tech-c", { IsPartner: true, Partner_Type__c: "Technology" }),
      account("customer-d", { IsPartner: false, Partner_Type__c: "Reseller" }),
      emulator.org.insert("Account", { Name: "no-site", IsPartner: true, Partner_Type__c: "VAR" }).Id,
    ];
  });

  it("a full read returns exactly the in-scope accounts", async () => {
    // The org's own answer to the scope, so the test holds whatever other tests added.
    const expected = emulator.org
      .query(
        "SELECT Id FROM Account WHERE IsPartner = true AND Partner_Type__c IN ('Reseller', 'VAR') AND Website != null",
      )
      .records.map((r) => String(r.Id))
      .sort();
    expect(expected).toEqual(expect.arrayContaining(inScope));
    const { ids } = await fullRead();
    expect(ids).toEqual(expected);
    for (const id of outOfScope) expect(ids).not.toContain(id);
  });

  for (const via of ["REST", "Bulk 2.0"] as const) {
    it(`an incremental read (${via}) returns in-scope changes after the cursor, deletions included`, async () => {
      const tag = via === "REST" ? "rest" : "bulk";
      const { cursor } = await fullRead();
      const victim = account(`victim-${tag}`, { IsPartner: true, Partner_Type__c: "Reseller" });
      clock += 60_000;
      // All at one stamp: the resume clause's (SystemModstamp = t AND Id > x) branch matters.
      emulator.org.update("Account", inScope[0]!, { Description: `edited ${tag}` });
      for (const id of outOfScope) emulator.org.update("Account", id, { Description: `edited ${tag}` });
      const added = account(`new-${tag}`, { IsPartner: true, Partner_Type__c: "VAR" });
      emulator.org.delete("Account", victim);
      const { connector } = connectorFor(emulator, via === "REST" ? {} : { bulkReadThreshold: 1 });
      emulator.org.resetCalls();
      const pages = await readAll(connector, {
        object: "Account",
        fields: ["Name", "Partner_Type__c"],
        scope,
        mode: "incremental",
        cursor,
      });
      const calls = emulator.org.calls();
      expect(Object.keys(calls.byEndpoint).some((k) => k.includes("jobs/query"))).toBe(via === "Bulk 2.0");
      expect(calls.byStatus["400"]).toBeUndefined();
      const records = pages.flatMap((p) => p.records);
      expect(records.map((r) => [r.id, r.deleted]).sort()).toEqual(
        [
          [inScope[0]!, false],
          [added, false],
          [victim, true],
        ].sort(),
      );
      for (const id of outOfScope) expect(records.some((r) => r.id === id)).toBe(false);
      expect(pages.at(-1)!.cursor).toMatchObject({ since: new Date(clock).toISOString() });
    });
  }
});
