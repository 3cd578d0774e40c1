import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BASE, DEAL_PROPERTIES, makeConnector } from "./helpers.ts";

const JSON_HEADERS = { "Content-Type": "application/json" };

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterEach(() => nock.cleanAll());

describe("HubSpot 429 / 5xx policy", () => {
  it("waits about a second on a SECONDLY 429, then succeeds", async () => {
    const scope = nock(BASE)
      .get("/crm/v3/properties/deals")
      .reply(
        429,
        { status: "error", message: "You have reached your secondly limit.", policyName: "SECONDLY" },
        JSON_HEADERS,
      )
      .get("/crm/v3/properties/deals")
      .reply(200, DEAL_PROPERTIES, JSON_HEADERS);
    const { connector, sleeps } = makeConnector();
    const d = await connector.describe("deals");
    expect(d.fields.find((f) => f.name === "incentive_amount")?.type).toBe("currency");
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(500);
    expect(sleeps[0]).toBeLessThanOrEqual(1_000);
    expect(connector.stats()).toEqual({ reads: 2, writes: 0, retries: 1 });
    expect(scope.isDone()).toBe(true);
  });

  it("honours Retry-After on a TEN_SECONDLY_ROLLING 429", async () => {
    nock(BASE)
      .get("/crm/v3/properties/deals")
      .reply(
        429,
        {
          status: "error",
          message: "You have reached your ten_secondly_rolling limit.",
          policyName: "TEN_SECONDLY_ROLLING",
        },
        {
          ...JSON_HEADERS,
          "Retry-After": "3",
          "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
          "X-HubSpot-RateLimit-Remaining": "0",
        },
      )
      .get("/crm/v3/properties/deals")
      .reply(200, DEAL_PROPERTIES, JSON_HEADERS);
    const { connector, sleeps } = makeConnector();
    await connector.describe("deals");
    expect(sleeps).toEqual([3_000]);
  });

  it("stops at once on a DAILY 429 (no retry) with a typed error", async () => {
    const scope = nock(BASE).get("/crm/v3/properties/deals").reply(
      429,
      {
        status: "error",
        message: "You have reached your daily limit.",
        errorType: "RATE_LIMIT",
        policyName: "DAILY",
      },
      JSON_HEADERS,
    );
    const { connector, sleeps } = makeConnector();
    await expect(connector.describe("deals")).rejects.toMatchObject({ code: "HUBSPOT_DAILY_LIMIT" });
    expect(sleeps).toEqual([]);
    expect(scope.isDone()).toBe(true);
    expect(connector.stats().reads).toBe(1);
  });

  it("retries 5xx with growing backoff and gives up after maxAttempts", async () => {
    nock(BASE).get("/crm/v3/properties/deals").times(3).reply(503, { message: "unavailable" }, JSON_HEADERS);
    const { connector, sleeps } = makeConnector({ retry: { maxAttempts: 3, baseDelayMs: 100 } });
    await expect(connector.describe("deals")).rejects.toMatchObject({
      code: "HUBSPOT_SERVER_ERROR",
      status: 503,
    });
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] as number);
  });

  it("never goes past the configured share of the daily limit", async () => {
    nock(BASE)
      .get("/crm/v3/properties/deals")
      .reply(200, DEAL_PROPERTIES, {
        ...JSON_HEADERS,
        "X-HubSpot-RateLimit-Daily": "1000",
        "X-HubSpot-RateLimit-Daily-Remaining": "200",
      });
    const { connector } = makeConnector({ dailyBudgetShare: 0.8 });
    const r = await connector.write({
      object: "deals",
      operation: "update",
      records: [{ key: "1", fields: { dealname: "x" } }],
    });
    // 800 used = 80%: one more call would go past the share, so nothing is sent.
    expect(r.stoppedForBudget).toBe(true);
    expect(r.results).toEqual([
      { key: "1", ok: false, failure: expect.objectContaining({ class: "retryable", code: "API_BUDGET" }) },
    ]);
    expect(await connector.budget()).toEqual({ used: 800, limit: 1000, stopAtShare: 0.8 });
  });

  it("waits for the rolling window when HubSpot says it is used up, instead of spending a 429", async () => {
    const burst = { "X-HubSpot-RateLimit-Max": "2", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000" };
    nock(BASE)
      .get("/crm/v3/properties/deals")
      .reply(200, DEAL_PROPERTIES, { ...JSON_HEADERS, ...burst, "X-HubSpot-RateLimit-Remaining": "1" })
      .get("/crm/v3/properties/deals")
      .reply(200, DEAL_PROPERTIES, { ...JSON_HEADERS, ...burst, "X-HubSpot-RateLimit-Remaining": "0" })
      .get("/crm/v3/properties/deals")
      .reply(200, DEAL_PROPERTIES, { ...JSON_HEADERS, ...burst, "X-HubSpot-RateLimit-Remaining": "1" });
    const { connector, sleeps, advance } = makeConnector();
    await connector.describe("deals");
    advance(3_000);
    await connector.describe("deals");
    expect(sleeps).toEqual([]);
    await connector.describe("deals");
    // Two calls 3 s apart used the window up: the third waits until the first is 10 s old.
    expect(sleeps).toEqual([7_000]);
  });

  it("retries a refused connection, then reports a network error", async () => {
    const { connector, sleeps } = makeConnector({
      basePath: "http://127.0.0.1:1",
      retry: { maxAttempts: 3 },
    });
    await expect(connector.describe("deals")).rejects.toMatchObject({ code: "HUBSPOT_NETWORK" });
    expect(sleeps).toHaveLength(2);
  });

  it("does not retry a response it cannot parse", async () => {
    nock(BASE).get("/crm/v3/properties/companies").reply(200, "<html>proxy error</html>");
    const { connector, sleeps } = makeConnector();
    await expect(connector.describe("companies")).rejects.toMatchObject({ code: "HUBSPOT_BAD_RESPONSE" });
    expect(sleeps).toEqual([]);
  });

  it("is immune to another Client's numberOfApiCallRetries (the client's decorators are process-wide)", async () => {
    const { connector, sleeps } = makeConnector({ retry: { maxAttempts: 2 } });
    const { Client } = await import("@hubspot/api-client");
    // Built after ours: its RetryDecorator becomes the process-wide default.
    new Client({ accessToken: "other", numberOfApiCallRetries: 3 }).crm.objects;
    let hits = 0;
    nock(BASE)
      .get("/crm/v3/properties/deals")
      .times(10)
      .reply(async () => {
        hits++;
        return [500, { message: "boom" }, JSON_HEADERS];
      });
    await expect(connector.describe("deals")).rejects.toMatchObject({ code: "HUBSPOT_SERVER_ERROR" });
    expect(hits).toBe(2); // exactly our 2 attempts, not 2 × 3
    expect(sleeps).toHaveLength(1);
  });
});
