// Sync benchmark: both sandbox CRMs in a child process (so the peak RSS printed is the sync's
// own: store, engine, working set), seeded with BENCH_PARTNERS partners (default
// 10,000, in both CRMs) and BENCH_DEALS demo deals (default 400,000: alternately Salesforce and
// HubSpot, so 200,000 in each, every 10th Salesforce one also mirrored into HubSpot), PGlite in
// a temp folder. Runs a full reconcile, a second one with no change, and one after changing 1%
// of the deals in each CRM; then a naive one-record-per-call write-back measured on a sample and
// extrapolated. Prints per CRM read/write calls with their lower bounds, wall time and peak RSS
// (the emulators' resident size is printed separately). Last line: BENCH {json}.
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { type Sandbox, sandboxConnectors, startSandbox } from "../sandbox/index.ts";
import { composeRuntime } from "../src/compose/compose-runtime.ts";
import type { SyncReport } from "../src/sync/runtime.ts";

const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 10_000);
const DEALS = Number(process.env.BENCH_DEALS ?? 400_000);
const SAMPLE = Number(process.env.BENCH_NAIVE_SAMPLE ?? 200);
const SF_BATCH = 200;
const HS_BATCH = 100;
const HS_READ_PAGE = 100;
const SF_READ_PAGE = 2000;
const mb = (n: number) => Math.round(n / 1024 / 1024);
const log = (s: string) => process.stdout.write(`${s}\n`);

type Request = { id: number; type: "calls" | "reset" | "change" | "sample" | "rss" | "close" };

if (process.argv.includes("--crm-server")) {
  // The CRMs: seeded, answering the parent's back-door requests over IPC.
  const sandbox = await startSandbox({
    seed: { partners: PARTNERS, deals: DEALS, mirrorEvery: 10 },
    noRateLimits: true,
  });
  process.send!({
    type: "ready",
    env: sandbox.env,
    fx: sandbox.fx,
    seeded: sandbox.seeded,
    rss: process.memoryUsage().rss,
  });
  process.on("message", async (m: Request) => {
    let value: unknown = null;
    if (m.type === "calls") value = sandbox.calls();
    else if (m.type === "reset") sandbox.resetCalls();
    else if (m.type === "rss") value = process.memoryUsage().rss;
    else if (m.type === "change") value = changeOnePercent(sandbox);
    else if (m.type === "sample") value = sample(sandbox);
    else if (m.type === "close") {
      await sandbox.close();
      process.send!({ id: m.id, value: null }, () => process.exit(0));
      return;
    }
    process.send!({ id: m.id, value });
  });
  await new Promise(() => undefined);
}

function changeOnePercent(sandbox: Sandbox) {
  const org = sandbox.salesforce.org;
  const opps = org.query("SELECT Id, Amount FROM Opportunity").records;
  let salesforce = 0;
  for (let i = 0; i < opps.length; i += 100) {
    const o = opps[i]!;
    org.update("Opportunity", String(o.Id), { Amount: Number(o.Amount) + 100 });
    salesforce++;
  }
  let hubspot = 0;
  const portal = sandbox.hubspot.portal;
  const ids = portal.state.stores.deals.ordered.filter((r) => !r.archived).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 100) {
    const amount = portal.get("deals", ids[i]!)!.properties.amount ?? "0";
    portal.update("deals", ids[i]!, { amount: String(Number(amount) + 100) });
    hubspot++;
  }
  return { salesforce, hubspot };
}

function sample(sandbox: Sandbox) {
  const opps = sandbox.salesforce.org.query(`SELECT Id FROM Opportunity LIMIT ${SAMPLE}`).records;
  return {
    salesforce: opps.map((o) => String(o.Id)),
    hubspot: sandbox.hubspot.portal.state.stores.deals.ordered.slice(0, SAMPLE).map((r) => r.id),
  };
}

