import type { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSalesforceEmulator } from "../../../sandbox/salesforce/server.ts";
import { connect, raw, startEmulator } from "./fixtures.ts";

type Row = Record<string, unknown>;
type SaveResult = {
  id?: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
};

describe("Salesforce emulator: writes through jsforce", () => {
  let emu: RunningSalesforceEmulator;
  let conn: Connection;
  let partnerId: string;

  beforeAll(async () => {
    emu = await startEmulator({
      validationRules: [
        {
          object: "Opportunity",
          field: "Amount",
          message: "Amount must not be negative",
          reject: (value) => typeof value === "number" && value < 0,
        },
      ],
    });
    conn = connect(emu);
    partnerId = emu.org.insert("Account", { Name: "Acme Partners", IsPartner: true }).Id;
  });
  afterAll(() => emu.close());

  it("creates, reads, updates and deletes single records, maintaining audit fields", async () => {
    const created = await conn.sobject("Opportunity").create({
      Name: "Big deal",
      StageName: "Prospecting",
      CloseDate: "2026-06-30",
      Amount: 1234.5,
      PartnerAccountId: partnerId.slice(0, 15),
      Type: "New Business",
    });
    expect(created.success).toBe(true);
    const id = created.id!;
    expect(id).toMatch(/^006[A-Za-z0-9]{15}$/);
    const rec = (await conn.sobject("Opportunity").retrieve(id)) as Row;
    expect(rec.PartnerAccountId).toBe(partnerId);
    expect(rec.IsClosed).toBe(false);
    expect(rec.Probability).toBe(10);
    expect(rec.LastModifiedById).toBe(emu.org.users.integration);
    expect(rec.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    const before = rec.SystemModstamp as string;
    await new Promise((r) => setTimeout(r, 5));
    const updated = await conn.sobject("Opportunity").update({ Id: id, StageName: "Closed Won" });
    expect(updated.success).toBe(true);
    const after = (await conn.sobject("Opportunity").retrieve(id)) as Row;
    expect([after.IsClosed, after.IsWon, after.Probability]).toEqual([true, true, 100]);
    expect((after.SystemModstamp as string) > before).toBe(true);
    await conn.sobject("Opportunity").destroy(id);
    await expect(conn.sobject("Opportunity").retrieve(id)).rejects.toMatchObject({
      errorCode: "ENTITY_IS_DELETED",
    });
    expect(emu.org.get("Opportunity", id)?.IsDeleted).toBe(true);
  });

  it("rejects what Salesforce rejects, with its codes", async () => {
    const base = { Name: "X", StageName: "Prospecting", CloseDate: "2026-01-01" };
    const opp = conn.sobject("Opportunity");
    await expect(opp.create({ ...base, Foo__c: 1 })).rejects.toMatchObject({
      errorCode: "INVALID_FIELD",
      message: "No such column 'Foo__c' on sobject of type Opportunity",
    });
    await expect(opp.create({ ...base, IsClosed: true })).rejects.toMatchObject({
      errorCode: "INVALID_FIELD_FOR_INSERT_UPDATE",
    });
    await expect(opp.create({ ...base, Amount: "lots" })).rejects.toMatchObject({
      errorCode: "JSON_PARSER_ERROR",
    });
    await expect(opp.create({ ...base, CloseDate: "2026-02-30" })).rejects.toMatchObject({
      errorCode: "JSON_PARSER_ERROR",
    });
    await expect(opp.create({ Name: "X" })).rejects.toMatchObject({
      errorCode: "REQUIRED_FIELD_MISSING",
      message: "Required fields are missing: [StageName, CloseDate]",
    });
    await expect(opp.create({ ...base, Name: "n".repeat(121) })).rejects.toMatchObject({
      errorCode: "STRING_TOO_LONG",
    });
    await expect(opp.create({ ...base, Amount: 1e17 })).rejects.toMatchObject({
      errorCode: "NUMBER_OUTSIDE_VALID_RANGE",
    });
    await expect(opp.create({ ...base, Incentive_Amount__c: 1e15 })).rejects.toMatchObject({
      errorCode: "NUMBER_OUTSIDE_VALID_RANGE",
    });
    await expect(opp.create({ ...base, AccountId: "garbage" })).rejects.toMatchObject({
      errorCode: "MALFORMED_ID",
    });
    await expect(opp.create({ ...base, Amount: -5 })).rejects.toMatchObject({
      errorCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
      message: "Amount must not be negative",
    });
    await expect(
      conn.sobject("Account").create({ Name: "A", Partner_Tier__c: "Diamond" }),
    ).rejects.toMatchObject({
      errorCode: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
      message: "Partner Tier: bad value for restricted picklist field: Diamond",
    });
    const missing = await raw(emu, "PATCH", "/services/data/v62.0/sobjects/Opportunity/006000000000000AAA", {
      Name: "x",
    });
    expect(missing.status).toBe(404);
  });

  it("collections update with one bad record: allOrNone false commits the rest", async () => {
    const ids = (
      (await conn.sobject("Opportunity").create(
        [1, 2, 3].map((i) => ({
          Name: `C${i}`,
          StageName: "Prospecting",
          CloseDate: "2026-03-01",
          Amount: i,
        })),
      )) as SaveResult[]
    ).map((r) => r.id!);
    const results = (await conn.sobject("Opportunity").update([
      { Id: ids[0]!, Amount: 10 },
      { Id: ids[1]!, StageName: "Closed Won", Amount: -1 },
      { Id: ids[2]!, Amount: 30 },
    ])) as SaveResult[];
    expect(results.map((r) => r.success)).toEqual([true, false, true]);
    expect(results[1]!.errors[0]).toEqual({
      statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
      message: "Amount must not be negative",
      fields: ["Amount"],
    });
    expect(emu.org.get("Opportunity", ids[0]!)?.Amount).toBe(10);
    expect(emu.org.get("Opportunity", ids[1]!)?.Amount).toBe(2);
  });

  it("collections update with allOrNone true commits nothing and marks the others rolled back", async () => {
    const ids = (
      (await conn.sobject("Opportunity").create(
        [1, 2].map((i) => ({
          Name: `R${i}`,
          StageName: "Prospecting",
          CloseDate: "2026-03-01",
          Amount: i,
        })),
      )) as SaveResult[]
    ).map((r) => r.id!);
    const results = (await conn.sobject("Opportunity").update(
      [
        { Id: ids[0]!, Amount: 100 },
        { Id: ids[1]!, StageName: "Nope", Name: "x".repeat(200) },
      ],
      { allOrNone: true },
    )) as SaveResult[];
    expect(results[0]).toMatchObject({
      success: false,
      errors: [{ statusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK", fields: [] }],
    });
    expect(results[1]!.errors[0]!.statusCode).toBe("STRING_TOO_LONG");
    expect(emu.org.get("Opportunity", ids[0]!)?.Amount).toBe(1);
  });

  it("rejects more than 200 records in one collection call", async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({
      attributes: { type: "Account" },
      Name: `A${i}`,
    }));
    const res = await raw(emu, "POST", "/services/data/v62.0/composite/sobjects", {
      allOrNone: false,
      records,
    });
    expect(res.status).toBe(400);
    expect((res.body as Row[])[0]!.errorCode).toBe("EXCEEDED_ID_LIMIT");
  });

  it("upserts on an external id: created, then updated, and DUPLICATE_VALUE on a unique clash", async () => {
    const opp = conn.sobject("Opportunity");
    const first = await opp.upsert(
      { Incentive_Key__c: "K-1", Name: "U", StageName: "Prospecting", CloseDate: "2026-01-01" },
      "Incentive_Key__c",
    );
    expect(first).toMatchObject({ success: true, created: true });
    const second = await opp.upsert({ Incentive_Key__c: "K-1", Amount: 99 }, "Incentive_Key__c");
    expect(second).toMatchObject({ success: true, created: false, id: first.id });
    const many = (await opp.upsert(
      [
        { Incentive_Key__c: "K-1", Amount: 100 },
        { Incentive_Key__c: "K-2", Name: "V", StageName: "Prospecting", CloseDate: "2026-01-01" },
      ],
      "Incentive_Key__c",
    )) as (SaveResult & { created: boolean })[];
    expect(many.map((r) => [r.success, r.created])).toEqual([
      [true, false],
      [true, true],
    ]);
    const dup = await raw(emu, "PATCH", `/services/data/v62.0/sobjects/Opportunity/${many[1]!.id}`, {
      Incentive_Key__c: "k-1",
    });
    expect(dup.status).toBe(400);
    expect((dup.body as Row[])[0]).toMatchObject({ errorCode: "DUPLICATE_VALUE" });
    expect(
      ((dup.body as Row[])[0]!.message as string).startsWith("duplicate value found: Incentive_Key__c"),
    ).toBe(true);
  });

  it("custom objects get auto-numbered names, lookups and child relationships", async () => {
    const payout = await conn
      .sobject("Incentive_Payout__c")
      .create({ Account__c: partnerId, Amount__c: 50, Incentive_Key__c: "P1" });
    const rec = (await conn.sobject("Incentive_Payout__c").retrieve(payout.id!)) as Row;
    expect(rec.Name).toBe("IP-000001");
    expect(rec.Id as string).toMatch(/^a00/);
    const q = await conn.query<Row>("SELECT Name, Account__r.Name FROM Incentive_Payout__c");
    expect((q.records[0]!.Account__r as Row).Name).toBe("Acme Partners");
    const parents = await conn.query<Row>(
      `SELECT Id, (SELECT Amount__c FROM Incentive_Payouts__r) FROM Account WHERE Id = '${partnerId}'`,
    );
    expect((parents.records[0]!.Incentive_Payouts__r as { records: Row[] }).records[0]!.Amount__c).toBe(50);
  });

  it("cascades an Account delete to its Opportunities, and rolls the cascade back with allOrNone", async () => {
    const account = emu.org.insert("Account", { Name: "Doomed" }).Id;
    const opp = emu.org.insert("Opportunity", {
      Name: "Child",
      AccountId: account,
      StageName: "Prospecting",
      CloseDate: "2026-01-01",
    }).Id;
    const rolledBack = (await conn.sobject("Account").destroy([account, "001000000000000AAA"], {
      allOrNone: true,
    })) as SaveResult[];
    expect(rolledBack.map((r) => r.success)).toEqual([false, false]);
    expect(emu.org.get("Opportunity", opp)?.IsDeleted).toBe(false);
    await conn.sobject("Account").destroy(account);
    expect(emu.org.get("Opportunity", opp)?.IsDeleted).toBe(true);
    const all = await conn.query<Row>(`SELECT Id FROM Opportunity WHERE AccountId = '${account}'`, {
      scanAll: true,
    });
    expect(all.records.map((r) => r.Id)).toEqual([opp]);
    const describe = await conn.describe("Account");
    expect(
      describe.childRelationships.find((c) => c.relationshipName === "Opportunities")?.cascadeDelete,
    ).toBe(true);
  });

  it("answers getUpdated / getDeleted windows from SystemModstamp and deletion time", async () => {
    const start = new Date(Date.now() - 60_000).toISOString();
    const acc = await conn.sobject("Account").create({ Name: "Windowed" });
    await conn.sobject("Account").destroy(acc.id!);
    const end = new Date(Date.now() + 60_000).toISOString();
    const deleted = await conn.sobject("Account").deleted(start, end);
    expect(deleted.deletedRecords.map((d) => d.id)).toContain(acc.id);
    expect(deleted.latestDateCovered).toMatch(/\+0000$/);
    const updated = await conn.sobject("Account").updated(start, end);
    expect(updated.ids).not.toContain(acc.id);
    expect(updated.ids).toContain(partnerId);
  });

  it("runs composite requests with @{ref.id} references, and rolls back with allOrNone", async () => {
    const ok = (await conn.requestPost("/composite", {
      allOrNone: true,
      compositeRequest: [
        {
          method: "POST",
          url: "/services/data/v62.0/sobjects/Account",
          referenceId: "acct",
          body: { Name: "Composite Co" },
        },
        {
          method: "POST",
          url: "/services/data/v62.0/sobjects/Opportunity",
          referenceId: "opp",
          body: {
            Name: "Composite deal",
            AccountId: "@{acct.id}",
            StageName: "Prospecting",
            CloseDate: "2026-05-01",
          },
        },
        {
          method: "GET",
          url: "/services/data/v62.0/sobjects/Opportunity/@{opp.id}?fields=AccountId",
          referenceId: "read",
        },
      ],
    })) as { compositeResponse: { httpStatusCode: number; body: Row; referenceId: string }[] };
    expect(ok.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 201, 200]);
    expect(ok.compositeResponse[2]!.body.AccountId).toBe(ok.compositeResponse[0]!.body.id);
    const before = emu.org.count("Account");
    const failed = (await conn.requestPost("/composite", {
      allOrNone: true,
      compositeRequest: [
        {
          method: "POST",
          url: "/services/data/v62.0/sobjects/Account",
          referenceId: "a",
          body: { Name: "Rolled back" },
        },
        {
          method: "POST",
          url: "/services/data/v62.0/sobjects/Opportunity",
          referenceId: "b",
          body: { Name: "no stage" },
        },
      ],
    })) as { compositeResponse: { httpStatusCode: number; body: Row[] }[] };
    expect(failed.compositeResponse.map((r) => r.httpStatusCode)).toEqual([400, 400]);
    expect(failed.compositeResponse[0]!.body[0]!.errorCode).toBe("PROCESSING_HALTED");
    expect(failed.compositeResponse[1]!.body[0]!.errorCode).toBe("REQUIRED_FIELD_MISSING");
    expect(emu.org.count("Account")).toBe(before);
  });
});
