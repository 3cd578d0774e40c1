import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BASE, INSTANCE, id18, JSON_HEADERS, makeConnector, setupNock } from "./helpers.ts";

beforeEach(setupNock);
afterEach(() => nock.cleanAll());

const records = [1, 2, 3].map((n) => ({ key: id18(n), fields: { Incentive_Amount__c: `${n}00.50` } }));

describe("collections write", () => {
  it("sends only the given fields, decimals as strings, with allOrNone false", async () => {
    const { connector } = makeConnector();
    let sent: unknown;
    nock(INSTANCE)
      .patch(`${BASE}/composite/sobjects`, (body) => {
        sent = body;
        return true;
      })
      .reply(
        200,
        records.map((r) => ({ id: r.key, success: true, errors: [] })),
        JSON_HEADERS,
      );
    const result = await connector.write({ object: "Opportunity", operation: "update", records });
    expect(sent).toEqual({
      allOrNone: false,
      records: records.map((r) => ({ attributes: { type: "Opportunity" }, id: r.key, ...r.fields })),
    });
    expect(result.calls).toBe(1);
    expect(result.results.every((r) => r.ok)).toBe(true);
    expect(result.stoppedForBudget).toBe(false);
  });

  it("classifies per-record errors and names the blamed fields", async () => {
    const { connector } = makeConnector();
    nock(INSTANCE)
      .patch(`${BASE}/composite/sobjects`)
      .reply(
        200,
        [
          { id: records[0]!.key, success: true, errors: [] },
          {
            success: false,
            errors: [
              {
                statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                message: "Amount too high",
                fields: ["Incentive_Amount__c"],
              },
            ],
          },
          {
            success: false,
            errors: [
              { statusCode: "INVALID_FIELD_FOR_INSERT_UPDATE", message: "not writable", fields: ["X__c"] },
            ],
          },
        ],
        JSON_HEADERS,
      );
    const result = await connector.write({ object: "Opportunity", operation: "update", records });
    expect(result.results[0]).toMatchObject({ ok: true });
    expect(result.results[1]).toEqual({
      key: records[1]!.key,
      ok: false,
      failure: {
        class: "permanent",
        code: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
        message: "Amount too high",
        fields: ["Incentive_Amount__c"],
      },
    });
    expect(result.results[2]).toMatchObject({ ok: false, failure: { class: "config", fields: ["X__c"] } });
  });

  it("retries only the locked records and honours Retry-After", async () => {
    const { connector, sleeps } = makeConnector();
    const bodies: Array<{ records: Array<{ id: string }> }> = [];
    nock(INSTANCE)
      .patch(`${BASE}/composite/sobjects`, (b) => {
        bodies.push(b);
        return true;
      })
      .reply(
        200,
        [
          { id: records[0]!.key, success: true, errors: [] },
          {
            success: false,
            errors: [
              { statusCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access", fields: [] },
            ],
          },
          { id: records[2]!.key, success: true, errors: [] },
        ],
        { ...JSON_HEADERS, "retry-after": "3" },
      )
      .patch(`${BASE}/composite/sobjects`, (b) => {
        bodies.push(b);
        return true;
      })
      .reply(200, [{ id: records[1]!.key, success: true, errors: [] }], JSON_HEADERS);
    const result = await connector.write({ object: "Opportunity", operation: "update", records });
    expect(bodies[1]!.records.map((r) => r.id)).toEqual([records[1]!.key]);
    expect(sleeps).toEqual([3000]);
    expect(result.results.every((r) => r.ok)).toBe(true);
    expect(result.calls).toBe(2);
    expect(connector.stats().retries).toBe(1);
  });

  it("retries a whole call on 503 and 403 REQUEST_LIMIT_EXCEEDED (jsforce retries neither PATCH)", async () => {
    const { connector, sleeps } = makeConnector();
    nock(INSTANCE)
      .patch(`${BASE}/composite/sobjects`)
      .reply(503, [{ errorCode: "SERVER_UNAVAILABLE", message: "try later" }], JSON_HEADERS)
      .patch(`${BASE}/composite/sobjects`)
      .reply(
        403,
        [{ errorCode: "REQUEST_LIMIT_EXCEEDED", message: "ConcurrentPerOrgLongTxn Limit exceeded." }],
        {
          ...JSON_HEADERS,
          "retry-after": "1",
        },
      )
      .patch(`${BASE}/composite/sobjects`)
      .reply(
        200,
        records.map((r) => ({ id: r.key, success: true, errors: [] })),
        JSON_HEADERS,
      );
    const result = await connector.write({ object: "Opportunity", operation: "update", records });
    expect(result.results.every((r) => r.ok)).toBe(true);
    expect(result.calls).toBe(3);
    // Backoff 100ms (jittered to 75..100) then max(200ms backoff, Retry-After 1s).
    expect(sleeps[0]).toBe(75);
    expect(sleeps[1]).toBe(1000);
  });

  it("gives up after max attempts and reports the records retryable", async () => {
    const { connector, sleeps } = makeConnector();
    nock(INSTANCE)
      .patch(`${BASE}/composite/sobjects`)
      .times(4)
      .reply(503, [{ errorCode: "SERVER_UNAVAILABLE", message: "down" }], JSON_HEADERS);
    const result = await connector.write({ object: "Opportunity", operation: "update", records });
    expect(sleeps).toHaveLength(3);
    expect(result.results.every((r) => !r.ok && r.failure.class === "retryable")).toBe(true);
    expect(result.calls).toBe(4);
  });

  it("does not sleep through a Retry-After longer than the max delay", async () => {
    const { connector, sleeps } = makeConnector();
    nock(INSTANCE)
      .patch(`${BASE}/composite/sobjects`)
      .reply(429, [{ errorCode: "REQUEST_LIMIT_EXCEEDED", message: "slow down" }], {
        ...JSON_HEADERS,
        "retry-after": "3600",
      });
    const result = await connector.write({ object: "Opportunity", operation: "update", records });
    expect(sleeps).toEqual([]);
    expect(result.results[0]).toMatchObject({
      ok: false,
      failure: { class: "retryable", code: "REQUEST_LIMIT_EXCEEDED" },
    });
  });

  it("upserts on the external id and skips updates with no fields", async () => {
    const { connector } = makeConnector();
    let sent: { records: Array<Record<string, unknown>> } | undefined;
    nock(INSTANCE)
      .patch(`${BASE}/composite/sobjects/Account/Incentive_Key__c`, (b) => {
        sent = b;
        return true;
      })
      .reply(200, [{ id: id18(9, "001"), success: true, created: true, errors: [] }], JSON_HEADERS);
    const up = await connector.write({
      object: "Account",
      operation: "upsert",
      externalIdField: "Incentive_Key__c",
      records: [{ key: "partner-9", fields: { Partner_Tier__c: "Gold", Incentive_Eligible__c: true } }],
    });
    expect(sent!.records[0]).toEqual({
      attributes: { type: "Account" },
      Incentive_Key__c: "partner-9",
      Partner_Tier__c: "Gold",
      Incentive_Eligible__c: true,
    });
    expect(up.results[0]).toEqual({ key: "partner-9", ok: true, id: id18(9, "001"), created: true });
    const none = await connector.write({
      object: "Account",
      operation: "update",
      records: [{ key: id18(1, "001"), fields: {} }],
    });
    expect(none.calls).toBe(0);
    expect(none.results[0]).toMatchObject({ ok: true });
  });

  it("stops starting new calls at the budget share and says so", async () => {
    const { connector } = makeConnector();
    const many = Array.from({ length: 250 }, (_, i) => ({
      key: id18(i),
      fields: { SPIF_Awarded__c: "1.00" },
    }));
    nock(INSTANCE)
      .patch(`${BASE}/composite/sobjects`)
      .reply(
        200,
        many.slice(0, 200).map((r) => ({ id: r.key, success: true, errors: [] })),
        {
          ...JSON_HEADERS,
          "sforce-limit-info": "api-usage=810/1000",
        },
      );
    const result = await connector.write({ object: "Opportunity", operation: "update", records: many });
    expect(result.calls).toBe(1);
    expect(result.stoppedForBudget).toBe(true);
    expect(result.results.filter((r) => r.ok)).toHaveLength(200);
    expect(result.results.filter((r) => !r.ok && r.failure.code === "API_BUDGET_STOP")).toHaveLength(50);
    expect(await connector.budget()).toEqual({ used: 810, limit: 1000, stopAtShare: 0.8 });
  });

  it("rejects a record whose field name could inject, and still sends the others", async () => {
    const { connector } = makeConnector();
    let sent: { records: Array<Record<string, unknown>> } | undefined;
    nock(INSTANCE)
      .patch(`${BASE}/composite/sobjects`, (b) => {
        sent = b;
        return true;
      })
      .reply(200, [{ id: records[1]!.key, success: true, errors: [] }], JSON_HEADERS);
    const result = await connector.write({
      object: "Opportunity",
      operation: "update",
      records: [
        { key: records[0]!.key, fields: { 'Name", "OwnerId': "x" } },
        { key: records[1]!.key, fields: { Name: "fine" } },
      ],
    });
    expect(sent!.records).toHaveLength(1);
    expect(result.results.map((r) => r.ok)).toEqual([false, true]);
    expect(result.results[0]).toMatchObject({ failure: { class: "config", code: "INVALID_FIELD" } });
  });

  it("isolates the one record behind a whole-request 400 by halving, and writes the rest", async () => {
    const { connector } = makeConnector();
    const four = [1, 2, 3, 4].map((n) => ({ key: id18(n), fields: { Name: n === 3 ? "bad" : "ok" } }));
    const bad = id18(3);
    // nock hands this reply function no body over undici; the body matcher sees it.
    let sent: Array<{ id: string }> = [];
    nock(INSTANCE)
      .patch(`${BASE}/composite/sobjects`, (body: { records: Array<{ id: string }> }) => {
        sent = body.records;
        return true;
      })
      .times(10)
      .reply(() => {
        if (sent.some((r) => r.id === bad)) {
          return [
            400,
            [{ errorCode: "INVALID_TYPE_ON_FIELD_IN_RECORD", message: "Name: value not of required type" }],
            JSON_HEADERS,
          ];
        }
        return [200, sent.map((r) => ({ id: r.id, success: true, errors: [] })), JSON_HEADERS];
      });
    const result = await connector.write({ object: "Opportunity", operation: "update", records: four });
    expect(result.results.map((r) => r.ok)).toEqual([true, true, false, true]);
    expect(result.results[2]).toMatchObject({
      failure: { class: "permanent", code: "INVALID_TYPE_ON_FIELD_IN_RECORD" },
    });
    // [1,2,3,4] → [1,2] ok + [3,4] → [3] bad + [4] ok
    expect(result.calls).toBe(5);
  });

  it("does not halve a request-wide error that no record causes", async () => {
    const { connector } = makeConnector();
    nock(INSTANCE)
      .patch(`${BASE}/composite/sobjects`)
      .reply(400, [{ errorCode: "INVALID_SESSION_ID", message: "no" }], JSON_HEADERS);
    const result = await connector.write({ object: "Opportunity", operation: "update", records });
    expect(result.calls).toBe(1);
    expect(result.results.every((r) => !r.ok && r.failure.class === "config")).toBe(true);
  });
});