const child = fork(new URL(import.meta.url).pathname, ["--crm-server"], {
  execArgv: ["--max-old-space-size=8192"],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
let nextId = 1;
const pending = new Map<number, (v: unknown) => void>();
let ready: (v: {
  env: Record<string, string>;
  fx: Record<string, Record<string, string>>;
  seeded: NonNullable<Sandbox["seeded"]>;
  rss: number;
}) => void;
const readyP = new Promise<Parameters<typeof ready>[0]>((r) => {
  ready = r;
});
child.on("message", (m: { type?: string; id?: number; value?: unknown }) => {
  if (m.type === "ready") ready(m as Parameters<typeof ready>[0]);
  else if (m.id !== undefined) pending.get(m.id)?.(m.value);
});
function ask<T>(type: Request["type"]): Promise<T> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve as (v: unknown) => void);
    child.send({ id, type });
  });
}

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);

log(`seeding ${PARTNERS} partners, ${DEALS} deals (CRM child process)…`);
let t = performance.now();
const { env, fx, seeded, rss: emulatorRss } = await readyP;
const seedMs = performance.now() - t;
log(
  `seeded in ${(seedMs / 1000).toFixed(1)} s: ${JSON.stringify(seeded)}, emulators RSS ${mb(emulatorRss)} MB`,
);
const calls = () => ask<ReturnType<Sandbox["calls"]>>("calls");
const dir = mkdtempSync(join(tmpdir(), "bench-sync-"));
// The example program with near-tier nudges and tier-change tasks (issue #16), so the task
// creates are counted against the write lower bound; BENCH_NUDGES=0 runs the plain example.
const NUDGES = process.env.BENCH_NUDGES !== "0";
const programPath = join(dir, "program.yaml");
writeFileSync(
  programPath,
  `${readFileSync("programs/example.yaml", "utf8")}${NUDGES ? '\nnudges: { near_tier: "0.10", tier_changes: true }\n' : ""}`,
);
// The CRMs run in the child process, so the runtime is composed around connectors pointed at them.
const composed = await composeRuntime(
  {
    store: { backend: "pglite", dataDir: dir },
    crms: { kind: "given", connectors: sandboxConnectors(env), fx },
    mappingsDir: "mappings",
    programPath,
    fxFile: null,
    now: null,
  },
  { logger: pino({ level: process.env.LOG_LEVEL ?? "warn" }) },
);
if (!composed.ok) throw new Error(composed.problems.join("; "));
const { runtime } = composed.value;

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
      /** Nudge tasks created and completed (included in recordsWritten). */
      tasks: { created: number; completed: number };
    }
  >;
  peakRssMb: number;
  /** The OS's resident high-water mark of this process so far (also sees synchronous stretches the sampler cannot). */
  highWaterRssMb: number;
}

const sfRecords = seeded.partners + seeded.salesforceDeals;
const hsRecords = seeded.partners + seeded.hubspotDeals;

/** Records ÷ batch size per object: one write call carries records of one object (creates apart). */
function perObjectBound(c: Record<string, number>, crm: string, batch: number): number {
  let n = Math.ceil((c[`created.${crm}`] ?? 0) / batch);
  for (const [k, v] of Object.entries(c)) if (k.startsWith(`written.${crm}.`)) n += Math.ceil(v / batch);
  return n;
}

