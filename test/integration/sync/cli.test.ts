// The main job end to end through the CLI: `incentives demo` on a fresh PGlite folder, then the
// quarantine commands on the same store.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createRunsAdmin } from "../../../src/service/adapters/runs-admin.ts";
import { openStore } from "../../../src/store/index.ts";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "incentives-demo-"));
const env = { PATH: process.env.PATH, TZ: "UTC", DATA_DIR: dir, LOG_LEVEL: "warn" };
const cli = (...args: string[]) => run(process.execPath, ["src/cli/main.ts", ...args], { env });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("incentives demo", () => {
  it("starts the sandbox CRMs, reconciles and prints the summary", async () => {
    const { stdout } = await cli("demo", "--partners", "12", "--deals", "150");
    expect(stdout).toMatch(/Salesforce emulator http:\/\/127\.0\.0\.1:\d+: 12 partner accounts/);
    expect(stdout).toMatch(/Reconcile partial in [\d.]+ s \(period \d{4}-Q\d\): 3 record\(s\) quarantined/);
    expect(stdout).toContain("Partners per tier");
    expect(stdout).toMatch(/total payable\s+\d+\.\d{2}/);
    expect(stdout).toMatch(/salesforce\s+\d+ calls: \d+ reads, [1-9]\d* writes/);
    expect(stdout).toMatch(/hubspot\s+\d+ calls: \d+ reads, [1-9]\d* writes/);
    expect(stdout).toContain("Quarantined records (open): retryable 0, permanent 2, config 1");
    // The sandbox org runs the package's report over the payouts the reconcile wrote (issue #13).
    const check = stdout.match(
      /^Salesforce report "Payouts by partner and period" \(sandbox Reports API\): grand total (-?\d+\.\d{2}), ledger payable (-?\d+\.\d{2}): equal to the cent$/m,
    );
    expect(check, stdout).not.toBeNull();
    expect(check![1]).toBe(check![2]);
    expect(Number(check![1])).not.toBe(0);
    // A fresh store watches the year first (spec §6): the seed's change is on record, dated then.
    expect(stdout).toContain("Replaying the year on a fresh store");
    expect(stdout).toMatch(/^Program: FY26 Partner Program \(version \d+\)$/m);
    expect(stdout).toMatch(
      /Partner attribute changes on record .*: 1, dated 2026-\d\d-\d\d to 2026-\d\d-\d\d/,
    );
    expect(stdout).toMatch(/linked across CRMs 12 partners/);
    // A single-ladder program: no per-archetype table.
    expect(stdout).not.toContain("Tiers per archetype");
    // Both of the demo's reconciles (the replay's first day, today's) are listed as the demo's.
    const store = await openStore({ backend: "pglite", dataDir: dir });
    try {
      const runs = await createRunsAdmin({ store }).list({ limit: 50 });
      expect(runs.items.map((r) => `${r.kind} ${r.trigger}`)).toEqual(["reconcile demo", "reconcile demo"]);
    } finally {
      await store.close();
    }
  });

  it("runs another program on its own store, with tiers per archetype (spec §5)", async () => {
    const other = mkdtempSync(join(tmpdir(), "incentives-demo-archetypes-"));
    try {
      // The default demo's store computes another program: refused, nothing run.
      const refused = cli(
        "demo",
        "--partners",
        "12",
        "--deals",
        "150",
        "--program",
        "programs/archetypes.yaml",
      );
      await expect(refused).rejects.toMatchObject({ code: 2 });
      await expect(refused).rejects.toMatchObject({
        stderr: expect.stringContaining('the store already computes "FY26 Partner Program"'),
      });
      const { stdout } = await run(
        process.execPath,
        [
          "src/cli/main.ts",
          "demo",
          "--partners",
          "40",
          "--deals",
          "300",
          "--program",
          "programs/archetypes.yaml",
        ],
        { env: { ...env, DATA_DIR: other } },
      );
      expect(stdout).toMatch(
        /^Program: FY26 Archetype Program \(version \d+, from programs\/archetypes\.yaml\)$/m,
      );
      expect(stdout).toContain("Tiers per archetype (partner type: ladder)");
      expect(stdout).toMatch(/^ {2}reseller: Resale\s+Registered \d+/m);
      expect(stdout).toMatch(/^ {2}integrator: Alliances & Services\s+Registered \d+/m);
      expect(stdout).toMatch(/margin-bonus\s+\d+\.\d{2}/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("lists, retries and dismisses the quarantined records", async () => {
    const { stdout } = await cli("quarantine", "list", "--format", "json");
    const rows = JSON.parse(stdout) as Array<{ id: number; class: string; field: string }>;
    expect(rows.map((r) => r.class).sort()).toEqual(["config", "permanent", "permanent"]);
    expect(rows.map((r) => r.field)).toContain("Attribution__c");
    const retry = await cli("quarantine", "retry", String(rows[0]!.id));
    expect(retry.stdout).toContain("flagged for retry");
    const dismiss = await cli("quarantine", "dismiss", String(rows[1]!.id), "--reason", "test");
    expect(dismiss.stdout).toContain("dismissed");
    const open = JSON.parse((await cli("quarantine", "list", "--format", "json")).stdout) as unknown[];
    expect(open).toHaveLength(2);
    await expect(cli("quarantine", "dismiss", "999999")).rejects.toMatchObject({ code: 1 });
  });
});
