// The main job end to end through the CLI: `incentives demo` on a fresh PGlite folder, then the
// quarantine commands on the same store.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

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