async function phase(name: string, fn: () => Promise<SyncReport>): Promise<Phase> {
  await ask("reset");
  peak = process.memoryUsage().rss;
  const start = performance.now();
  const report = await fn();
  const ms = performance.now() - start;
  const used = await calls();
  const c = report.counts;
  const tasks = (crm: string) => ({
    created: c[`written.${crm}.task.create`] ?? 0,
    completed: c[`written.${crm}.task.complete`] ?? 0,
  });
  const taskCount = (crm: string) => tasks(crm).created + tasks(crm).completed;
  const sfWritten = (c["written.salesforce"] ?? 0) + (c["written.payouts"] ?? 0) + taskCount("salesforce");
  const hsWritten = (c["written.hubspot"] ?? 0) + taskCount("hubspot");
  const p: Phase = {
    name,
    ms: Math.round(ms),
    outcome: report.outcome,
    peakRssMb: mb(peak),
    highWaterRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    crm: {
      salesforce: {
        readCalls: used.salesforce.reads,
        writeCalls: used.salesforce.writes,
        readLowerBound:
          Math.ceil(seeded.partners / SF_READ_PAGE) + Math.ceil(seeded.salesforceDeals / SF_READ_PAGE),
        writeLowerBound:
          perObjectBound(c, "salesforce", SF_BATCH) + Math.ceil((c["written.payouts"] ?? 0) / SF_BATCH),
        recordsWritten: sfWritten,
        tasks: tasks("salesforce"),
      },
      hubspot: {
        readCalls: used.hubspot.reads,
        writeCalls: used.hubspot.writes,
        readLowerBound:
          Math.ceil(seeded.partners / HS_READ_PAGE) + Math.ceil(seeded.hubspotDeals / HS_READ_PAGE),
        writeLowerBound: perObjectBound(c, "hubspot", HS_BATCH),
        recordsWritten: hsWritten,
        tasks: tasks("hubspot"),
      },
    },
  };
  const mu = process.memoryUsage();
  log(
    `  memory: heap ${mb(mu.heapUsed)} MB, external ${mb(mu.external)} MB, arrayBuffers ${mb(mu.arrayBuffers)} MB`,
  );
  log(
    `${name}: ${report.outcome} in ${(ms / 1000).toFixed(1)} s, peak RSS ${p.peakRssMb} MB sampled, ${p.highWaterRssMb} MB high-water mark so far`,
  );
  for (const [crm, x] of Object.entries(p.crm)) {
    log(
      `  ${crm.padEnd(10)} read calls ${x.readCalls} (lower bound ${x.readLowerBound}), write calls ${x.writeCalls} (lower bound ${x.writeLowerBound}) for ${x.recordsWritten} records (nudge tasks: ${x.tasks.created} created, ${x.tasks.completed} completed)`,
    );
  }
  return p;
}

const phases: Phase[] = [];
phases.push(await phase("full reconcile", () => runtime.reconcile({ trigger: "bench" })));
phases.push(await phase("reconcile, no change", () => runtime.reconcile({ trigger: "bench" })));

// 1% of deals in each CRM change amount (back door: no API calls counted).
t = performance.now();
const changed = await ask<{ salesforce: number; hubspot: number }>("change");
log(
  `changed ${changed.salesforce} Salesforce and ${changed.hubspot} HubSpot deals in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);
phases.push(await phase("reconcile after 1% change", () => runtime.reconcile({ trigger: "bench" })));

// Naive baseline: one record per API call, measured on a sample of records, extrapolated.
const connectors = sandboxConnectors(env);
const ids = await ask<{ salesforce: string[]; hubspot: string[] }>("sample");
const naive: Record<
  string,
  { sample: number; calls: number; ms: number; extrapolatedCalls: number; extrapolatedMs: number }
> = {};
for (const [crm, object] of [
  ["salesforce", "Opportunity"],
  ["hubspot", "deals"],
] as const) {
  const records = ids[crm];
  await ask("reset");
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
  const n = (await calls())[crm].writes;
  const total = phases[0]!.crm[crm]!.recordsWritten;
  naive[crm] = {
    sample: records.length,
    calls: n,
    ms: Math.round(ms),
    extrapolatedCalls: Math.round((n / records.length) * total),
    extrapolatedMs: Math.round((ms / records.length) * total),
  };
  log(
    `naive ${crm}: ${n} write calls for ${records.length} sampled records (${Math.round(ms)} ms); extrapolated to the first reconcile's ${total} records: ${naive[crm]!.extrapolatedCalls} calls, ~${(naive[crm]!.extrapolatedMs / 1000).toFixed(0)} s`,
  );
}

clearInterval(sampler);
await composed.value.close();
const emulatorPeak = await ask<number>("rss");
await ask("close");
rmSync(dir, { recursive: true, force: true });
const result = {
  partners: PARTNERS,
  deals: DEALS,
  seeded,
  records: { salesforce: sfRecords, hubspot: hsRecords },
  emulatorRssMb: { afterSeed: mb(emulatorRss), atEnd: mb(emulatorPeak) },
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
    highWaterRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  },
};
log(`BENCH ${JSON.stringify(result)}`);
