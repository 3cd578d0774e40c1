import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSalesforceEmulator } from "../../../sandbox/salesforce/server.ts";
import { connect, raw, startEmulator } from "./fixtures.ts";

type SaveResult = { id?: string; success: boolean; errors: { statusCode: string; message: string }[] };

async function admin(emu: RunningSalesforceEmulator, method: string, path: string, body?: unknown) {
  const res = await fetch(`${emu.url}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: res.status,
    body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>),
  };
}

describe("Salesforce emulator: fault injection and call accounting", () => {
  let emu: RunningSalesforceEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ seed: { partners: 5, deals: 50 } });
  });
  afterAll(() => emu.close());

  it("counts calls per endpoint and per method, resettable over HTTP, without counting /__sandbox", async () => {
    await admin(emu, "POST", "/calls/reset");
    const conn = connect(emu);
    await conn.query("SELECT Id FROM Account");
    await conn.query("SELECT Id FROM Opportunity");
    const acc = await conn.sobject("Account").create({ Name: "Counted" });
    await conn.sobject("Account").update({ Id: acc.id!, Name: "Counted 2" });
    const calls = (await admin(emu, "GET", "/calls")).body as {
      total: number;
      byEndpoint: Record<string, number>;
      byMethod: Record<string, number>;
    };
    expect(calls.total).toBe(4);
    expect(calls.byEndpoint).toEqual({
      "GET /services/data/vXX.X/query": 2,
      "POST /services/data/vXX.X/sobjects/:type": 1,
      "PATCH /services/data/vXX.X/sobjects/:type/:id": 1,
    });
    expect(calls.byMethod).toEqual({ GET: 2, POST: 1, PATCH: 1 });
    expect(((await admin(emu, "POST", "/calls/reset")).body as { total: number }).total).toBe(0);
    expect(emu.org.calls().total).toBe(0);
  });

  it("answers a seeded share of requests with 503 (visible on POST, which jsforce never retries)", async () => {
    const set = await admin(emu, "POST", "/faults", { seed: 3, rate503: 0.5 });
    expect(set.status).toBe(200);
    const conn = connect(emu);
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      try {
        await conn.sobject("Account").create({ Name: `Faulty ${i}` });
        outcomes.push("ok");
      } catch (error) {
        outcomes.push((error as { errorCode?: string }).errorCode ?? "?");
      }
    }
    expect(outcomes.filter((o) => o === "SERVER_UNAVAILABLE").length).toBeGreaterThan(3);
    expect(outcomes.filter((o) => o === "ok").length).toBeGreaterThan(3);
    // Same seed, same sequence.
    await admin(emu, "POST", "/faults", { seed: 3, rate503: 0.5 });
    const again: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await raw(emu, "POST", "/services/data/v62.0/sobjects/Account", { Name: `Again ${i}` });
      again.push(res.status === 503 ? "SERVER_UNAVAILABLE" : "ok");
    }
    expect(again).toEqual(outcomes);
    const faults = (await admin(emu, "GET", "/faults")).body as { injected: { http503: number } };
    expect(faults.injected.http503).toBeGreaterThan(6);
    emu.org.setFaults({});
  });

  it("returns 429 to raw callers, and jsforce silently retries GETs through it", async () => {
    emu.org.setFaults({ seed: 11, rate429: 0.3 });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await raw(emu, "GET", "/services/data/v62.0/limits")).status);
    expect(statuses).toContain(429);
    emu.org.setFaults({ seed: 5, rate429: 0.2 });
    emu.org.resetCalls();
    const conn = connect(emu);
    for (let i = 0; i < 4; i++)
      expect((await conn.query("SELECT COUNT() FROM Account")).totalSize).toBeGreaterThan(0);
    const calls = emu.org.calls();
    expect(calls.byStatus["200"]).toBe(4);
    expect(calls.byStatus["429"] ?? 0).toBe(calls.total - 4);
    emu.org.setFaults({});
  }, 30_000);

  it("fails a share of collection records with UNABLE_TO_LOCK_ROW, and chosen records with a validation rule", async () => {
    const conn = connect(emu);
    emu.org.setFaults({ seed: 2, lockRowRate: 0.5 });
    const results = (await conn
      .sobject("Account")
      .create(Array.from({ length: 20 }, (_, i) => ({ Name: `Lock ${i}` })))) as SaveResult[];
    const locked = results.filter((r) => !r.success);
    expect(locked.length).toBeGreaterThan(2);
    expect(locked[0]!.errors[0]!.statusCode).toBe("UNABLE_TO_LOCK_ROW");
    expect(locked[0]!.errors[0]!.message).toMatch(/^unable to obtain exclusive access to this record/);
    emu.org.setFaults({
      failRecords: [{ object: "Account", field: "Name", equals: "Reject me", message: "Blocked by rule" }],
    });
    const chosen = (await conn
      .sobject("Account")
      .create([{ Name: "Reject me" }, { Name: "Keep me" }])) as SaveResult[];
    expect(chosen.map((r) => r.success)).toEqual([false, true]);
    expect(chosen[0]!.errors[0]).toMatchObject({
      statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
      message: "Blocked by rule",
    });
    emu.org.setFaults({});
  });

  it("sends Retry-After on injected 429/503 only when configured, per status", async () => {
    const limits = "/services/data/v62.0/limits";
    emu.org.setFaults({ rate503: 1 });
    const plain = await raw(emu, "GET", limits);
    expect(plain.status).toBe(503);
    expect(plain.headers.get("retry-after")).toBeNull();
    const set = await admin(emu, "POST", "/faults", { rate503: 1, retryAfter503Seconds: 7 });
    expect(set.body).toMatchObject({ config: { rate503: 1, retryAfter503Seconds: 7 } });
    const with503 = await raw(emu, "GET", limits);
    expect([with503.status, with503.headers.get("retry-after")]).toEqual([503, "7"]);
    expect(with503.body).toEqual([{ errorCode: "SERVER_UNAVAILABLE", message: expect.any(String) }]);
    emu.org.setFaults({ rate429: 1, retryAfter503Seconds: 7 });
    expect((await raw(emu, "GET", limits)).headers.get("retry-after")).toBeNull();
    emu.org.setFaults({ rate429: 1, retryAfter429Seconds: 0 });
    const with429 = await raw(emu, "GET", limits);
    expect([with429.status, with429.headers.get("retry-after")]).toEqual([429, "0"]);
    emu.org.setFaults({ retryAfter429Seconds: 30, retryAfter503Seconds: 30 });
    const ok = await raw(emu, "GET", limits);
    expect([ok.status, ok.headers.get("retry-after")]).toEqual([200, null]);
    expect((await admin(emu, "POST", "/faults", { retryAfter503Seconds: -1 })).status).toBe(400);
    emu.org.setFaults({});
  });

  it("adds latency and rejects invalid fault configs", async () => {
    emu.org.setFaults({ latencyMs: 60 });
    const started = Date.now();
    await raw(emu, "GET", "/services/data/v62.0/limits");
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    emu.org.setFaults({});
    const bad = await admin(emu, "POST", "/faults", { rate503: 2 });
    expect(bad.status).toBe(400);
  });
});
