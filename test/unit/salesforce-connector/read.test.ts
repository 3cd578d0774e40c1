import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BudgetStopError } from "../../../connectors/salesforce/index.ts";
import { BASE, INSTANCE, id18, JSON_HEADERS, makeConnector, setupNock } from "./helpers.ts";

beforeEach(setupNock);
afterEach(() => nock.cleanAll());

const describeOpportunity = {
  name: "Opportunity",
  fields: [
    { name: "Id", type: "id", label: "Id" },
    { name: "Amount", type: "currency", label: "Amount", precision: 18, scale: 2, updateable: true },
    { name: "CloseDate", type: "date", label: "Close Date" },
    { name: "IsPrivate", type: "boolean", label: "Private" },
    { name: "Name", type: "string", label: "Name" },
    { name: "SystemModstamp", type: "datetime", label: "System Modstamp" },
    { name: "LastModifiedById", type: "reference", label: "Last Modified By", referenceTo: ["User"] },
    { name: "IsDeleted", type: "boolean", label: "Deleted" },
    {
      name: "PartnerAccountId",
      type: "reference",
      label: "Partner Account",
      referenceTo: ["Account"],
      relationshipName: "PartnerAccount",
    },
  ],
};

function row(n: number, stamp: string, extra: Record<string, unknown> = {}) {
  return {
    attributes: { type: "Opportunity" },
    Id: id18(n),
    SystemModstamp: stamp,
    LastModifiedById: "005000000000001AAA",
    IsDeleted: false,
    Name: `Deal ${n}`,
    Amount: 1234.5,
    CloseDate: "2026-04-30",
    IsPrivate: false,
    PartnerAccountId: id18(n, "001"),
    ...extra,
  };
}

function decodeQuery(path: unknown): string {
  return decodeURIComponent(String(path).split("?q=")[1] ?? "").replaceAll("+", " ");
}

