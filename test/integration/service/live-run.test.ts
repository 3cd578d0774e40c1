// The console's "running now": a sync started through the admin API is held open at each page it
// persists (run-gate.ts) while GET /api/runs/current is read, so the test sees the run's kind,
// trigger, phase and progress move, and null again once the run is over.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveRun, RunSummary } from "../../../src/service/ports.ts";
import { shutRunGate } from "./run-gate.ts";
import { type SandboxService, startSandboxService } from "./sandbox-harness.ts";

let s: SandboxService;
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const current = async () => (await json<{ run: LiveRun | null }>(await s.api("/api/runs/current"))).run;

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

describe("GET /api/runs/current while a sync runs", () => {
  it("reports the running sync's kind, trigger and moving progress, then nothing once it ends", async () => {
    // The start-up reconcile's writes to HubSpot come back as webhooks: their syncs may still run.
    await s.eventually("no run going on", async () => ((await current()) === null ? true : undefined));
    // Changes in Salesforce for the incremental sync to read.
    const org = s.composed.sandbox!.salesforce.org;
    const opps = org.query("SELECT Id FROM Opportunity LIMIT 3").records;
    expect(opps.length).toBe(3);
    for (const o of opps) org.update("Opportunity", String(o.Id), { Description: "live progress test" });

    const gate = shutRunGate(s.composed.store);
    const seen: LiveRun[] = [];
    let summary: RunSummary;
    try {
      let ended = false;
      const finished = s
        .api("/api/sync", { method: "POST", body: {} })
        .then((res) => json<{ run: RunSummary }>(res))
        .finally(() => {
          ended = true;
        });
      // Each time the run waits at the gate, read what the console reads, then let it go on.
      // A webhook's sync queued before ours is let through without being looked at.
      while (!ended) {
        const stop = await Promise.race([gate.held().then(() => false), finished.then(() => true)]);
        if (stop) break;
        const run = await current();
        if (run?.trigger === "api") seen.push(run);
        gate.step();
      }
      summary = (await finished).run;
    } finally {
      gate.open();
    }
    expect(summary.outcome).toMatch(/^(succeeded|partial)$/);
    expect(summary.trigger).toBe("api");

    // The same run throughout, reported as it went.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const run of seen) {
      expect(run).toMatchObject({ kind: "sync", trigger: "api", startedAt: seen[0]!.startedAt });
    }
    // Phases move: each snapshot's finished phases extend the previous one's, and they grow.
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.phasesDone.slice(0, seen[i - 1]!.phasesDone.length)).toEqual(seen[i - 1]!.phasesDone);
    }
    expect(seen.at(-1)!.phasesDone.length).toBeGreaterThan(seen[0]!.phasesDone.length);
    expect(seen.map((r) => r.phase)).toContain("read salesforce Opportunity");
    // Counts move within a phase: a later page of the same read has more records done.
    expect(
      seen.some(
        (r, i) => i > 0 && r.phase !== null && r.phase === seen[i - 1]!.phase && r.done > seen[i - 1]!.done,
      ),
    ).toBe(true);
    expect(seen.flatMap((r) => r.phasesDone)).toContain("read salesforce Opportunity");
    // Over once it has ended: no longer reported (a webhook's sync may follow; it ends too).
    expect((await current())?.startedAt).not.toBe(seen[0]!.startedAt);
    await s.eventually("no run going on", async () => ((await current()) === null ? true : undefined));
  }, 60_000);
});
