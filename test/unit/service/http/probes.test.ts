import { afterEach, describe, expect, it } from "vitest";
import type { TestApp } from "../helpers.ts";
import { startTestApp } from "../helpers.ts";

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

describe("GET /healthz", () => {
  it("answers 200 while the process is up, even when dependencies are down", async () => {
    app = await startTestApp({
      health: { store: async () => false, crms: async () => ({ hubspot: false }) },
    });
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });
});

describe("GET /readyz", () => {
  it("is ready when the store answers and every CRM is authenticated", async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ready",
      checks: { store: true, crms: { salesforce: true, hubspot: true } },
    });
  });

  it("answers 503 listing each failing dependency", async () => {
    app = await startTestApp({
      health: { store: async () => false, crms: async () => ({ salesforce: true, hubspot: false }) },
    });
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: {
        code: "NOT_READY",
        message: "the service is not ready",
        errors: [
          { path: "store", message: "the store is not reachable" },
          { path: "crms.hubspot", message: "hubspot is not authenticated" },
        ],
      },
    });
  });

  it("treats a throwing or hanging check as not ready instead of hanging the probe", async () => {
    app = await startTestApp({
      readyTimeoutMs: 100,
      health: {
        store: () => new Promise(() => {}),
        crms: async () => {
          throw new Error("token endpoint down");
        },
      },
    });
    const res = await fetch(`${app.url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { errors: Array<{ path: string }> } };
    expect(body.error.errors.map((e) => e.path)).toEqual(["store", "crms"]);
  });
});

describe("GET /metrics", () => {
  it("serves the Prometheus text format with the product's series", async () => {
    app = await startTestApp();
    app.metrics.crmApiCalls.inc(
      { crm: "salesforce", endpoint: "/services/data/v62.0/composite/sobjects" },
      3,
    );
    app.metrics.crmApiBudgetRemaining.set({ crm: "hubspot" }, 249_000);
    app.metrics.quarantinedRecords.set({ crm: "salesforce" }, 2);
    app.metrics.computeDuration.observe({ kind: "period" }, 0.25);
    await app.admin("/api/reconcile", { method: "POST" });
    const res = await fetch(`${app.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain("# TYPE incentives_runs_total counter");
    expect(text).toContain('incentives_runs_total{kind="reconcile",outcome="succeeded",trigger="api"} 1');
    expect(text).toContain(
      'incentives_crm_api_calls_total{crm="salesforce",endpoint="/services/data/v62.0/composite/sobjects"} 3',
    );
    expect(text).toContain('incentives_crm_api_budget_remaining{crm="hubspot"} 249000');
    expect(text).toContain('incentives_quarantined_records{crm="salesforce"} 2');
    // The fake reconcile finished at 2026-05-01T00:00:01Z.
    expect(text).toContain("incentives_last_successful_reconcile_timestamp_seconds 1777593601");
    expect(text).toContain('incentives_compute_duration_seconds_count{kind="period"} 1');
    expect(text).toMatch(
      /incentives_http_requests_total\{method="POST",route="\/api\/reconcile",status="200"\} 1/,
    );
  });
});

describe("request ids", () => {
  it("honours an incoming X-Request-Id and puts it on every log line of the request", async () => {
    app = await startTestApp();
    const res = await app.admin("/api/reconcile", { method: "POST", headers: { "x-request-id": "lb-4711" } });
    expect(res.headers.get("x-request-id")).toBe("lb-4711");
    const lines = app.logs.lines.filter((l) => l.reqId === "lb-4711");
    // request (debug), the run log from the job runner is not request-scoped; the access line is.
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["request", "request done"]));
  });

  it("generates one when absent or unusable", async () => {
    app = await startTestApp();
    const a = await fetch(`${app.url}/healthz`);
    const b = await fetch(`${app.url}/healthz`, {
      headers: { "x-request-id": `${"x".repeat(200)} with spaces` },
    });
    const idA = a.headers.get("x-request-id");
    const idB = b.headers.get("x-request-id");
    expect(idA).toMatch(/^[0-9a-f-]{36}$/);
    expect(idB).toMatch(/^[0-9a-f-]{36}$/);
    expect(idA).not.toBe(idB);
    expect(
      app.logs.lines.filter((l) => l.msg === "request done").every((l) => typeof l.reqId === "string"),
    ).toBe(true);
  });
});

describe("error shape", () => {
  it("answers an unknown route with 404 in the one error shape", async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "no route for GET /nope" } });
  });

  it("answers a known path with the wrong method with 405 and Allow", async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/healthz`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("METHOD_NOT_ALLOWED");
  });
});
