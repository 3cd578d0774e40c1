// Rate limits, injected faults, call accounting and OAuth refresh. Every client in this file is
// built with the same numberOfApiCallRetries: the SDK installs its retry decorator on a
// process-wide singleton, so clients with different settings would interfere.
import { afterEach, describe, expect, it } from "vitest";
import type { HubSpotEmulator } from "../../../sandbox/hubspot/server.ts";
import { apiError, clientFor, raw, startEmulator } from "./helpers.ts";

const RETRIES = 3; // = 3 attempts (the SDK counts attempts, not retries)
const started: HubSpotEmulator[] = [];

async function emulatorWith(options: Parameters<typeof startEmulator>[0]) {
  const e = await startEmulator(options);
  started.push(e);
  return e;
}
const retryingClient = (e: HubSpotEmulator, extra: Record<string, unknown> = {}) =>
  clientFor(e, { numberOfApiCallRetries: RETRIES, ...extra });

afterEach(async () => {
  while (started.length > 0) await started.pop()!.close();
});

describe("rate limits", () => {
  it("sends X-HubSpot-RateLimit-* headers and answers 429 TEN_SECONDLY_ROLLING / DAILY with HubSpot's body", async () => {
    const now = Date.UTC(2026, 5, 1, 12);
    const e = await emulatorWith({ now: () => now, rateLimits: { tenSecondly: 3, daily: 5 } });
    const first = await raw(e, "GET", "/crm/v3/objects/deals");
    expect(first.headers.get("x-hubspot-ratelimit-interval-milliseconds")).toBe("10000");
    expect(first.headers.get("x-hubspot-ratelimit-max")).toBe("3");
    expect(first.headers.get("x-hubspot-ratelimit-remaining")).toBe("2");
    expect(first.headers.get("x-hubspot-ratelimit-daily")).toBe("5");
    expect(first.headers.get("x-hubspot-ratelimit-daily-remaining")).toBe("4");
    await raw(e, "GET", "/crm/v3/objects/deals");
    await raw(e, "GET", "/crm/v3/objects/deals");
    const limited = await raw(e, "GET", "/crm/v3/objects/deals");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/json;charset=utf-8");
    expect(limited.body).toMatchObject({
      status: "error",
      message: "You have reached your ten_secondly_rolling limit.",
      errorType: "RATE_LIMIT",
      policyName: "TEN_SECONDLY_ROLLING",
    });
    expect(typeof limited.body.correlationId).toBe("string");
    expect(limited.headers.get("x-hubspot-ratelimit-remaining")).toBe("0");

    // A refused request is not counted; once the window rolls, the daily allowance runs out.
    const later = await emulatorWith({
      now: (() => {
        let t = now;
        return () => (t += 11_000);
      })(),
      rateLimits: { tenSecondly: 3, daily: 2 },
    });
    expect((await raw(later, "GET", "/crm/v3/objects/deals")).status).toBe(200);
    expect((await raw(later, "GET", "/crm/v3/objects/deals")).status).toBe(200);
    const daily = await raw(later, "GET", "/crm/v3/objects/deals");
    expect(daily.status).toBe(429);
    expect(daily.body).toMatchObject({ policyName: "DAILY", message: "You have reached your daily limit." });
  });

  it("lets the real client retry a SECONDLY 429 after its 1 s back-off", async () => {
    const e = await emulatorWith({ rateLimits: { secondly: 2 } });
    const client = retryingClient(e);
    const startedAt = Date.now();
    const results = await Promise.all([1, 2, 3].map(() => client.crm.deals.basicApi.getPage(1)));
    expect(results).toHaveLength(3);
    const calls = e.portal.calls();
    expect(calls.byStatus["429"]).toBeGreaterThanOrEqual(1);
    expect(calls.byStatus["200"]).toBe(3);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
  });

  it("does not let the client retry a DAILY 429", async () => {
    const e = await emulatorWith({ rateLimits: { daily: 1 } });
    const client = retryingClient(e);
    await client.crm.deals.basicApi.getPage(1);
    const error = await apiError(client.crm.deals.basicApi.getPage(1));
    expect(error.code).toBe(429);
    expect(error.body.policyName).toBe("DAILY");
    expect(e.portal.calls().total).toBe(2);
  });
});

