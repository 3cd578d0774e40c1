// The admin API as the console uses it, on the service composed in sandbox mode: sign-in for a
// session cookie, CSRF on state changes, sign-out ending the session; and the routes the console
// added (mapping history with diffs, live validation, field picker, unmapped values mapped in one
// step, partner search and page, usage samples, errors by type, schedule, bulk quarantine).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunSummary } from "../../../src/service/ports.ts";
import { ADMIN_TOKEN, type SandboxService, startSandboxService } from "./sandbox-harness.ts";

let s: SandboxService;
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;

beforeAll(async () => {
  s = await startSandboxService();
  await s.eventually(
    "the start-up reconcile",
    async () => {
      const page = await json<{ items: RunSummary[] }>(await s.api("/api/runs?kind=reconcile"));
      return page.items.find((r) => r.outcome !== "running");
    },
    60_000,
  );
}, 90_000);

afterAll(async () => {
  await s?.close();
});

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${s.url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: ADMIN_TOKEN, name: "Ada Admin" }),
  });
  expect(res.status).toBe(201);
  const setCookie = res.headers.get("set-cookie") ?? "";
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Strict/i);
  expect(setCookie).toMatch(/Expires=/i);
  expect(setCookie).not.toMatch(/Secure/i); // plain http here
  const text = JSON.stringify(await json<unknown>(res.clone()));
  expect(text).not.toContain(ADMIN_TOKEN);
  const body = await json<{ csrfToken: string; user: string }>(res);
  expect(body.user).toBe("Ada Admin");
  return { cookie: setCookie.split(";")[0]!, csrf: body.csrfToken };
}

