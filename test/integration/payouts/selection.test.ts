// Approve / hold / release by selection (issue #16: "one partner, a filtered set, or a whole
// period") over the admin API and the CLI, including the `flag` filter: payouts held by a given
// review rule. Two of the four payouts are held by different rules so a filter that ignored its
// rule, its state or its amount would move the wrong ones.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReviewFlag } from "../../../src/engine/index.ts";
import { settlePeriod } from "../../../src/payouts/review.ts";
import { createPayoutsAdmin } from "../../../src/service/adapters/payouts-admin.ts";
import { openStore, type Store } from "../../../src/store/store.ts";
import { jsonInit, startTestApp, type TestApp } from "../../unit/service/helpers.ts";
import { openTestDb, partner, saveProgram, statement, type TestDb } from "../store/helpers.ts";

// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON answers loosely and assert on them
const j = async (r: Response): Promise<any> => r.json();
type Change = { partner: string; from: string; to: string; amount: string | null };
const moves = (changed: Change[]) => changed.map((c) => [c.partner, c.from, c.to, c.amount]);

const flag = (partnerId: string, rule: ReviewFlag["rule"]): ReviewFlag => ({
  partner_id: partnerId,
  period: "2026-Q1",
  rule,
  reason: `${rule} for ${partnerId}`,
  deals: [],
});

/** Q1 owing P-1 80.00, P-2 160.00, P-3 240.00 (held: quarter-end spike), P-4 320.00 (held: duplicate deals). */
async function seed(store: Store): Promise<void> {
  const pv = await saveProgram(store);
  const r = await store.ledger.postStatement(
    statement("2026-Q1", [
      partner("P-1", [["resale", "rate", "D-1", "100.00"]]),
      partner("P-2", [["resale", "rate", "D-2", "200.00"]]),
      partner("P-3", [["resale", "rate", "D-3", "300.00"]]),
      partner("P-4", [["resale", "rate", "D-4", "400.00"]]),
    ]),
    { programVersionId: pv },
  );
  if (!r.ok) throw new Error(r.error.message);
  const s = await settlePeriod(
    store,
    "2026-Q1",
    [flag("P-3", "quarter_end_spike"), flag("P-4", "duplicate_deals")],
    false,
  );
  if (s.held !== 2) throw new Error(`expected 2 held, got ${JSON.stringify(s)}`);
}

