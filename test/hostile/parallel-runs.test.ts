// Issue #20, point 5 (PostgreSQL): two reconciles started in parallel against one database both
// ran and sent every CRM write twice. Every run that writes now holds the store's run lock (a
// session advisory lock) for its whole duration; a run that cannot take it does nothing and
// says why. Real PostgreSQL, real emulators and connectors; the second "process" is a second
// store (its own pool) and runtime on the same schema, and once the real CLI in a child process.
import { spawn } from "node:child_process";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadMapping } from "../../src/sync/mapping/index.ts";
import { createSyncRuntime, type SyncRuntime } from "../../src/sync/runtime.ts";
import { TEST_DATABASE_URL } from "../integration/store/helpers.ts";
import { type Harness, startHarness, writesOf } from "../integration/sync/harness.ts";

let h: Harness;
let other: SyncRuntime;
beforeEach(async () => {
  h = await startHarness("postgres", { partners: 6, deals: 60, mirrorEvery: 4 });
  const sf = await loadMapping("mappings/salesforce.yaml", "salesforce");
  const hs = await loadMapping("mappings/hubspot.yaml", "hubspot");
  if (!sf.ok || !hs.ok) throw new Error("shipped mappings invalid");
  other = createSyncRuntime({
    store: await h.db.second(),
    connectors: h.sandbox.connectors(),
    mappings: { salesforce: sf.mapping, hubspot: hs.mapping },
    fx: h.sandbox.fx,
    clock: () => new Date(h.now()),
    logger: pino({ level: "silent" }),
  });
});
afterEach(async () => {
  await h?.close();
});

describe("parallel runs on one PostgreSQL", () => {
  it("two reconciles started together: one runs, the other writes nothing and says why", async () => {
    h.sandbox.resetCalls();
    const [a, b] = await Promise.all([
      h.runtime.reconcile({ trigger: "cli" }),
      other.reconcile({ trigger: "cli" }),
    ]);
    const calls = h.sandbox.calls();
    const [ran, refused] = a.busy ? [b, a] : [a, b];
    expect(ran.busy).toBeUndefined();
    expect(ran.outcome, ran.message ?? "").not.toBe("failed");
    expect(refused).toMatchObject({ busy: true, outcome: "failed", runId: null, counts: {}, api: {} });
    expect(refused.message).toMatch(/another sync or reconcile is running against this store/);
    // Every CRM write of the pair is the one run's: nothing was sent twice.
    const written = Object.values(ran.api).reduce((n, x) => n + (x?.writes ?? 0), 0);
    expect(written).toBeGreaterThan(0);
    expect(writesOf(calls)).toBe(written);
    // One run recorded; the lock is free again afterwards.
    expect(await h.store.runs.list({ limit: 10 })).toHaveLength(1);
    const next = await other.reconcile({ trigger: "cli" });
    expect(next.busy).toBeUndefined();
    expect(next.outcome, next.message ?? "").not.toBe("failed");
  });

  it("a sync while another process holds the lock is refused; a dry run is not", async () => {
    const lock = await h.store.tryRunLock();
    expect(lock).not.toBeNull();
    try {
      const sync = await other.sync({ trigger: "schedule" });
      expect(sync.busy).toBe(true);
      const dry = await other.reconcile({ dryRun: true });
      expect(dry.busy).toBeUndefined();
      expect(dry.outcome, dry.message ?? "").not.toBe("failed");
    } finally {
      await lock!.release();
    }
    expect((await other.sync({ trigger: "schedule" })).busy).toBeUndefined();
  });

  it("`incentives reconcile` in another process while a run holds the lock: exit 1, nothing done", async () => {
    const lock = await h.store.tryRunLock();
    try {
      const run = await new Promise<{ status: number | null; output: string }>((resolve) => {
        // Sandbox mode (no CRM credentials): the child starts its own emulators.
        const child = spawn(process.execPath, ["src/cli/main.ts", "reconcile"], {
          env: {
            PATH: process.env.PATH ?? "",
            TZ: "UTC",
            DATABASE_URL: TEST_DATABASE_URL,
            DATABASE_SCHEMA: h.store.schema,
            SANDBOX_PARTNERS: "3",
            SANDBOX_DEALS: "10",
          },
        });
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        child.on("close", (status) => resolve({ status, output }));
      });
      expect(run.status, run.output).toBe(1);
      expect(run.output).toMatch(/another sync or reconcile is running against this store/);
      expect(await h.store.runs.list({ limit: 10 })).toHaveLength(0);
    } finally {
      await lock?.release();
    }
  });
});
