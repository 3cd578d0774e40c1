import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDispute } from "../../../src/payouts/index.ts";
import { openStore } from "../../../src/store/store.ts";
import { ACME_Q1, partner, saveProgram, statement } from "./helpers.ts";

const run = promisify(execFile);
const MAIN = resolve(import.meta.dirname, "../../../src/cli/main.ts");

describe("periods and ledger commands (embedded store in DATA_DIR)", () => {
  let dir: string;
  const cliWith = async (extraEnv: Record<string, string>, ...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir };
    delete env.DATABASE_URL;
    delete env.DATABASE_SCHEMA;
    try {
      const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], {
        env: { ...env, ...extraEnv },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const cli = (...args: string[]) => cliWith({}, ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "incentives-store-cli-"));
    const store = await openStore({ backend: "pglite", dataDir: join(dir) });
    try {
      const v = await saveProgram(store);
      const r = await store.ledger.postStatement(statement("2026-Q1", [partner("P-ACME", ACME_Q1)]), {
        programVersionId: v,
      });
      expect(r.ok).toBe(true);
      // 2026-Q2: a statement on a ladder with a carried-over tier note (issue #21) and an open
      // dispute (issue #16) — what `ledger` must show beside the rows. Q1 stays undisputed so it
      // can be closed below.
      // The whole engine document is stored, ladder and notes included.
      const q2 = {
        ...partner("P-ACME", [["resale", "rate", "D-2001", "1000.00"]]),
        ladder: "Alliances & Services",
        notes: ["moved to ladder Alliances & Services (type integrator): tier Silver carried over as Silver"],
      };
      expect((await store.ledger.postStatement(statement("2026-Q2", [q2]), { programVersionId: v })).ok).toBe(
        true,
      );
      const d = await openDispute(store, {
        partner: "P-ACME",
        period: "2026-Q2",
        deal: "D-2001",
        line: "resale",
        reason: "rate should be 12%",
        openedBy: "pam.partner",
      });
      expect(d.ok).toBe(true);
    } finally {
      await store.close();
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ledger --format json shows rows, balance and the statement figures they equal", async () => {
    const r = await cli("ledger", "--partner", "P-ACME", "--period", "2026-Q1", "--format", "json");
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout);
    expect(view.entries).toHaveLength(6);
    expect(view.periodTotal).toBe("7040.00");
    expect(view.figures).toMatchObject({ earned: "8800.00", held_back: "1760.00", payable: "7040.00" });
    expect(view.balanced).toBe(true);
  });

  it("ledger table output names the kinds and the payable", async () => {
    const r = await cli("ledger", "--partner", "P-ACME", "--period", "2026-Q1");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/holdback\s+-1760\.00/);
    expect(r.stdout).toContain("payable 7040.00");
    expect(r.stdout).toContain("balanced");
    expect(r.stdout).toContain("payout: computed; due 7040.00 USD");
    expect(r.stdout).toContain("open disputes: none");
    expect(r.stdout).not.toContain("ladder:");
  });

  it("ledger shows the payout state, the open disputes, the ladder and the statement's notes", async () => {
    const r = await cli("ledger", "--partner", "P-ACME", "--period", "2026-Q2");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ladder: Alliances & Services");
    expect(r.stdout).toContain(
      "note: moved to ladder Alliances & Services (type integrator): tier Silver carried over as Silver",
    );
    expect(r.stdout).toContain("payout: disputed (lifecycle state computed)");
    expect(r.stdout).toContain("open disputes: 1");
    expect(r.stdout).toMatch(
      /#\d+ rate should be 12% \(opened by pam\.partner at \S+; deal D-2001, line resale\)/,
    );
    const j = await cli("ledger", "--partner", "P-ACME", "--period", "2026-Q2", "--format", "json");
    const view = JSON.parse(j.stdout);
    expect(view.payout).toMatchObject({ display: "disputed", state: "computed", openDisputes: 1 });
    expect(view.openDisputes).toMatchObject([
      { reason: "rate should be 12%", deal: "D-2001", line: "resale" },
    ]);
    expect(view.ladder).toBe("Alliances & Services");
    expect(view.notes).toHaveLength(1);
  });

  it("periods close then list", async () => {
    const close = await cli("periods", "close", "2026-Q1", "--by", "finance");
    expect(close).toMatchObject({ code: 0, stdout: "closed 2026-Q1\n" });
    expect((await cli("periods", "close", "2026-Q1")).stdout).toBe("2026-Q1 was already closed\n");
    const list = await cli("periods", "list", "--format", "json");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).periods).toMatchObject([
      { period: "2026-Q1", status: "closed", closedBy: "finance", entries: 6 },
      // Q2 (the disputed statement above) stays open.
      { period: "2026-Q2", status: "open", entries: 2 },
    ]);
    expect((await cli("periods", "list")).stdout).toMatch(/2026-Q1\s+closed\s+6/);
  });

  it("a data folder held by another process, or bad configuration, is explained", async () => {
    const held = await openStore({ backend: "pglite", dataDir: dir });
    try {
      const busy = await cli("periods", "list");
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(/in use by process \d+/);
    } finally {
      await held.close();
    }
    const bad = await cliWith({ DATABASE_URL: "mysql://db" }, "periods", "list");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("DATABASE_URL: must be a postgres:// or postgresql:// URL");
  });

  it("bad arguments exit 2", async () => {
    expect((await cli("periods", "close", "Q1-2026")).code).toBe(2);
    expect((await cli("periods", "reopen", "2026-Q1")).code).toBe(2);
    expect((await cli("ledger", "--partner", "P-ACME")).code).toBe(2);
    expect((await cli("ledger", "--partner", "P-ACME", "--period", "2026-Q1", "--format", "xml")).code).toBe(
      2,
    );
  });
});