describe("fault injection", () => {
  it("answers scripted 429/503 faults the client retries, counting every attempt", async () => {
    const e = await emulatorWith({ faults: { next: [{ status: 503, count: 2 }] } });
    const client = retryingClient(e);
    const page = await client.crm.deals.basicApi.getPage(1);
    expect(page.results).toEqual([]);
    expect(e.portal.calls()).toMatchObject({ total: 3, byStatus: { "503": 2, "200": 1 } });

    e.portal.setFaults({ next: [{ status: 429, count: 1, policy: "SECONDLY" }] });
    await client.crm.deals.basicApi.getPage(1);
    expect(e.portal.calls().byStatus["429"]).toBe(1);
  });

  it("fails a deterministic share of requests (seeded) and adds latency", async () => {
    const e = await emulatorWith({ faults: { rate: 0.3, statuses: [429, 502, 503, 504], seed: 7 } });
    const run = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await raw(e, "GET", "/crm/v3/objects/companies")).status);
      return statuses;
    };
    const a = await run();
    const failed = a.filter((s) => s !== 200);
    expect(failed.length).toBeGreaterThan(6);
    expect(failed.length).toBeLessThan(36);
    expect(new Set(failed).size).toBeGreaterThan(1);
    const reset = await raw(e, "POST", "/__sandbox/faults", {
      rate: 0.3,
      statuses: [429, 502, 503, 504],
      seed: 7,
    });
    expect(reset.status).toBe(200);
    expect(await run()).toEqual(a);

    await raw(e, "POST", "/__sandbox/faults", { rate: 0, latencyMs: 120 });
    const t0 = performance.now();
    expect((await raw(e, "GET", "/crm/v3/objects/companies")).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
  });

  it("fails chosen records inside a batch with a 207 per-record error, applying the rest", async () => {
    const e = await emulatorWith({
      faults: {
        recordFailures: [
          {
            objectType: "deals",
            property: "dealname",
            equals: "poison",
            code: "INVALID_PROPERTY_VALUE",
            message: "poisoned",
          },
        ],
      },
    });
    const client = retryingClient(e);
    const created = await raw(e, "POST", "/crm/v3/objects/deals/batch/create", {
      inputs: ["ok 1", "poison", "ok 2"].map((dealname, i) => ({
        properties: { dealname },
        objectWriteTraceId: `t${i}`,
      })),
    });
    expect(created.status).toBe(207);
    expect(created.body.results).toHaveLength(2);
    expect(created.body.errors[0]).toMatchObject({
      status: "error",
      category: "VALIDATION_ERROR",
      message: "poisoned",
      context: { objectWriteTraceId: ["t1"], propertyName: ["dealname"] },
    });
    const single = await apiError(
      client.crm.deals.basicApi.create({ properties: { dealname: "poison" }, associations: [] }),
    );
    expect(single.code).toBe(400);
    e.portal.setFaults({ recordFailures: [{ ids: [created.body.results[0].id] }] });
    const updated = await client.crm.deals.batchApi.update({
      inputs: created.body.results.map((r: { id: string }) => ({ id: r.id, properties: { amount: "5" } })),
    });
    expect(updated.results).toHaveLength(1);
    expect((updated as { numErrors?: number }).numErrors).toBe(1);
  });
});

describe("call accounting", () => {
  it("counts API calls per endpoint template and method, resettable over HTTP; sandbox and back door are free", async () => {
    const e = await emulatorWith({ seed: { partners: 3, deals: 10 } });
    const client = retryingClient(e);
    await raw(e, "POST", "/__sandbox/calls/reset");
    const deals = await client.crm.deals.basicApi.getPage(5);
    await client.crm.deals.basicApi.getById(deals.results[0]!.id);
    await client.crm.deals.basicApi.getById(deals.results[1]!.id);
    await client.crm.companies.batchApi.read({
      inputs: [{ id: "1" }],
      properties: [],
      propertiesWithHistory: [],
    });
    await client.crm.deals.searchApi.doSearch({ filterGroups: [], limit: 1 } as never);
    await raw(e, "GET", "/crm/v3/objects/deals", undefined, null);
    e.portal.create("deals", { dealname: "back door" });
    await raw(e, "GET", "/__sandbox/calls");
    const calls = (await raw(e, "GET", "/__sandbox/calls")).body;
    expect(calls.byEndpoint).toEqual({
      "GET /crm/v3/objects/deals": 2,
      "GET /crm/v3/objects/deals/{objectId}": 2,
      "POST /crm/v3/objects/companies/batch/read": 1,
      "POST /crm/v3/objects/deals/search": 1,
    });
    expect(calls).toMatchObject({ total: 6, byMethod: { GET: 4, POST: 2 }, byStatus: { "401": 1 } });
    await raw(e, "POST", "/__sandbox/calls/reset");
    expect(e.portal.calls().total).toBe(0);
  });
});

describe("OAuth", () => {
  it("refreshes an access token at /oauth/v1/token; expired tokens answer 401 EXPIRED_AUTHENTICATION", async () => {
    let now = Date.UTC(2026, 5, 1);
    const e = await emulatorWith({
      now: () => now,
      oauth: { clientId: "cid", clientSecret: "csecret", refreshTokens: ["rt-1"], accessTokenTtlSeconds: 60 },
    });
    const anonymous = retryingClient(e, { accessToken: undefined });
    const tokens = await anonymous.oauth.tokensApi.create(
      "refresh_token",
      undefined,
      undefined,
      "cid",
      "csecret",
      "rt-1",
    );
    expect(tokens).toMatchObject({ refreshToken: "rt-1", expiresIn: 60, tokenType: "bearer" });
    const r = await raw(e, "GET", "/crm/v3/objects/deals", undefined, tokens.accessToken);
    expect(r.status).toBe(200);
    expect(r.headers.get("x-hubspot-ratelimit-max")).not.toBeNull();
    expect(r.headers.get("x-hubspot-ratelimit-daily")).toBeNull();
    now += 61_000;
    const expired = await raw(e, "GET", "/crm/v3/objects/deals", undefined, tokens.accessToken);
    expect(expired.status).toBe(401);
    expect(expired.body.category).toBe("EXPIRED_AUTHENTICATION");
    const bad = await apiError(
      anonymous.oauth.tokensApi.create("refresh_token", undefined, undefined, "cid", "csecret", "nope"),
    );
    expect(bad.code).toBe(400);
    expect(bad.body.status).toBe("BAD_REFRESH_TOKEN");
  });
});
