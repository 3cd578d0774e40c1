// Simulations as background jobs on a real (PGlite) store: the job answers at once and computes
// in its worker thread; "before" read from the statements the last run posted equals "before"
// computed by the engine; the same draft on the same data is answered from the cache; a change to
// the data makes the next simulation compute again, with "before" computed (the posted
// statements no longer describe the data).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDeals, demoFx, demoPartners } from "../../../sandbox/demo-data.ts";
import { computeStatementsForVersions, parseProgram } from "../../../src/engine/index.ts";
import { createSimulateAdmin } from "../../../src/service/adapters/simulate-admin.ts";
import type { SimulationJob } from "../../../src/service/ports.ts";
import type { Store } from "../../../src/store/index.ts";
import { openStore } from "../../../src/store/store.ts";
import { buildData } from "../../../src/sync/compute/run.ts";
import { loadWorkingSet } from "../../../src/sync/load.ts";

const dataset = { partners: 40, deals: 1500, seed: 7 };
const fx = demoFx({});
const yaml = readFileSync("programs/example.yaml", "utf8");
const draft = yaml.replace('rate: "0.07"', 'rate: "0.09"');
let store: Store;
let versionId: number;

beforeAll(async () => {
  store = await openStore({ backend: "pglite", dataDir: null });
  await store.partners.upsert(
    [...demoPartners(dataset)].map((p) => ({ id: p.id, data: { ...p }, sourceCrm: "salesforce" })),
  );
  await store.deals.upsert(
    [...demoDeals(dataset)].map((d) => ({
      id: d.id,
      partnerId: d.partner_id,
      closeDate: d.close_date,
      data: { ...d },
      sourceCrm: "salesforce",
    })),
  );
  const program = parseProgram(yaml);
  if (!program.ok) throw new Error("programs/example.yaml does not parse");
  const saved = await store.programVersions.save({
    name: program.value.program,
    yaml,
    effectiveFrom: "2026-01-01",
    createdBy: "test",
  });
  versionId = saved.version.id;
  // A run posts every period through Q3 (what the sync does), started after the data was written.
  const runId = await store.runs.start("reconcile", "test");
  const data = await buildData({ ws: await loadWorkingSet(store), store, counts: {} }, program.value, fx);
  const statements = computeStatementsForVersions(
    [{ version: versionId, effectiveFrom: "2026-01-01", program: program.value }],
    data,
    "2026-Q3",
  );
  if (!statements.ok) throw new Error(statements.problems.map((p) => p.message).join("; "));
  for (const s of statements.value) {
    const posted = await store.ledger.postStatement(s, { programVersionId: versionId, runId });
    if (!posted.ok) throw new Error(posted.error.message);
  }
  await store.runs.finish(runId, { outcome: "ok", counts: {} });
});

afterAll(async () => {
  await store?.close();
});

async function settle(
  admin: ReturnType<typeof createSimulateAdmin>,
  job: SimulationJob,
): Promise<SimulationJob> {
  for (let i = 0; i < 600; i++) {
    const now = admin.job(job.id);
    if (now && (now.status === "done" || now.status === "failed")) return now;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the simulation did not finish");
}

describe("simulation jobs", () => {
  it("answers at once, computes in the worker, and reads 'before' from the posted statements", async () => {
    const threaded = createSimulateAdmin({ store, fx });
    const inline = createSimulateAdmin({ store, fx, simulator: { inline: true, reusePosted: false } });
    try {
      const started = await threaded.start({ program: draft, period: "2026-Q2", by: "Ada" });
      if (!started.ok) throw new Error(JSON.stringify(started.problems));
      expect(["queued", "running"]).toContain(started.job.status);
      expect(started.job.requestedBy).toBe("Ada");
      const done = await settle(threaded, started.job);
      expect(done.status).toBe("done");
      expect(done.baseline).toBe("posted");

      const computed = await inline.start({ program: draft, period: "2026-Q2", by: "Ada" });
      if (!computed.ok) throw new Error(JSON.stringify(computed.problems));
      const reference = await settle(inline, computed.job);
      expect(reference.baseline).toBe("computed");
      // Same figures either way: the posted statements are what the engine computes now.
      expect(done.result).toEqual(reference.result);
      expect(done.result!.totals.delta).not.toBe("0.00");
      const before = done.result!.partners.reduce((n, p) => n + (p.before.payout === "0.00" ? 0 : 1), 0);
      expect(before).toBeGreaterThan(0);
    } finally {
      threaded.simulator.forget();
      inline.simulator.forget();
    }
  });

  it("answers the same draft on the same data from the cache, and computes again once the data changed", async () => {
    const admin = createSimulateAdmin({ store, fx });
    try {
      const first = await admin.start({ program: draft, period: "2026-Q3", by: "Ada" });
      if (!first.ok) throw new Error("draft refused");
      const done = await settle(admin, first.job);
      expect(done.cached).toBe(false);

      const again = await admin.start({ program: draft, period: "2026-Q3", by: "Bob" });
      if (!again.ok) throw new Error("draft refused");
      expect(again.job.status).toBe("done");
      expect(again.job.cached).toBe(true);
      expect(again.job.id).toBe(first.job.id);
      expect(again.job.result).toEqual(done.result);

      // One deal doubles: the data version moves, and the posted statements are stale.
      const [deal] = await store.deals.page({ afterId: null, limit: 1, withRaw: false });
      await store.deals.upsert([
        {
          id: deal!.id,
          partnerId: deal!.partnerId,
          closeDate: deal!.closeDate,
          data: { ...deal!.data, amount: "999999.00", stage: "won", close_date: "2026-08-01" },
          sourceCrm: "salesforce",
        },
      ]);
      const changed = await admin.start({ program: draft, period: "2026-Q3", by: "Ada" });
      if (!changed.ok) throw new Error("draft refused");
      expect(changed.job.cached).toBe(false);
      expect(changed.job.id).not.toBe(first.job.id);
      const recomputed = await settle(admin, changed.job);
      expect(recomputed.status).toBe("done");
      expect(recomputed.baseline).toBe("computed");
      expect(recomputed.result!.totals.after).not.toBe(done.result!.totals.after);
    } finally {
      admin.simulator.forget();
    }
  });

  it("refuses an invalid draft at once, naming the path, without starting a job", async () => {
    const admin = createSimulateAdmin({ store, fx, simulator: { inline: true } });
    const bad = await admin.start({
      program: yaml.replace('rate: "0.07"', 'rate: "seven"'),
      period: "2026-Q3",
      by: "Ada",
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.some((p) => /rate/.test(p.path))).toBe(true);
  });

  it("keeps the synchronous POST /api/simulate answer: the same result as the job's", async () => {
    const admin = createSimulateAdmin({ store, fx, simulator: { inline: true } });
    const sync = await admin.simulate({ program: draft, period: "2026-Q1" });
    if (!sync.ok) throw new Error(JSON.stringify(sync.problems));
    const job = await admin.start({ program: draft, period: "2026-Q1", by: "api" });
    if (!job.ok) throw new Error("draft refused");
    expect(job.job.cached).toBe(true);
    expect(job.job.result).toEqual(sync.result);
  });
});
