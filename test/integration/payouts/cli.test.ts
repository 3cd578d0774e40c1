// `incentives payouts` and `incentives disputes` as processes over an embedded store (DATA_DIR):
// the whole path from computed to paid, refusals with exit 2, and the export file on disk.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../../src/store/store.ts";
import { partner, saveProgram, statement } from "../store/helpers.ts";

const run = promisify(execFile);
const MAIN = resolve(import.meta.dirname, "../../../src/cli/main.ts");

describe("payouts and disputes commands", () => {
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
    dir = mkdtempSync(join(tmpdir(), "incentives-payouts-cli-"));
    const store = await openStore({ backend: "pglite", dataDir: join(dir, "data") });
    try {
      const v = await saveProgram(store);
      const r = await store.ledger.postStatement(
        statement("2026-Q1", [
          partner("P-ACME", [["resale", "rate", "D-1", "5000.00"]]),
          partner("P-BETA", [["resale", "rate", "D-2", "1250.00"]]),
        ]),
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

  it("lists the period's payouts", async () => {
    const r = await cli("payouts", "list", "--period", "2026-Q1", "--format", "json");
    expect(r.code).toBe(0);
    expect(
      JSON.parse(r.stdout).rows.map((x: { partner: string; due: string }) => [x.partner, x.due]),
    ).toEqual([
      ["P-ACME", "4000.00"],
      ["P-BETA", "1000.00"],
    ]);
  }, 30_000);

  it("refuses what it cannot do with exit 2 and a reason", async () => {
    expect((await cli("payouts", "approve", "--period", "2026-Q1")).stderr).toContain("needs --reason");
    const hold = await cli(
      "payouts",
      "release",
      "--period",
      "2026-Q1",
      "--partner",
      "P-ACME",
      "--reason",
      "x",
    );
    expect(hold.code).toBe(2);
    expect(hold.stdout).toContain("not held (computed)");
    expect((await cli("payouts", "list", "--period", "Q1")).code).toBe(2);
  }, 60_000);

  it("holds and releases one partner, then a filtered set (--max-amount, --state)", async () => {
    const why = ["--period", "2026-Q1", "--reason", "second look"];
    const hold = await cli("payouts", "hold", ...why, "--partner", "P-ACME");
    expect(hold.code).toBe(0);
    expect(hold.stdout).toMatch(/P-ACME\s+computed\s+held/);
    const release = await cli("payouts", "release", ...why, "--partner", "P-ACME");
    expect(release.stdout).toMatch(/P-ACME\s+held\s+computed/);
    // Owing at most 2000.00: P-BETA (1000.00), not P-ACME (4000.00).
    const filtered = await cli("payouts", "hold", ...why, "--max-amount", "2000", "--format", "json");
    expect(
      JSON.parse(filtered.stdout).changed.map((c: { partner: string; to: string }) => [c.partner, c.to]),
    ).toEqual([["P-BETA", "held"]]);
    // Nothing closes while a payout of the period is held.
    const close = await cli("periods", "close", "2026-Q1");
    expect(close.code).toBe(2);
    expect(close.stderr).toContain("held for review (P-BETA)");
    const back = await cli("payouts", "release", ...why, "--state", "held", "--format", "json");
    expect(JSON.parse(back.stdout).changed.map((c: { partner: string }) => c.partner)).toEqual(["P-BETA"]);
    const list = await cli("payouts", "list", "--period", "2026-Q1", "--format", "json");
    expect(JSON.parse(list.stdout).rows.map((x: { display: string }) => x.display)).toEqual([
      "computed",
      "computed",
    ]);
  }, 120_000);

  it("a dispute blocks approval until resolved with an adjustment", async () => {
    const o = await cli(
      "disputes",
      "open",
      "P-BETA",
      "--period",
      "2026-Q1",
      "--deal",
      "D-2",
      "--reason",
      "rate too low",
    );
    expect(o.code).toBe(0);
    expect(o.stdout).toMatch(/dispute #1 opened for P-BETA 2026-Q1 \(deal D-2\)/);
    const list = await cli("payouts", "list", "--period", "2026-Q1");
    expect(list.stdout).toMatch(/P-BETA\s+disputed/);
    const close = await cli("periods", "close", "2026-Q1");
    expect(close.code).toBe(2);
    expect(close.stderr).toContain("1 open dispute(s) (#1 P-BETA)");
    const r = await cli("disputes", "resolve", "1", "--adjust", "50.00", "--reason", "agreed 5% on D-2");
    expect(r.stdout).toContain("dispute #1 adjusted: adjustment 50.00 posted for 2026-Q1");
  }, 60_000);

  it("approves the period, exports a batch file, exports nothing twice, and marks it paid", async () => {
    const a = await cli("payouts", "approve", "--period", "2026-Q1", "--reason", "Q1 reviewed");
    expect(a.stdout).toContain("2 payout(s) approved in 2026-Q1, 0 skipped");
    const file = join(dir, "batch.csv");
    const e = await cli("payouts", "export", "--period", "2026-Q1", "--out", file);
    expect(e.stdout).toContain("batch 1: 2 payout(s) of 2026-Q1, total 5050.00 USD");
    const csv = readFileSync(file, "utf8").trim().split("\n");
    expect(csv[0]).toBe(
      "batch,period,partner_key,partner_name,salesforce_id,hubspot_id,currency,payable,held,released,adjustments,lines,approval_ref,approved_by,approved_at",
    );
    expect(csv.slice(1).map((l) => l.split(",").slice(2, 12).join(","))).toEqual([
      "P-ACME,,,,USD,4000.00,1000.00,0.00,0.00,2",
      "P-BETA,,,,USD,1050.00,250.00,0.00,50.00,3",
    ]);
    const again = await cli("payouts", "export", "--period", "2026-Q1");
    expect(again.stderr).toContain("nothing new to export");
    expect((await cli("payouts", "export", "--batch", "1")).stdout).toBe(readFileSync(file, "utf8"));
    const paidFile = join(dir, "paid.csv");
    writeFileSync(
      paidFile,
      "partner_key,period,payment_reference,paid_on\nP-ACME,2026-Q1,WIRE-77,2026-04-02\nP-BETA,2026-Q1,,\n",
    );
    const p = await cli("payouts", "mark-paid", "--file", paidFile);
    expect(p.code).toBe(2);
    expect(p.stdout).toContain("1 payout(s) marked paid, 1 row(s) rejected");
    expect(p.stderr).toContain(
      `${paidFile}:3: P-BETA 2026-Q1 (payment_reference): payment_reference is required`,
    );
    const show = await cli("payouts", "show", "P-ACME", "--period", "2026-Q1");
    expect(show.stdout).toContain("P-ACME 2026-Q1: paid");
    expect(show.stdout).toMatch(/pay\s+paid\s+ops\s+4000\.00\s+paid, reference WIRE-77/);
  }, 120_000);
});
