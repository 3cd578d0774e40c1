// Disputes (issue #16): "any state can be disputed" — a dispute on an exported and on a paid
// payout, not only on computed ones — and a dispute dismissed successfully over the admin API and
// the CLI: nothing posted to the ledger, the payout shows its own state again, and the lifecycle
// events say who, why and when.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPayoutsAdmin } from "../../../src/service/adapters/payouts-admin.ts";
import { openStore } from "../../../src/store/store.ts";
import { jsonInit, startTestApp, type TestApp } from "../../unit/service/helpers.ts";
import { openTestDb, partner, saveProgram, statement, type TestDb } from "../store/helpers.ts";

// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON answers loosely and assert on them
const j = async (r: Response): Promise<any> => r.json();

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describe("disputes on exported and paid payouts, dismissed over the admin API", () => {
  let t: TestDb;
  let app: TestApp;
  const post = (path: string, body: unknown) => app.admin(path, jsonInit("POST", body));
  const display = async (p: string) =>
    (await j(await app.admin(`/api/payouts?period=2026-Q1`))).rows.find(
      (r: { partner: string }) => r.partner === p,
    );

  beforeAll(async () => {
    t = await openTestDb("pglite");
    const pv = await saveProgram(t.store);
    const r = await t.store.ledger.postStatement(
      statement("2026-Q1", [
        partner("P-1", [["resale", "rate", "D-1", "100.00"]]),
        partner("P-2", [["resale", "rate", "D-2", "200.00"]]),
        partner("P-3", [["resale", "rate", "D-3", "300.00"]]),
      ]),
      { programVersionId: pv },
    );
    if (!r.ok) throw new Error(r.error.message);
    app = await startTestApp({
      admin: {
        payouts: createPayoutsAdmin({ store: t.store, clock: () => new Date("2026-04-20T10:00:00Z") }),
      },
      config: { bodyLimit: "100kb" },
    });
    // P-2 and P-3 approved and exported; P-3 also paid. P-1 stays computed.
    const who = { actor: "ana", reason: "reviewed" };
    await post("/api/payouts/approve", { period: "2026-Q1", partners: ["P-2", "P-3"], ...who });
    expect((await post("/api/payout-batches", { period: "2026-Q1", actor: "finance" })).status).toBe(201);
    const paid = await j(
      await post("/api/payouts/paid", {
        csv: "partner_key,period,payment_reference\nP-3,2026-Q1,W-3\n",
        actor: "finance",
      }),
    );
    expect(paid.rejected).toEqual([]);
    expect([(await display("P-2")).display, (await display("P-3")).display]).toEqual(["exported", "paid"]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it("records when each lifecycle event happened", async () => {
    const before = Date.now();
    const r = await post("/api/payouts/hold", {
      period: "2026-Q1",
      partners: ["P-1"],
      actor: "ana",
      reason: "why",
    });
    expect((await j(r)).changed).toHaveLength(1);
    const after = Date.now();
    const ev = (await j(await app.admin("/api/payouts/2026-Q1/P-1"))).events.at(-1);
    expect(ev.action).toBe("hold");
    expect(ev.createdAt).toMatch(ISO);
    // The store's clock, not the admin's injected one (2026-04-20): the moment it was recorded.
    const at = Date.parse(ev.createdAt);
    expect(at).toBeGreaterThanOrEqual(before - 2_000);
    expect(at).toBeLessThanOrEqual(after + 2_000);
    await post("/api/payouts/release", { period: "2026-Q1", partners: ["P-1"], actor: "ana", reason: "ok" });
  });

  it("opens a dispute on an exported and on a paid payout: both show Disputed and block the close", async () => {
    for (const [p, deal, state] of [
      ["P-2", "D-2", "exported"],
      ["P-3", "D-3", "paid"],
    ] as const) {
      const o = await post("/api/disputes", {
        partnerId: p,
        period: "2026-Q1",
        deal,
        reason: "rate",
        actor: `partner:${p}`,
      });
      expect(o.status).toBe(201);
      expect(await j(o)).toMatchObject({ partner: p, status: "open", deal });
      expect(await display(p)).toMatchObject({ state, display: "disputed" });
      const ev = (await j(await app.admin(`/api/payouts/2026-Q1/${p}`))).events.at(-1);
      expect(ev).toMatchObject({ action: "dispute", state, actor: `partner:${p}`, reason: "rate" });
    }
    const close = await post("/api/periods/2026-Q1/close", { actor: "ana" });
    expect(close.status).toBe(409);
    expect((await j(close)).error.message).toContain("2 open dispute(s)");
  });

  it("dismisses them: nothing posted, each payout back to its own state, the period closes", async () => {
    const open = (await j(await app.admin("/api/disputes?status=open"))).items as Array<{
      id: number;
      partner: string;
    }>;
    expect(open.map((d) => d.partner).sort()).toEqual(["P-2", "P-3"]);
    for (const d of open) {
      const r = await post(`/api/disputes/${d.id}/resolve`, {
        resolution: "dismiss",
        reason: "rate is right",
        actor: "ana",
      });
      expect(r.status).toBe(200);
      const body = await j(r);
      expect(body).toMatchObject({ id: d.id, status: "dismissed", resolvedBy: "ana", adjustment: null });
      const ev = (await j(await app.admin(`/api/payouts/2026-Q1/${d.partner}`))).events.at(-1);
      expect(ev).toMatchObject({ action: "resolve", actor: "ana", reason: "dismissed: rate is right" });
    }
    expect([(await display("P-2")).display, (await display("P-3")).display]).toEqual(["exported", "paid"]);
    for (const p of ["P-2", "P-3"])
      expect((await t.store.ledger.view(p, "2026-Q1")).corrections).toBe("0.00");
    expect((await j(await app.admin("/api/disputes?status=open"))).items).toEqual([]);
    expect((await post("/api/periods/2026-Q1/close", { actor: "ana" })).status).toBe(200);
  });
});

const MAIN = resolve(import.meta.dirname, "../../../src/cli/main.ts");
const run = promisify(execFile);

describe("a dispute dismissed with the CLI", () => {
  let dir: string;
  const cli = async (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, "data"), USER: "ops" };
    delete env.DATABASE_URL;
    delete env.DATABASE_SCHEMA;
    try {
      const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "incentives-disputes-cli-"));
    const store = await openStore({ backend: "pglite", dataDir: join(dir, "data") });
    try {
      const v = await saveProgram(store);
      const r = await store.ledger.postStatement(
        statement("2026-Q1", [partner("P-ACME", [["resale", "rate", "D-1", "5000.00"]])]),
        { programVersionId: v },
      );
      expect(r.ok).toBe(true);
    } finally {
      await store.close();
    }
  }, 60_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("opens, dismisses, and the payout can be approved again", async () => {
    const o = await cli(
      "disputes",
      "open",
      "P-ACME",
      "--period",
      "2026-Q1",
      "--deal",
      "D-1",
      "--reason",
      "rate",
    );
    expect(o.stdout).toContain("dispute #1 opened for P-ACME 2026-Q1 (deal D-1)");
    const d = await cli("disputes", "resolve", "1", "--dismiss", "--reason", "rate is right", "--by", "lead");
    expect(d.code).toBe(0);
    expect(d.stdout.trim()).toBe("dispute #1 dismissed");
    const list = await cli("disputes", "list", "--status", "dismissed", "--format", "json");
    expect(JSON.parse(list.stdout)).toMatchObject([
      { id: 1, partner: "P-ACME", status: "dismissed", resolvedBy: "lead", adjustment: null },
    ]);
    const again = await cli("disputes", "resolve", "1", "--dismiss", "--reason", "x");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("dispute #1 is already dismissed");
    const show = await cli("payouts", "show", "P-ACME", "--period", "2026-Q1");
    expect(show.stdout).toMatch(/resolve\s+computed\s+lead\s+dismissed: rate is right/);
    // The WHEN column carries the moment each event was recorded.
    expect(show.stdout).toMatch(/\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\s+dispute\s+computed/);
    const a = await cli("payouts", "approve", "--period", "2026-Q1", "--partner", "P-ACME", "--reason", "ok");
    expect(a.stdout).toMatch(/P-ACME\s+computed\s+approved\s+4000\.00/);
  }, 120_000);
});
