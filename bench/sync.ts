// Sync benchmark: both sandbox CRMs in this process, seeded with BENCH_PARTNERS partners (default
// 10,000, in both CRMs) and BENCH_DEALS demo deals (default 400,000: alternately Salesforce and
// HubSpot, so 200,000 in each, every 10th Salesforce one also mirrored into HubSpot), PGlite in
// a temp folder. Runs a full reconcile, a second one with no change, and one after changing 1%
// of the deals in each CRM; then a naive one-record-per-call write-back measured on a sample and
// extrapolated. Prints per CRM read/write calls with their lower bounds, wall time and peak RSS
// (the emulators live in this process too: their resident size after seeding is printed
// separately). Last line: BENCH {json}.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { startSandbox } from "../src/sandbox/index.ts";
import { openStore } from "../src/store/index.ts";
import { loadMapping } from "../src/sync/mapping/index.ts";
import { createSyncRuntime, type SyncReport } from "../src/sync/runtime.ts";

const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 10_000);
const DEALS = Number(process.env.BENCH_DEALS ?? 400_000);
const SAMPLE = Number(process.env.BENCH_NAIVE_SAMPLE ?? 200);
const SF_BATCH = 200;
const HS_BATCH = 100;
const HS_READ_PAGE = 100;
const SF_READ_PAGE = 2000;

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const mb = (n: number) => Math.round(n / 1024 / 1024);
const log = (s: string) => process.stdout.write(`${s}\n`);

log(`seeding ${PARTNERS} partners, ${DEALS} deals…`);
let t = performance.now();
const sandbox = await startSandbox({
  seed: { partners: PARTNERS, deals: DEALS, mirrorEvery: 10 },
  noRateLimits: true,
});
const seeded = sandbox.seeded!;
const seedMs = performance.now() - t;
const emulatorRss = process.memoryUsage().rss;
log(`seeded in ${(seedMs / 1000).toFixed(1)} s: ${JSON.stringify(seeded)}, RSS ${mb(emulatorRss)} MB`);
const dir = mkdtempSync(join(tmpdir(), "bench-sync-"));
const store = await openStore({ backend: "pglite", dataDir: dir });
const sf = await loadMapping("mappings/salesforce.yaml", "salesforce");
const hs = await loadMapping("mappings/hubspot.yaml", "hubspot");
if (!sf.ok || !hs.ok) throw new Error("mappings invalid");
const runtime = createSyncRuntime({
  store,
  connectors: sandbox.connectors(),
  mappings: { salesforce: sf.mapping, hubspot: hs.mapping },
  fx: sandbox.fx,
  logger: pino({ level: process.env.LOG_LEVEL ?? "warn" }),
});

interface Phase {
  name: string;
  ms: number;
  outcome: string;
  crm: Record<
    string,
    {
      readCalls: number;
      writeCalls: number;
      readLowerBound: number;
      writeLowerBound: number;
      recordsWritten: number;
    }
  >;
  peakRssMb: number;
}

const sfRecords = seeded.partners + seeded.salesforceDeals;
const hsRecords = seeded.partners + seeded.hubspotDeals;

async function phase(name: string, fn: () => Promise<SyncReport>): Promise<Phase> {
  sandbox.resetCalls();
  peak = process.memoryUsage().rss;
  const start = performance.now();
  const report = await fn();
  const ms = performance.now() - start;
  const calls = sandbox.calls();
  const c = report.counts;
  const sfWritten = (c["written.salesforce"] ?? 0) + (c["written.payouts"] ?? 0);
  const hsWritten = c["written.hubspot"] ?? 0;
  const p: Phase = {
    name,
    ms: Math.round(ms),
    outcome: report.outcome,
    peakRssMb: mb(peak),
    crm: {
      salesforce: {
        readCalls: calls.salesforce.reads,
        writeCalls: calls.salesforce.writes,
        readLowerBound:
          Math.ceil(seeded.partners / SF_READ_PAGE) + Math.ceil(seeded.salesforceDeals / SF_READ_PAGE),
        writeLowerBound:
          Math.ceil((c["written.salesforce"] ?? 0) / SF_BATCH) +
          Math.ceil((c["written.payouts"] ?? 0) / SF_BATCH),
        recordsWritten: sfWritten,
      },
      hubspot: {
        readCalls: calls.hubspot.reads,
        writeCalls: calls.hubspot.writes,
        readLowerBound:
          Math.ceil(seeded.partners / HS_READ_PAGE) + Math.ceil(seeded.hubspotDeals / HS_READ_PAGE),
        writeLowerBound: Math.ceil(hsWritten / HS_BATCH),
        recordsWritten: hsWritten,
      },
    },
  };
  const mu = process.memoryUsage();
  log(
    `  memory: heap ${mb(mu.heapUsed)} MB, external ${mb(mu.external)} MB, arrayBuffers ${mb(mu.arrayBuffers)} MB`,
  );
  log(`${name}: ${report.outcome} in ${(ms / 1000).toFixed(1)} s, peak RSS ${p.peakRssMb} MB`);
  for (const [crm, x] of Object.entries(p.crm)) {
    log(
      `  ${crm.padEnd(10)} read calls ${x.readCalls} (lower bound ${x.readLowerBound}), write calls ${x.writeCalls} (lower bound ${x.writeLowerBound}) for ${x.recordsWritten} records`,
    );
  }
  return p;
}