describe("REST incremental read", () => {
  it("walks (SystemModstamp, Id) from the cursor, one page per batch, tombstones included", async () => {
    const { connector } = makeConnector();
    const queries: string[] = [];
    nock(INSTANCE)
      .get(`${BASE}/sobjects/Opportunity/describe`)
      .reply(200, describeOpportunity, JSON_HEADERS)
      .get((p) => p.startsWith(`${BASE}/queryAll?q=`) && decodeQuery(p).includes("COUNT()"))
      .reply(200, { totalSize: 3, done: true, records: [] }, JSON_HEADERS)
      .get((p) => {
        const hit = p.startsWith(`${BASE}/queryAll?q=`) && !decodeQuery(p).includes("COUNT()");
        if (hit) queries.push(decodeQuery(p));
        return hit;
      })
      .reply(
        200,
        () => {
          return {
            totalSize: 3,
            done: false,
            nextRecordsUrl: `${BASE}/query/01gXX-2`,
            records: [row(2, "2026-04-01T10:00:00.000+0000"), row(3, "2026-04-01T10:00:00.000+0000")],
          };
        },
        JSON_HEADERS,
      )
      .get(`${BASE}/query/01gXX-2`)
      .reply(
        200,
        { totalSize: 3, done: true, records: [row(4, "2026-04-02T00:00:00.000+0000", { IsDeleted: true })] },
        JSON_HEADERS,
      );

    const pages = [];
    for await (const page of connector.read({
      object: "Opportunity",
      fields: ["Name", "Amount", "CloseDate", "IsPrivate"],
      scope: [{ field: "PartnerAccountId", op: "not_null" }],
      associations: [{ toObject: "Account", as: "partner" }],
      mode: "incremental",
      cursor: { v: 1, since: "2026-04-01T10:00:00.000Z", lastId: id18(1) },
    })) {
      pages.push(page);
    }
    expect(queries.at(-1)).toBe(
      "SELECT Id, SystemModstamp, LastModifiedById, IsDeleted, Name, Amount, CloseDate, IsPrivate, PartnerAccountId FROM Opportunity " +
        `WHERE (PartnerAccountId != null) AND ((SystemModstamp > 2026-04-01T10:00:00Z) OR (SystemModstamp = 2026-04-01T10:00:00Z AND Id > '${id18(1)}')) ` +
        "ORDER BY SystemModstamp, Id",
    );
    expect(pages).toHaveLength(2);
    expect(pages[0]!.cursor).toEqual({ v: 1, since: "2026-04-01T10:00:00.000Z", lastId: id18(3) });
    expect(pages[0]!.records[0]).toEqual({
      crm: "salesforce",
      object: "Opportunity",
      id: id18(2),
      fields: { Name: "Deal 2", Amount: "1234.50", CloseDate: "2026-04-30", IsPrivate: false },
      modifiedAt: "2026-04-01T10:00:00.000Z",
      modifiedBy: "005000000000001AAA",
      deleted: false,
      mergedIds: [],
      mirrorOf: null,
      associations: { partner: [id18(2, "001")] },
    });
    expect(pages[1]!.records[0]).toMatchObject({ id: id18(4), deleted: true, fields: {} });
    expect(pages[1]!.cursor).toEqual({ v: 1, since: "2026-04-02T00:00:00.000Z", lastId: id18(4) });
    expect(connector.stats().reads).toBe(4);
  });

  it("rejects a cursor that is not ours", async () => {
    const { connector } = makeConnector();
    const iterator = connector.read({
      object: "Opportunity",
      fields: [],
      mode: "incremental",
      cursor: { since: "yesterday" },
    });
    await expect(iterator[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: "INVALID_CURSOR" });
  });

  it("stops with BudgetStopError before the next page once usage passes the share", async () => {
    const { connector } = makeConnector();
    const spent = { ...JSON_HEADERS, "sforce-limit-info": "api-usage=900/1000" };
    nock(INSTANCE)
      .get(`${BASE}/sobjects/Opportunity/describe`)
      .reply(200, describeOpportunity, JSON_HEADERS)
      .get((p) => decodeQuery(p).includes("COUNT()"))
      .reply(200, { totalSize: 5000, done: true, records: [] }, JSON_HEADERS)
      .get((p) => p.startsWith(`${BASE}/query?q=`))
      .reply(
        200,
        {
          totalSize: 5000,
          done: false,
          nextRecordsUrl: `${BASE}/query/01gYY-2000`,
          records: [row(1, "2026-04-01T00:00:00.000+0000")],
        },
        spent,
      );
    const pages = [];
    let error: unknown;
    try {
      for await (const page of connector.read({
        object: "Opportunity",
        fields: ["Name"],
        mode: "full",
        cursor: null,
      })) {
        pages.push(page);
      }
    } catch (e) {
      error = e;
    }
    expect(pages).toHaveLength(1);
    expect(error).toBeInstanceOf(BudgetStopError);
    expect(error).toMatchObject({ code: "API_BUDGET_STOP", used: 900, limit: 1000 });
  });

  it("retries a read on 403 REQUEST_LIMIT_EXCEEDED honouring Retry-After (jsforce does not)", async () => {
    const { connector, sleeps } = makeConnector();
    nock(INSTANCE)
      .get(`${BASE}/sobjects/Opportunity/describe`)
      .reply(
        403,
        [{ errorCode: "REQUEST_LIMIT_EXCEEDED", message: "ConcurrentPerOrgLongTxn Limit exceeded." }],
        {
          ...JSON_HEADERS,
          "retry-after": "2",
        },
      )
      .get(`${BASE}/sobjects/Opportunity/describe`)
      .reply(200, describeOpportunity, JSON_HEADERS);
    const description = await connector.describe("Opportunity");
    expect(description.fields.find((f) => f.name === "Amount")).toMatchObject({ type: "currency", scale: 2 });
    expect(sleeps).toEqual([2000]);
    expect(connector.stats()).toEqual({ reads: 2, writes: 0, retries: 1 });
  });

  it("does not retry a read that failed for good", async () => {
    const { connector, sleeps } = makeConnector();
    nock(INSTANCE)
      .get(`${BASE}/sobjects/Nope__c/describe`)
      .reply(
        404,
        [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }],
        JSON_HEADERS,
      );
    await expect(connector.describe("Nope__c")).rejects.toMatchObject({ errorCode: "NOT_FOUND" });
    expect(sleeps).toEqual([]);
  });

  it("names every mapped field the org lacks before querying", async () => {
    const { connector } = makeConnector();
    nock(INSTANCE).get(`${BASE}/sobjects/Opportunity/describe`).reply(200, describeOpportunity, JSON_HEADERS);
    const iterator = connector
      .read({
        object: "Opportunity",
        fields: ["Name", "Attribution__c", "CSAT__c"],
        mode: "full",
        cursor: null,
      })
      [Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({
      code: "UNKNOWN_FIELD",
      message: expect.stringContaining("Attribution__c, CSAT__c"),
    });
  });

  it("resumes after the last page when the query locator expired", async () => {
    const { connector } = makeConnector();
    const queries: string[] = [];
    nock(INSTANCE)
      .get(`${BASE}/sobjects/Opportunity/describe`)
      .reply(200, describeOpportunity, JSON_HEADERS)
      .get((p) => decodeQuery(p).includes("COUNT()"))
      .reply(200, { totalSize: 3, done: true, records: [] }, JSON_HEADERS)
      .get((p) => {
        const hit = p.startsWith(`${BASE}/query?q=`) && !decodeQuery(p).includes("COUNT()");
        if (hit) queries.push(decodeQuery(p));
        return hit;
      })
      .reply(
        200,
        {
          totalSize: 3,
          done: false,
          nextRecordsUrl: `${BASE}/query/01gZZ-1`,
          records: [row(1, "2026-04-01T00:00:00.000+0000")],
        },
        JSON_HEADERS,
      )
      .get(`${BASE}/query/01gZZ-1`)
      .reply(400, [{ errorCode: "INVALID_QUERY_LOCATOR", message: "invalid query locator" }], JSON_HEADERS)
      .get((p) => {
        const hit = p.startsWith(`${BASE}/query?q=`) && !decodeQuery(p).includes("COUNT()");
        if (hit) queries.push(decodeQuery(p));
        return hit;
      })
      .reply(
        200,
        {
          totalSize: 2,
          done: true,
          records: [row(2, "2026-04-01T00:00:01.000+0000"), row(3, "2026-04-01T00:00:02.000+0000")],
        },
        JSON_HEADERS,
      );
    const pages = [];
    for await (const page of connector.read({
      object: "Opportunity",
      fields: ["Name"],
      mode: "full",
      cursor: null,
    })) {
      pages.push(page);
    }
    expect(pages.flatMap((p) => p.records.map((r) => r.id))).toEqual([id18(1), id18(2), id18(3)]);
    expect(queries.at(-1)).toContain(
      `(SystemModstamp > 2026-04-01T00:00:00Z) OR (SystemModstamp = 2026-04-01T00:00:00Z AND Id > '${id18(1)}')`,
    );
  });
});