describe("console sessions", () => {
  it("exchanges the token for a cookie; CSRF guards state changes; sign-out ends the session", async () => {
    const wrong = await fetch(`${s.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: "not-the-token", name: "Mallory" }),
    });
    expect(wrong.status).toBe(401);
    const { cookie, csrf } = await signIn();
    const get = await fetch(`${s.url}/api/runs`, { headers: { cookie } });
    expect(get.status).toBe(200);
    const noCsrf = await fetch(`${s.url}/api/quarantine/retry`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ ids: ["1"] }),
    });
    expect(noCsrf.status).toBe(403);
    expect((await json<{ error: { code: string } }>(noCsrf)).error.code).toBe("CSRF_TOKEN_MISSING");
    const badCsrf = await fetch(`${s.url}/api/quarantine/retry`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "x-csrf-token": "forged" },
      body: JSON.stringify({ ids: ["1"] }),
    });
    expect((await json<{ error: { code: string } }>(badCsrf)).error.code).toBe("CSRF_TOKEN_INVALID");
    const again = await json<{ csrfToken: string }>(
      await fetch(`${s.url}/api/session`, { headers: { cookie } }),
    );
    expect(again.csrfToken).toBe(csrf);
    const out = await fetch(`${s.url}/api/session`, {
      method: "DELETE",
      headers: { cookie, "x-csrf-token": csrf },
    });
    expect(out.status).toBe(204);
    expect((await fetch(`${s.url}/api/runs`, { headers: { cookie } })).status).toBe(401);
    expect(
      (await fetch(`${s.url}/api/runs`, { headers: { cookie: "incentives_session=forged" } })).status,
    ).toBe(401);
  });

  it("serves the console under /admin with a strict CSP, or says it is not built", async () => {
    const res = await fetch(`${s.url}/admin/partners`);
    expect([200, 503]).toContain(res.status);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect((await fetch(`${s.url}/admin/`, { method: "POST" })).status).toBe(405);
  });
});

describe("console routes", () => {
  it("validates live, lists real fields, and keeps a history with who and a diff", async () => {
    const { cookie, csrf } = await signIn();
    const headers = { cookie, "x-csrf-token": csrf, "content-type": "application/json" };
    const mapping = await json<{ mapping: { hubspot: unknown } }>(await s.api("/api/mappings"));
    const fields = await json<{ fields: Array<{ name: string }> }>(
      await s.api("/api/crm/hubspot/objects/companies/fields"),
    );
    expect(fields.fields.map((f) => f.name)).toContain("partner_tier");
    const text = (await import("node:fs")).readFileSync(`${s.mappingsDir}/hubspot.yaml`, "utf8");
    const broken = text.replace("crm_field: partner_tier,", "crm_field: partner_tierx,");
    expect(broken).not.toBe(text);
    const live = await json<{ valid: boolean; problems: Array<{ path: string; message: string }> }>(
      await s.api("/api/mappings/validate", {
        method: "POST",
        body: { mapping: { hubspot: broken }, live: true },
      }),
    );
    expect(live.valid).toBe(false);
    expect(live.problems).toContainEqual(
      expect.objectContaining({ path: "hubspot.entities.partner.fields.tier.crm_field" }),
    );
    const refused = await fetch(`${s.url}/api/mappings`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ mapping: { hubspot: broken } }),
    });
    expect(refused.status).toBe(400);
    const saved = await fetch(`${s.url}/api/mappings`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ mapping: { hubspot: `${text}# saved from the console\n` } }),
    });
    expect(saved.status).toBe(200);
    const history = await json<{ items: Array<{ changedBy: string; diff: string }> }>(
      await s.api("/api/mappings/history?crm=hubspot"),
    );
    expect(history.items[0]?.changedBy).toBe("Ada Admin");
    expect(history.items[0]?.diff).toContain("+# saved from the console");
    expect(history.items.at(-1)?.changedBy).toBe("file on disk");
    void mapping;
  });

  it("lists the unmapped picklist value the demo data brings and maps it in one step", async () => {
    const list = await json<{
      items: Array<{ crm: string; field: string; value: string; choices: string[]; records: number }>;
    }>(await s.api("/api/mappings/unmapped-values"));
    const referral = list.items.find((v) => v.value === "Referral");
    expect(referral).toMatchObject({ crm: "salesforce", field: "attribution", records: 1 });
    expect(referral?.choices).toEqual(["sourced", "influenced"]);
    const mapped = await s.api("/api/mappings/value-maps", {
      method: "POST",
      body: {
        crm: "salesforce",
        entity: "deal",
        field: "attribution",
        value: "Referral",
        canonical: "influenced",
      },
    });
    expect(mapped.status).toBe(200);
    expect((await json<{ retried: number }>(mapped)).retried).toBe(1);
    const sync = await s.api("/api/sync", { method: "POST", body: {} });
    expect(sync.status).toBe(200);
    const after = await json<{ items: Array<{ value: string }> }>(
      await s.api("/api/mappings/unmapped-values"),
    );
    expect(after.items.find((v) => v.value === "Referral")).toBeUndefined();
  });

  it("searches partners on the server and opens one with its periods and CRM links", async () => {
    const all = await json<{
      items: Array<{ id: string; name: string }>;
      total: number;
      nextCursor: string | null;
    }>(await s.api("/api/partners?limit=5"));
    expect(all.total).toBeGreaterThanOrEqual(20);
    expect(all.items).toHaveLength(5);
    const next = await json<{ items: Array<{ id: string }> }>(
      await s.api(`/api/partners?limit=5&cursor=${all.nextCursor}`),
    );
    expect(next.items.map((p) => p.id)).not.toContain(all.items[0]!.id);
    const first = all.items[0]!;
    const found = await json<{ items: Array<{ id: string }> }>(
      await s.api(`/api/partners?q=${encodeURIComponent(first.name.slice(0, 6).toUpperCase())}`),
    );
    expect(found.items.map((p) => p.id)).toContain(first.id);
    const page = await json<{
      partner: { periods: Array<{ tier: string }>; records: Array<{ url?: string }> };
    }>(await s.api(`/api/partners/${first.id}`));
    expect(page.partner.periods.length).toBeGreaterThan(0);
    expect(page.partner.records.some((r) => r.url?.includes("/lightning/r/Account/"))).toBe(true);
  });

  it("reports usage samples, errors by type, the schedule and bulk quarantine actions", async () => {
    const usage = await json<{ series: Array<{ crm: string; samples: unknown[] }> }>(
      await s.api("/api/usage"),
    );
    expect(usage.series.map((x) => x.crm).sort()).toEqual(["hubspot", "salesforce"]);
    const groups = await json<{ groups: Array<{ code: string; open: number }> }>(
      await s.api("/api/quarantine/summary"),
    );
    expect(groups.groups.length).toBeGreaterThan(0);
    const sched = await json<{ reconcile: { cron: string } }>(await s.api("/api/schedule"));
    expect(sched.reconcile.cron).toBe("0 2 * * *");
    const open = await json<{ items: Array<{ id: string; url?: string }> }>(
      await s.api("/api/quarantine?status=open"),
    );
    expect(open.items.length).toBeGreaterThan(0);
    const res = await s.api("/api/quarantine/retry", {
      method: "POST",
      body: { ids: [open.items[0]!.id, "999999"] },
    });
    expect(await json<unknown>(res)).toEqual({ retried: [open.items[0]!.id], notOpen: ["999999"] });
    expect((await json<{ run: unknown }>(await s.api("/api/runs/current"))).run).toBeNull();
  });

  it("links each quarantined record to its CRM and dismisses several at once", async () => {
    const open = await json<{ items: Array<{ id: string; crm: string; url?: string }> }>(
      await s.api("/api/quarantine?status=open&limit=100"),
    );
    expect(open.items.length).toBeGreaterThan(0);
    // Sandbox mode: every record opens in its emulator's record page.
    for (const item of open.items) expect(item.url, `record ${item.id}`).toMatch(/^https?:\/\/\S+$/);
    const two = open.items.slice(-2).map((i) => i.id);
    const res = await s.api("/api/quarantine/dismiss", {
      method: "POST",
      body: { ids: two, reason: "test" },
    });
    expect(res.status).toBe(200);
    expect(await json<unknown>(res)).toEqual({ dismissed: two, notOpen: [] });
    const after = await json<{ items: Array<{ id: string }> }>(
      await s.api("/api/quarantine?status=open&limit=100"),
    );
    expect(after.items.map((i) => i.id)).not.toContain(two[0]);
    if (two[1]) expect(after.items.map((i) => i.id)).not.toContain(two[1]);
    expect(after.items.length).toBe(open.items.length - two.length);
  });
});
