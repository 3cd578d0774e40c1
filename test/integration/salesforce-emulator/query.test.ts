import type { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSalesforceEmulator } from "../../../sandbox/salesforce/server.ts";
import { connect, raw, startEmulator } from "./fixtures.ts";

type Row = Record<string, unknown>;

describe("Salesforce emulator: query and queryAll through jsforce", () => {
  let emu: RunningSalesforceEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emu = await startEmulator({
      seed: { partners: 40, deals: 4500, seed: 7 },
      now: () => Date.parse("2026-11-15T10:00:00Z"),
    });
    conn = connect(emu);
  });
  afterAll(() => emu.close());

  it("pages 4,500 records in three batches of at most 2,000 with locators free of '/'", async () => {
    const first = await conn.query<Row>("SELECT Id, Name FROM Opportunity");
    expect(first.totalSize).toBe(4500);
    expect(first.records).toHaveLength(2000);
    expect(first.done).toBe(false);
    const locator = first.nextRecordsUrl!.split("/").pop()!;
    expect(first.nextRecordsUrl!.endsWith(`/services/data/v62.0/query/${locator}`)).toBe(true);
    expect(locator).toMatch(/^[A-Za-z0-9]+-2000$/);
    const second = await conn.queryMore<Row>(locator);
    expect(second.records).toHaveLength(2000);
    const third = await conn.queryMore<Row>(second.nextRecordsUrl!);
    expect(third.records).toHaveLength(500);
    expect(third.done).toBe(true);
    expect(third.nextRecordsUrl).toBeUndefined();
    const ids = new Set([...first.records, ...second.records, ...third.records].map((r) => r.Id));
    expect(ids.size).toBe(4500);
  });

  it("follows every page with autoFetch", async () => {
    emu.org.resetCalls();
    const all = await conn.query<Row>("SELECT Id FROM Opportunity", { autoFetch: true, maxFetch: 10_000 });
    expect(all.records).toHaveLength(4500);
    const calls = emu.org.calls();
    expect(calls.byEndpoint["GET /services/data/vXX.X/query"]).toBe(1);
    expect(calls.byEndpoint["GET /services/data/vXX.X/query/:locator"]).toBe(2);
  });

  it("honours Sforce-Query-Options batchSize (clamped to 200..2000)", async () => {
    const res = await raw(
      emu,
      "GET",
      `/services/data/v62.0/query?q=${encodeURIComponent("SELECT Id FROM Opportunity")}`,
      undefined,
      {
        "Sforce-Query-Options": "batchSize=200",
      },
    );
    const body = res.body as { records: Row[]; done: boolean; totalSize: number };
    expect(body.records).toHaveLength(200);
    expect(body.done).toBe(false);
  });

  it("renders parent relationship fields as nested records with attributes", async () => {
    const res = await conn.query<Row>(
      "SELECT Id, Name, Amount, PartnerAccount.Name, PartnerAccount.IsPartner, Owner.Name, LastModifiedBy.Name, Account.Name FROM Opportunity WHERE PartnerAccountId != null LIMIT 1",
    );
    const rec = res.records[0]!;
    expect(rec.attributes).toEqual({
      type: "Opportunity",
      url: `/services/data/v62.0/sobjects/Opportunity/${rec.Id}`,
    });
    const partner = rec.PartnerAccount as Row;
    expect((partner.attributes as Row).type).toBe("Account");
    expect(partner.IsPartner).toBe(true);
    expect(typeof partner.Name).toBe("string");
    expect((rec.Owner as Row).Name).toBe("Sandbox Admin");
    expect((rec.LastModifiedBy as Row).Name).toBe("Sandbox Admin");
  });

  it("filters with AND/OR/NOT, IN, LIKE, dates, datetimes, booleans and numbers; orders; limits", async () => {
    const res = await conn.query<Row>(
      "SELECT Id, Amount, StageName, CloseDate FROM Opportunity WHERE (StageName IN ('Closed Won', 'Closed Lost') OR Amount > 300000) AND NOT Name LIKE 'Renewal%' AND CloseDate >= 2026-04-01 AND CloseDate < 2026-07-01 AND IsDeleted = false AND CreatedDate < 2030-01-01T00:00:00Z ORDER BY Amount DESC NULLS LAST, Id LIMIT 50",
    );
    expect(res.records.length).toBe(50);
    let previous = Number.POSITIVE_INFINITY;
    for (const r of res.records) {
      expect(
        ["Closed Won", "Closed Lost"].includes(r.StageName as string) || (r.Amount as number) > 300_000,
      ).toBe(true);
      expect((r.CloseDate as string) >= "2026-04-01" && (r.CloseDate as string) < "2026-07-01").toBe(true);
      expect(r.Amount as number).toBeLessThanOrEqual(previous);
      previous = r.Amount as number;
    }
    const won = await conn.query<Row>(
      "SELECT Id, IsWon, IsClosed, Probability FROM Opportunity WHERE IsWon = true LIMIT 5",
    );
    for (const r of won.records) expect([r.IsWon, r.IsClosed, r.Probability]).toEqual([true, true, 100]);
  });

  it("evaluates date literals against the injected clock", async () => {
    const id = emu.org.insert("Opportunity", {
      Name: "Literal",
      StageName: "Prospecting",
      CloseDate: "2026-11-10",
    }).Id;
    const last = await conn.query<Row>("SELECT Id FROM Opportunity WHERE CloseDate = LAST_N_DAYS:7");
    expect(last.records.map((r) => r.Id)).toContain(id);
    const month = await conn.query<Row>(
      "SELECT Id FROM Opportunity WHERE CloseDate = THIS_MONTH AND Name = 'literal'",
    );
    expect(month.records.map((r) => r.Id)).toEqual([id]);
    const today = await conn.query<Row>(
      "SELECT Id FROM Opportunity WHERE CreatedDate = TODAY AND Name = 'Literal'",
    );
    expect(today.totalSize).toBe(1);
  });

  it("answers COUNT() with totalSize only, and aggregates with GROUP BY", async () => {
    const count = await conn.query("SELECT COUNT() FROM Account WHERE IsPartner = true");
    expect(count.totalSize).toBe(40);
    expect(count.records).toEqual([]);
    const grouped = await conn.query<Row>(
      "SELECT StageName, COUNT(Id) n, SUM(Amount) FROM Opportunity GROUP BY StageName",
    );
    const total = grouped.records.reduce((s, r) => s + (r.n as number), 0);
    expect(total).toBe(4501);
    expect(grouped.records[0]!.expr0).toBeTypeOf("number");
  });

  it("supports OFFSET, semi-joins and child subqueries", async () => {
    const page = await conn.query<Row>("SELECT Id FROM Account ORDER BY Name LIMIT 5 OFFSET 5");
    const all = await conn.query<Row>("SELECT Id FROM Account ORDER BY Name LIMIT 10");
    expect(page.records.map((r) => r.Id)).toEqual(all.records.slice(5).map((r) => r.Id));
    const partners = await conn.query<Row>(
      "SELECT Id, (SELECT Id, Amount FROM Opportunities ORDER BY Amount DESC LIMIT 2) FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE Amount > 100000) LIMIT 3",
    );
    expect(partners.records).toHaveLength(3);
    const children = partners.records[0]!.Opportunities as { totalSize: number; records: Row[] };
    expect(children.records.length).toBeGreaterThan(0);
    expect(children.records.length).toBeLessThanOrEqual(2);
  });

  it("shows deleted rows only through queryAll, and queryAll locators page through /query/", async () => {
    const victims = await conn.query<Row>("SELECT Id FROM Opportunity ORDER BY Id LIMIT 3");
    const ids = victims.records.map((r) => r.Id as string);
    const deleted = await conn.sobject("Opportunity").destroy(ids);
    expect(deleted.every((r) => r.success)).toBe(true);
    const live = await conn.query<Row>(`SELECT Id FROM Opportunity WHERE Id IN ('${ids.join("','")}')`);
    expect(live.totalSize).toBe(0);
    const withDeleted = await conn.query<Row>(
      `SELECT Id, IsDeleted FROM Opportunity WHERE Id IN ('${ids.join("','")}')`,
      { scanAll: true },
    );
    expect(withDeleted.records.map((r) => r.IsDeleted)).toEqual([true, true, true]);
    const everything = await conn.query<Row>("SELECT Id FROM Opportunity", {
      scanAll: true,
      autoFetch: true,
      maxFetch: 10_000,
    });
    expect(everything.records).toHaveLength(4501);
    const liveAll = await conn.query<Row>("SELECT Id FROM Opportunity", {
      autoFetch: true,
      maxFetch: 10_000,
    });
    expect(liveAll.records).toHaveLength(4498);
  });

  it("rejects bad SOQL with Salesforce's error codes and texts", async () => {
    await expect(conn.query("SELECT Foo FROM Opportunity")).rejects.toMatchObject({
      errorCode: "INVALID_FIELD",
      message: expect.stringContaining("No such column 'Foo' on entity 'Opportunity'"),
    });
    await expect(conn.query("SELECT Id FROM Nope__c")).rejects.toMatchObject({ errorCode: "INVALID_TYPE" });
    await expect(conn.query("SELECT Id FROM")).rejects.toMatchObject({ errorCode: "MALFORMED_QUERY" });
    await expect(
      conn.query("SELECT Id FROM Opportunity WHERE CloseDate = '2026-01-01'"),
    ).rejects.toMatchObject({
      errorCode: "INVALID_FIELD",
      message: expect.stringContaining("must be of type date"),
    });
    await expect(conn.query("SELECT Nope.Name FROM Opportunity")).rejects.toMatchObject({
      errorCode: "INVALID_FIELD",
      message: expect.stringContaining("Didn't understand relationship 'Nope'"),
    });
    const res = await raw(emu, "GET", "/services/data/v62.0/query/01gNOPE-2000");
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ message: "invalid query locator", errorCode: "INVALID_QUERY_LOCATOR" }]);
  });

  it("compares currency as decimals: equal values in any spelling, no float drift at the edges", async () => {
    const id = emu.org.insert("Opportunity", {
      Name: "Decimal edge",
      StageName: "Prospecting",
      CloseDate: "2026-11-10",
      Amount: 0.3,
    }).Id;
    const ids = async (where: string) =>
      (
        await conn.query<Row>(`SELECT Id FROM Opportunity WHERE Name = 'Decimal edge' AND ${where}`)
      ).records.map((r) => r.Id);
    expect(await ids("Amount = 0.30")).toEqual([id]);
    expect(await ids("Amount IN (0.300, 7)")).toEqual([id]);
    expect(await ids("Amount <= 0.3")).toEqual([id]);
    expect(await ids("Amount > 0.29999999999999999")).toEqual([id]);
    expect(await ids("Amount < 0.3")).toEqual([]);
    expect(await ids("Amount >= 0.300000000000000001")).toEqual([]);
  });
});
