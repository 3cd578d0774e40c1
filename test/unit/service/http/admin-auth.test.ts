import { afterEach, describe, expect, it } from "vitest";
import type { TestApp } from "../helpers.ts";
import { ADMIN_TOKEN, startTestApp } from "../helpers.ts";

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const ADMIN_ROUTES: Array<[string, string]> = [
  ["GET", "/api/mappings"],
  ["PUT", "/api/mappings"],
  ["POST", "/api/mappings/validate"],
  ["GET", "/api/programs"],
  ["POST", "/api/programs"],
  ["POST", "/api/programs/validate"],
  ["POST", "/api/simulate"],
  ["POST", "/api/simulations"],
  ["GET", "/api/simulations/6f1c1b8e-6a3b-4f0e-9d55-0c8f3a2b7e11"],
  ["GET", "/api/partners/p-1/statements/2026-Q2"],
  ["GET", "/api/ledger"],
  ["GET", "/api/runs"],
  ["GET", "/api/quarantine"],
  ["POST", "/api/quarantine/q-1/retry"],
  ["POST", "/api/quarantine/q-1/dismiss"],
  ["POST", "/api/sync"],
  ["POST", "/api/reconcile"],
];

describe("admin bearer auth", () => {
  it("answers 401 with WWW-Authenticate on every admin route when no token is sent, and runs nothing", async () => {
    app = await startTestApp();
    for (const [method, path] of ADMIN_ROUTES) {
      const res = await fetch(`${app.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="incentives-admin"');
      expect(await res.json()).toEqual({
        error: { code: "UNAUTHORIZED", message: "a bearer token is required" },
      });
    }
    expect(app.jobs.syncCalls).toHaveLength(0);
    expect(app.jobs.reconcileCalls).toBe(0);
  });

  it("answers 401 invalid_token for a wrong token, a token with one extra character, or another scheme", async () => {
    app = await startTestApp();
    for (const authorization of [`Bearer ${ADMIN_TOKEN}x`, "Bearer nope", `Basic ${ADMIN_TOKEN}`, `Bearer`]) {
      const res = await fetch(`${app.url}/api/reconcile`, { method: "POST", headers: { authorization } });
      expect(res.status, authorization).toBe(401);
    }
    const wrong = await fetch(`${app.url}/api/runs`, { headers: { authorization: "Bearer nope" } });
    expect(wrong.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(app.jobs.reconcileCalls).toBe(0);
  });

  it("lets the right token through (the scheme is case-insensitive)", async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/api/reconcile`, {
      method: "POST",
      headers: { authorization: `bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(app.jobs.reconcileCalls).toBe(1);
  });

  it("is off, not open, when no ADMIN_TOKEN is configured: 404 ADMIN_API_DISABLED with or without a token", async () => {
    app = await startTestApp({ config: { adminToken: null } });
    for (const [method, path] of [...ADMIN_ROUTES, ["GET", "/api/unknown"] as [string, string]]) {
      const res = await fetch(`${app.url}${path}`, { method, headers: { authorization: "Bearer anything" } });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ADMIN_API_DISABLED");
    }
    expect(app.jobs.syncCalls).toHaveLength(0);
    // The console is off like the API: its pages say so, and no sign-in form is served.
    for (const path of ["/admin/", "/admin/programs"]) {
      const page = await fetch(`${app.url}${path}`);
      expect(page.status, path).toBe(404);
      const html = await page.text();
      expect(html).toContain("The admin console is off");
      expect(html).not.toContain("<script");
    }
    // Probes and webhooks do not depend on the admin token.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("authenticates before reading the body: an unauthenticated oversized body gets 401, not 413", async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/api/mappings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mapping: "x".repeat(10_000) }),
    });
    expect(res.status).toBe(401);
  });
});