describe("approve / hold / release selections over the admin API", () => {
  let t: TestDb;
  let app: TestApp;
  const post = (path: string, body: unknown) => app.admin(path, jsonInit("POST", body));
  const who = { actor: "ana", reason: "reviewed" };

  beforeAll(async () => {
    t = await openTestDb("pglite");
    await seed(t.store);
    app = await startTestApp({
      admin: {
        payouts: createPayoutsAdmin({ store: t.store, clock: () => new Date("2026-04-20T10:00:00Z") }),
      },
      config: { bodyLimit: "100kb" },
    });
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it("approves one partner", async () => {
    const r = await post("/api/payouts/approve", { period: "2026-Q1", partners: ["P-1"], ...who });
    expect(r.status).toBe(200);
    const body = await j(r);
    expect(moves(body.changed)).toEqual([["P-1", "computed", "approved", "80.00"]]);
    expect(body.skipped).toEqual([]);
    const d = await j(await app.admin("/api/payouts/2026-Q1/P-1"));
    expect(d.events.at(-1)).toMatchObject({ action: "approve", actor: "ana", amount: "80.00" });
  });

  it("approves a filtered set by state and amount: held payouts owing at most 300.00", async () => {
    // P-3 (held, 240.00) matches; P-4 is held but owes 320.00; P-2 owes 160.00 but is computed.
    const body = await j(
      await post("/api/payouts/approve", { period: "2026-Q1", state: "held", max_amount: "300.00", ...who }),
    );
    expect(moves(body.changed)).toEqual([["P-3", "held", "approved", "240.00"]]);
    const d = await j(await app.admin("/api/payouts/2026-Q1/P-3"));
    expect(d.events.at(-1).reason).toBe("reviewed (the hold is released)");
  });

  it("selects by review flag: only the payouts held by that rule", async () => {
    // P-3 was flagged by quarter_end_spike but is approved now: re-approving it is reported, P-4 untouched.
    const spike = await j(
      await post("/api/payouts/approve", { period: "2026-Q1", flag: "quarter_end_spike", ...who }),
    );
    expect(spike.changed).toEqual([]);
    expect(spike.skipped).toEqual([
      { partner: "P-3", code: "already_approved", message: "already approved" },
    ]);
    const dup = await j(
      await post("/api/payouts/approve", { period: "2026-Q1", flag: "duplicate_deals", ...who }),
    );
    expect(moves(dup.changed)).toEqual([["P-4", "held", "approved", "320.00"]]);
    const none = await j(
      await post("/api/payouts/hold", { period: "2026-Q1", flag: "tier_chasing", ...who }),
    );
    expect([none.changed, none.skipped]).toEqual([[], []]);
    expect((await post("/api/payouts/hold", { period: "2026-Q1", flag: "", ...who })).status).toBe(400);
  });

  it("holds a whole period, then releases it", async () => {
    const held = await j(await post("/api/payouts/hold", { period: "2026-Q1", ...who }));
    expect(moves(held.changed)).toEqual([
      ["P-1", "approved", "held", null],
      ["P-2", "computed", "held", null],
      ["P-3", "approved", "held", null],
      ["P-4", "approved", "held", null],
    ]);
    const released = await j(await post("/api/payouts/release", { period: "2026-Q1", ...who }));
    expect(released.changed.map((c: Change) => [c.partner, c.to])).toEqual([
      ["P-1", "computed"],
      ["P-2", "computed"],
      ["P-3", "computed"],
      ["P-4", "computed"],
    ]);
    const list = await j(await app.admin("/api/payouts?period=2026-Q1"));
    expect(list.rows.map((x: { display: string }) => x.display)).toEqual([
      "computed",
      "computed",
      "computed",
      "computed",
    ]);
    // Releasing again moves nothing and says why for each.
    const again = await j(await post("/api/payouts/release", { period: "2026-Q1", ...who }));
    expect(again.changed).toEqual([]);
    expect(again.skipped.map((s: { code: string }) => s.code)).toEqual([
      "not_held",
      "not_held",
      "not_held",
      "not_held",
    ]);
  });
});

const MAIN = resolve(import.meta.dirname, "../../../src/cli/main.ts");
const run = promisify(execFile);

describe("approve / hold / release selections with the CLI", () => {
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
  const act = async (...args: string[]) => {
    const r = await cli(
      "payouts",
      ...args,
      "--period",
      "2026-Q1",
      "--reason",
      "reviewed",
      "--format",
      "json",
    );
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { changed: Change[]; skipped: Array<{ partner: string; code: string }> };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "incentives-payouts-selection-"));
    const store = await openStore({ backend: "pglite", dataDir: join(dir, "data") });
    try {
      await seed(store);
    } finally {
      await store.close();
    }
  }, 60_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("approves one partner (--partner), in table form with who", async () => {
    const r = await cli("payouts", "approve", "--period", "2026-Q1", "--partner", "P-2", "--reason", "ok");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 payout(s) approved in 2026-Q1, 0 skipped");
    expect(r.stdout).toMatch(/P-2\s+computed\s+approved\s+160\.00/);
    const show = await cli("payouts", "show", "P-2", "--period", "2026-Q1");
    expect(show.stdout).toMatch(/approve\s+approved\s+ops\s+160\.00\s+ok/);
  }, 60_000);

  it("approves a filtered set (--state held --min-amount 300) and by review rule (--flag)", async () => {
    // P-4 (held, 320.00) matches; P-3 is held but owes 240.00.
    expect(moves((await act("approve", "--state", "held", "--min-amount", "300")).changed)).toEqual([
      ["P-4", "held", "approved", "320.00"],
    ]);
    // Held by quarter_end_spike: P-3 only; P-1 (computed, no flag) stays.
    expect(moves((await act("approve", "--flag", "quarter_end_spike")).changed)).toEqual([
      ["P-3", "held", "approved", "240.00"],
    ]);
    const list = await cli(
      "payouts",
      "list",
      "--period",
      "2026-Q1",
      "--flag",
      "duplicate_deals",
      "--format",
      "json",
    );
    expect(JSON.parse(list.stdout).rows.map((x: { partner: string }) => x.partner)).toEqual(["P-4"]);
  }, 120_000);

  it("holds a whole period, then releases it", async () => {
    expect(moves((await act("hold")).changed)).toEqual([
      ["P-1", "computed", "held", null],
      ["P-2", "approved", "held", null],
      ["P-3", "approved", "held", null],
      ["P-4", "approved", "held", null],
    ]);
    const rel = await act("release");
    expect(rel.changed.map((c) => [c.partner, c.to])).toEqual([
      ["P-1", "computed"],
      ["P-2", "computed"],
      ["P-3", "computed"],
      ["P-4", "computed"],
    ]);
    const list = await cli("payouts", "list", "--period", "2026-Q1", "--format", "json");
    expect(JSON.parse(list.stdout).rows.map((x: { display: string }) => x.display)).toEqual([
      "computed",
      "computed",
      "computed",
      "computed",
    ]);
  }, 120_000);
});
