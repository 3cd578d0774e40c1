// The Jobs adapter over a stand-in runtime: reports become run summaries, runs go one at a
// time, a request for a run already queued joins it, and the mapping swap happens between runs.
import { describe, expect, it } from "vitest";
import { createJobs } from "../../../../src/service/adapters/jobs.ts";
import { createMetrics } from "../../../../src/service/metrics.ts";
import type { Store } from "../../../../src/store/index.ts";
import type { RunOptions, SyncReport, SyncRuntime } from "../../../../src/sync/runtime.ts";

function fakeRuntime(log: string[]) {
  let id = 0;
  const gates: Array<() => void> = [];
  const report = (kind: "sync" | "reconcile", options: RunOptions): Promise<SyncReport> => {
    const runId = ++id;
    const targeted = options.records
      ? ` ${options.records.map((r) => `${r.crm}/${r.object}/${r.id}`).join(",")}`
      : "";
    log.push(`start ${kind} ${runId} ${options.crm ?? "all"}${targeted} (${options.trigger})`);
    return new Promise((resolve) => {
      gates.push(() => {
        log.push(`end ${runId}`);
        resolve({
          runId,
          kind,
          dryRun: false,
          outcome: runId === 1 ? "ok" : "partial",
          startedAt: "2026-11-23T00:00:00.000Z",
          finishedAt: "2026-11-23T00:00:01.000Z",
          counts: { "read.hubspot": 2 },
          message: runId === 1 ? null : "1 record(s) quarantined",
          planned: [],
          conflicts: [],
          period: "2026-Q4",
          summary: null,
          api: { hubspot: { reads: 3, writes: 2, retries: 0, remaining: 990 } },
        });
      });
    });
  };
  const runtime = {
    sync: (o: RunOptions = {}) => report("sync", o),
    reconcile: (o: RunOptions = {}) => report("reconcile", o),
    quarantine: {} as SyncRuntime["quarantine"],
  } as SyncRuntime;
  return { runtime, release: () => gates.shift()?.() };
}

const store = { recordErrors: { list: async () => [] } } as unknown as Store;
const tick = () => new Promise((r) => setTimeout(r, 5));

describe("jobs adapter", () => {
  it("maps reports, serializes runs, coalesces queued ones and swaps mappings between runs", async () => {
    const log: string[] = [];
    const { runtime, release } = fakeRuntime(log);
    const metrics = createMetrics();
    const jobs = createJobs({ runtime, store, metrics, beforeRun: () => log.push("swap") });
    const first = jobs.reconcile({ trigger: "startup" });
    const a = jobs.sync({ trigger: "webhook", crm: "hubspot", records: [{ object: "deals", id: "1" }] });
    const b = jobs.sync({ trigger: "webhook", crm: "hubspot", records: [{ object: "deals", id: "2" }] });
    const api = jobs.sync({ trigger: "api", crm: "salesforce" });
    expect(a).toBe(b);
    await tick();
    expect(log).toEqual(["swap", "start reconcile 1 all (startup)"]);
    release();
    const r1 = await first;
    expect(r1).toMatchObject({ runId: "1", kind: "reconcile", trigger: "startup", outcome: "succeeded" });
    expect(r1.message).toBeUndefined();
    await tick();
    // Webhook records: one targeted run for both batches, over both CRMs (the write-back must
    // reach the other CRM too), each record tagged with the CRM that announced it.
    expect(log.slice(2)).toEqual([
      "end 1",
      "swap",
      "start sync 2 all hubspot/deals/1,hubspot/deals/2 (webhook)",
    ]);
    release();
    const r2 = await a;
    expect(r2).toMatchObject({ outcome: "partial", trigger: "webhook", message: "1 record(s) quarantined" });
    expect(r2.counts["requested.records"]).toBe(2);
    await tick();
    expect(log.at(-1)).toBe("start sync 3 salesforce (api)");
    release();
    expect((await api).trigger).toBe("api");
    const text = await metrics.registry.metrics();
    expect(text).toContain('incentives_crm_api_calls_total{crm="hubspot",endpoint="write"} 6');
    expect(text).toContain('incentives_crm_api_budget_remaining{crm="hubspot"} 990');
  });
});