const phases: Phase[] = [];
phases.push(await phase("full reconcile", () => runtime.reconcile()));
phases.push(await phase("reconcile, no change", () => runtime.reconcile()));

// 1% of deals in each CRM change amount (back door: no API calls counted).
t = performance.now();
const org = sandbox.salesforce.org;
const opps = org.query("SELECT Id, Amount FROM Opportunity").records;
let changedSf = 0;
for (let i = 0; i < opps.length; i += 100) {
  const o = opps[i]!;
  org.update("Opportunity", String(o.Id), { Amount: Number(o.Amount) + 100 });
  changedSf++;
}
let changedHs = 0;
const portal = sandbox.hubspot.portal;
for (const id of portal.state.stores.deals.ordered
  .filter((r) => !r.archived)
  .map((r) => r.id)
  .filter((_, i) => i % 100 === 0)) {
  const amount = portal.get("deals", id)!.properties.amount ?? "0";
  portal.update("deals", id, { amount: String(Number(amount) + 100) });
  changedHs++;
}
log(
  `changed ${changedSf} Salesforce and ${changedHs} HubSpot deals in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);
phases.push(await phase("reconcile after 1% change", () => runtime.reconcile()));

// Naive baseline: one record per API call, measured on a sample of records, extrapolated.
const connectors = sandbox.connectors();
const naive: Record<
  string,
  { sample: number; calls: number; ms: number; extrapolatedCalls: number; extrapolatedMs: number }
> = {};
for (const [crm, object, records] of [
  ["salesforce", "Opportunity", opps.slice(0, SAMPLE).map((o) => String(o.Id))],
  ["hubspot", "deals", portal.state.stores.deals.ordered.slice(0, SAMPLE).map((r) => r.id)],
] as const) {
  sandbox.resetCalls();
  const start = performance.now();
  for (const id of records) {
    const field = crm === "salesforce" ? "Incentive_Status__c" : "incentive_status";
    const value = crm === "salesforce" ? "Pending" : "pending";
    await connectors[crm].write({
      object,
      operation: "update",
      records: [{ key: id, fields: { [field]: value } }],
    });
  }
  const ms = performance.now() - start;
  const calls = sandbox.calls()[crm].writes;
  const total =
    crm === "salesforce" ? phases[0]!.crm.salesforce!.recordsWritten : phases[0]!.crm.hubspot!.recordsWritten;
  naive[crm] = {
    sample: records.length,
    calls,
    ms: Math.round(ms),
    extrapolatedCalls: Math.round((calls / records.length) * total),
    extrapolatedMs: Math.round((ms / records.length) * total),
  };
  log(
    `naive ${crm}: ${calls} write calls for ${records.length} sampled records (${Math.round(ms)} ms); extrapolated to the first reconcile's ${total} records: ${naive[crm]!.extrapolatedCalls} calls, ~${(naive[crm]!.extrapolatedMs / 1000).toFixed(0)} s`,
  );
}

clearInterval(sampler);
await store.close();
await sandbox.close();
rmSync(dir, { recursive: true, force: true });
const result = {
  partners: PARTNERS,
  deals: DEALS,
  seeded,
  records: { salesforce: sfRecords, hubspot: hsRecords },
  emulatorRssMb: mb(emulatorRss),
  phases,
  naive: {
    ...naive,
    note: "measured on a sample, extrapolated linearly to the first reconcile's written records",
  },
  aims: {
    writeCallsWithin1_1xLowerBound: phases.every((p) =>
      Object.values(p.crm).every((x) => x.writeCalls <= Math.ceil(1.1 * x.writeLowerBound)),
    ),
    zeroWritesOnUnchangedRerun: Object.values(phases[1]!.crm).every((x) => x.writeCalls === 0),
    peakRssMb: Math.max(...phases.map((p) => p.peakRssMb)),
  },
};
log(`BENCH ${JSON.stringify(result)}`);
