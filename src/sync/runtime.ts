// The sync runtime: what the CLI and the service call. One object per process, holding the
// store, connectors and mappings; each `sync` / `reconcile` is one recorded run.
import { type Logger, pino } from "pino";
import type { CrmConnector, CrmName, ObjectDescription } from "../../connectors/types.ts";
import { minorDigits } from "../../money/index.ts";
import type { Data } from "../engine/index.ts";
import type { RunTrigger, Store } from "../store/index.ts";
import { partnerAnalytics } from "./compute/analytics.ts";
import { DEFAULT_PROGRAM_PATH, loadProgram } from "./compute/program.ts";
import { computeAndPost } from "./compute/run.ts";
import {
  bump,
  type ConflictRecord,
  crmsOf,
  type PlannedChange,
  type QuarantineInput,
  type RunContext,
} from "./context.ts";
import { dealRulesFor } from "./deal-plausibility.ts";
import { runInbound } from "./inbound/run.ts";
import { loadLifecycle, settleLifecycle } from "./lifecycle.ts";
import { loadEarnedDeals, loadOpenErrors, loadWorkingSet } from "./load.ts";
import type { Mapping } from "./mapping/index.ts";
import type { WorkingSet } from "./model.ts";
import { writeBack } from "./outbound/execute.ts";
import { createMirrors } from "./outbound/mirror.ts";
import { syncNudgeTasks } from "./outbound/nudges.ts";
import { syncPayouts } from "./outbound/payouts.ts";
import { planKey } from "./outbound/plan.ts";
import { type Progress, silentProgress } from "./progress.ts";
import { type QuarantineAdmin, quarantineAdmin } from "./quarantine.ts";
import { closeAbandonedRuns, newRunOwner, ownerLabel, startHeartbeat } from "./run-liveness.ts";

export interface SyncRuntimeConfig {
  store: Store;
  connectors: Partial<Record<CrmName, CrmConnector>>;
  mappings: Partial<Record<CrmName, Mapping>>;
  /** Used when the store holds no program version yet (registered as the first). */
  programPath?: string;
  /** Exchange rates for the engine (spec §1 `fx`); CRMs do not carry them. */
  fx?: Data["fx"];
  clock?: () => Date;
  logger?: Logger;
  /** Attempts after which a retryable quarantined record is no longer retried automatically. */
  retryCap?: number;
  progress?: Progress;
}

export interface RunOptions {
  /** Only this CRM (inbound and outbound); the computation still uses every record. */
  crm?: CrmName;
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Only these records (webhooks, targeted retries), read by id; absent = from the cursors. */
  records?: Array<{ crm: CrmName; object: string; id: string }>;
  /** What started the run, kept with it in the store; absent only in tests (listed as unknown). */
  trigger?: RunTrigger;
}

export interface SyncReport {
  runId: number | null;
  kind: "sync" | "reconcile";
  dryRun: boolean;
  outcome: "ok" | "partial" | "failed";
  /** Not started: another process holds the store's run lock (outcome "failed", no run recorded). */
  busy?: true;
  startedAt: string;
  finishedAt: string;
  counts: Record<string, number>;
  message: string | null;
  /** Dry run: every planned change; otherwise empty. */
  planned: PlannedChange[];
  conflicts: ConflictRecord[];
  /**
   * Records the inbound pass quarantined in this run, each with its reason and class (the first
   * 100; `counts["quarantined.inbound"]` has them all). They keep their last good values.
   */
  quarantined?: QuarantineInput[];
  period: string | null;
  /** Current period: partners per tier, payable total and per component (decimal strings). */
  summary: {
    tiers: Record<string, number>;
    /**
     * Programs with a ladder per partner type (spec §5) only: per partner type (archetype), the
     * ladder(s) its partners are on and how many hold each tier. Absent for a single ladder.
     */
    byArchetype?: Record<string, { ladders: string[]; tiers: Record<string, number> }>;
    payable: string;
    byComponent: Record<string, string>;
  } | null;
  /** API calls this run spent per CRM (connector accounting), and each CRM's remaining daily budget. */
  api: Partial<Record<CrmName, { reads: number; writes: number; retries: number; remaining: number | null }>>;
}

export interface SyncRuntime {
  /** Incremental pass from the saved cursors. */
  sync(options?: RunOptions): Promise<SyncReport>;
  /** Full read of every CRM, recompute, post, write back every drifted value. */
  reconcile(options?: Omit<RunOptions, "crm">): Promise<SyncReport>;
  quarantine: QuarantineAdmin;
}

export function createSyncRuntime(config: SyncRuntimeConfig): SyncRuntime {
  const log = config.logger ?? pino({ level: "silent" });
  const clock = config.clock ?? (() => new Date());
  const describes = new Map<string, ObjectDescription>();
  let integrationUsers: Partial<Record<CrmName, string | null>> | null = null;
  const owner = newRunOwner();
  // One run at a time per runtime: runs read and write the same store rows.
  let chain: Promise<unknown> = Promise.resolve();

  const run = (kind: "sync" | "reconcile", options: RunOptions): Promise<SyncReport> => {
    const next = chain.then(() => (options.dryRun === true ? execute(kind, options) : locked(kind, options)));
    chain = next.catch(() => undefined);
    return next;
  };

  // Issue #20: two processes (two CLI reconciles, the CLI and the service, two replicas) each
  // sent every CRM write. Every run that writes holds the store's run lock (PostgreSQL: a
  // session advisory lock) from before it records itself to after it finished; a run that
  // cannot take it does nothing and says why. Dry runs write nothing and take no lock.
  async function locked(kind: "sync" | "reconcile", options: RunOptions): Promise<SyncReport> {
    const lock = await config.store.tryRunLock();
    if (!lock) {
      const at = clock().toISOString();
      log.warn({ kind }, "run not started: another process holds the store's run lock");
      return {
        runId: null,
        kind,
        dryRun: false,
        outcome: "failed",
        busy: true,
        startedAt: at,
        finishedAt: at,
        counts: {},
        message:
          "another sync or reconcile is running against this store (it holds the run lock); nothing was done — try again when it has finished",
        planned: [],
        conflicts: [],
        period: null,
        summary: null,
        api: {},
      };
    }
    try {
      return await execute(kind, options);
    } finally {
      await lock.release();
    }
  }

  async function execute(kind: "sync" | "reconcile", options: RunOptions): Promise<SyncReport> {
    const startedAt = clock();
    const dryRun = options.dryRun === true;
    const connectors = options.crm ? { [options.crm]: config.connectors[options.crm] } : config.connectors;
    const store = config.store;
    if (!dryRun) await closeAbandonedRuns(store, owner, log);
    const runId = dryRun ? null : await store.runs.start(kind, ownerLabel(owner), options.trigger);
    const stopHeartbeat = runId === null ? () => undefined : startHeartbeat(store, runId, log);
    const before = statsOf(config.connectors);
    const loaded = await loadOrFinish(store, runId, stopHeartbeat);
    const ctx = runContext(config, log, { kind, dryRun, runId, connectors, startedAt, options, ...loaded });
    const report = emptyReport(ctx, startedAt);
    try {
      const users = async () => (integrationUsers ??= await resolveIntegrationUsers(config.connectors));
      await runPasses(ctx, report, config, describes, users);
      settleOutcome(ctx, report);
    } catch (error) {
      report.outcome = "failed";
      report.message = error instanceof Error ? error.message : String(error);
      ctx.log.error({ err: error }, "run failed");
    }
    await countApiCalls(ctx, report, config.connectors, before);
    noteConflicts(ctx, report);
    report.quarantined = ctx.quarantined.slice(0, 100);
    report.finishedAt = clock().toISOString();
    stopHeartbeat();
    if (runId !== null) {
      await store.runs.finish(runId, {
        outcome: report.outcome,
        counts: ctx.counts,
        message: report.message,
      });
    }
    return report;
  }

  return {
    sync: (options = {}) => run("sync", options),
    reconcile: (options = {}) => run("reconcile", options),
    quarantine: quarantineAdmin(config.store),
  };
}

/**
 * The working set and the open errors. A failure here ends the run before it has a context: it
 * is recorded as failed (not left running with a live heartbeat) and thrown to the caller.
 */
async function loadOrFinish(
  store: Store,
  runId: number | null,
  stopHeartbeat: () => void,
): Promise<{ ws: WorkingSet; openErrors: RunContext["openErrors"] }> {
  try {
    return { ws: await loadWorkingSet(store), openErrors: await loadOpenErrors(store) };
  } catch (error) {
    stopHeartbeat();
    const message = `loading the working set: ${error instanceof Error ? error.message : String(error)}`;
    if (runId !== null) await store.runs.finish(runId, { outcome: "failed", message }).catch(() => undefined);
    throw error;
  }
}

/** What every pass of one run shares. */
function runContext(
  config: SyncRuntimeConfig,
  log: Logger,
  run: {
    kind: "sync" | "reconcile";
    dryRun: boolean;
    runId: number | null;
    connectors: RunContext["connectors"];
    startedAt: Date;
    options: RunOptions;
    ws: WorkingSet;
    openErrors: RunContext["openErrors"];
  },
): RunContext {
  const { kind, dryRun, runId, ws, options } = run;
  // The partners' values as the run found them: what outbound compares its changes against.
  const baseline = new Map<string, Record<string, unknown>>();
  for (const e of ws.partners.values()) if (!e.deleted) baseline.set(e.id, e.data);
  return {
    kind,
    mode: kind === "reconcile" ? "full" : "incremental",
    dryRun,
    store: config.store,
    runId,
    connectors: run.connectors,
    mappings: config.mappings,
    integrationUsers: {},
    ws,
    baseline,
    counts: {},
    planned: [],
    conflicts: [],
    quarantined: [],
    now: run.startedAt,
    log: log.child({ run: runId, kind, dryRun }),
    progress: config.progress ?? silentProgress,
    retryCap: config.retryCap ?? 5,
    openErrors: run.openErrors,
    budgetStopped: new Set(),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.records ? { records: options.records } : {}),
  };
}

/** The report of a run that has not done anything yet (it shares the context's lists). */
function emptyReport(ctx: RunContext, startedAt: Date): SyncReport {
  return {
    runId: ctx.runId,
    kind: ctx.kind,
    dryRun: ctx.dryRun,
    outcome: "ok",
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
    counts: ctx.counts,
    message: null,
    planned: ctx.planned,
    conflicts: ctx.conflicts,
    quarantined: [],
    period: null,
    summary: null,
    api: {},
  };
}

/** The run's passes in order: inbound, compute and post, payout lifecycle, outbound, nudge tasks. */
async function runPasses(
  ctx: RunContext,
  report: SyncReport,
  config: SyncRuntimeConfig,
  describes: Map<string, ObjectDescription>,
  integrationUsers: () => Promise<RunContext["integrationUsers"]>,
): Promise<void> {
  const earned = await loadEarnedDeals(ctx.store);
  ctx.earned = (id) => earned.has(id);
  // The program first: its currency, period and fx rates decide which deals can be stored.
  const today = ctx.now.toISOString().slice(0, 10);
  const program = await loadProgram(ctx.store, today, config.programPath ?? DEFAULT_PROGRAM_PATH, ctx.dryRun);
  assertAmountCurrencies(ctx, program.program.currency);
  ctx.dealRules = dealRulesFor(program.base, config.fx, ctx.now);
  // The first CRM call of the run: after the program and the configuration are checked.
  ctx.integrationUsers = await integrationUsers();
  ctx.log.info({ crms: crmsOf(ctx), heapMb: heapMb() }, "inbound");
  await runInbound(ctx);
  ctx.log.info({ program: program.name, version: program.versionId, heapMb: heapMb() }, "compute");
  const computed = await computeAndPost(ctx, program, config.fx);
  // Payout operations (issue #16): flags hold, moved figures reopen; the CRMs show the states.
  await settleLifecycle(ctx, computed);
  computed.lifecycle = await loadLifecycle(ctx, computed);
  // Program analytics (issue #17): per-partner figures the write-back writes when they change.
  const analytics = await partnerAnalytics(ctx, computed, config.fx, config.programPath);
  if (analytics) computed.analytics = analytics;
  report.period = computed.period;
  // Every amount the run writes carries the program currency's minor digits.
  const scale = minorDigits(program.program.currency);
  report.summary = summarize(computed, scale, ctx.ws);
  await describeAll(ctx, describes);
  ctx.log.info({ heapMb: heapMb() }, "outbound");
  await writeBack(ctx, computed, describes, scale);
  await syncPayouts(ctx, computed.period, scale, computed);
  await createMirrors(ctx, computed, describes, scale);
  // Near-tier nudges and tier changes: one task per partner, period, kind and tier (issue #16).
  await syncNudgeTasks(ctx, computed, program.program);
}

/** Describes of every object the outbound passes write, fetched once per runtime. */
async function describeAll(ctx: RunContext, describes: Map<string, ObjectDescription>): Promise<void> {
  for (const crm of crmsOf(ctx)) {
    for (const entity of ["partner", "deal"] as const) {
      const object = ctx.mappings[crm]!.entities[entity].object;
      const k = planKey(crm, object);
      if (!describes.has(k)) describes.set(k, await ctx.connectors[crm]!.describe(object));
    }
  }
}

/**
 * A run that finished is partial when a budget stopped it, records were quarantined, stored deals
 * were left out for want of an fx rate, or it was aborted.
 */
function settleOutcome(ctx: RunContext, report: SyncReport): void {
  const quarantined = (ctx.counts["quarantined.inbound"] ?? 0) + (ctx.counts["quarantined.outbound"] ?? 0);
  if (ctx.budgetStopped.size > 0) {
    report.outcome = "partial";
    report.message = `stopped for API budget: ${[...ctx.budgetStopped].join(", ")}`;
  } else if (quarantined > 0) {
    report.outcome = "partial";
    report.message = `${quarantined} record(s) quarantined`;
  }
  const noFx = ctx.counts["skipped.deal_no_fx"] ?? 0;
  if (noFx > 0) {
    // Stored deals whose rate is gone from the fx file: never a silent "ok".
    report.outcome = "partial";
    const why = `${noFx} stored deal(s) left out: no fx rate for their period (fx file changed?)`;
    report.message = report.message ? `${report.message}; ${why}` : why;
  }
  if (ctx.signal?.aborted) {
    report.outcome = "partial";
    report.message = "aborted";
  }
}

/** API calls the run spent per CRM (connector accounting), in the report and the counts. */
async function countApiCalls(
  ctx: RunContext,
  report: SyncReport,
  all: Partial<Record<CrmName, CrmConnector>>,
  before: ReturnType<typeof statsOf>,
): Promise<void> {
  const after = statsOf(all);
  for (const crm of Object.keys(ctx.connectors) as CrmName[]) {
    const a = after[crm];
    const b = before[crm];
    if (!a || !b) continue;
    // A run that failed before calling this CRM (bad program, bad config) does not call it
    // just to report the budget: the promise is no CRM call before the configuration is good.
    const idle = report.outcome === "failed" && a.reads === b.reads && a.writes === b.writes;
    const remaining = idle ? null : await remainingBudget(all[crm]!);
    report.api[crm] = {
      reads: a.reads - b.reads,
      writes: a.writes - b.writes,
      retries: a.retries - b.retries,
      remaining,
    };
    bump(ctx.counts, `calls.${crm}.reads`, a.reads - b.reads);
    bump(ctx.counts, `calls.${crm}.writes_total`, a.writes - b.writes);
  }
}

/** The first 20 conflicts and how each was decided, appended to the run's message (the audit trail). */
function noteConflicts(ctx: RunContext, report: SyncReport): void {
  if (ctx.conflicts.length === 0) return;
  const audit = ctx.conflicts
    .slice(0, 20)
    .map((c) => `${c.partner}.${c.field}: ${c.winner} (${c.reason})`)
    .join("; ");
  report.message = [report.message, `conflicts: ${audit}`].filter(Boolean).join(" | ");
}

const heapMb = () => Math.round(process.memoryUsage().heapUsed / 1048576);

function statsOf(connectors: Partial<Record<CrmName, CrmConnector>>) {
  const out: Partial<Record<CrmName, { reads: number; writes: number; retries: number }>> = {};
  for (const [crm, c] of Object.entries(connectors) as [CrmName, CrmConnector | undefined][]) {
    if (c) out[crm] = c.stats();
  }
  return out;
}

async function remainingBudget(c: CrmConnector): Promise<number | null> {
  try {
    const b = await c.budget();
    return Math.max(0, Math.floor(b.limit * b.stopAtShare) - b.used);
  } catch {
    return null;
  }
}

async function resolveIntegrationUsers(
  connectors: Partial<Record<CrmName, CrmConnector>>,
): Promise<Partial<Record<CrmName, string | null>>> {
  const out: Partial<Record<CrmName, string | null>> = {};
  for (const [crm, connector] of Object.entries(connectors) as Array<[CrmName, CrmConnector | undefined]>) {
    if (connector?.integrationUserId) out[crm] = await connector.integrationUserId().catch(() => null);
  }
  return out;
}

function summarize(
  computed: Awaited<ReturnType<typeof computeAndPost>>,
  scale: number,
  ws: WorkingSet,
): SyncReport["summary"] {
  const tiers: Record<string, number> = {};
  const byArchetype: NonNullable<NonNullable<SyncReport["summary"]>["byArchetype"]> = {};
  let laddered = false;
  for (const [id, f] of computed.partners) {
    const t = f.current?.tier ?? "(none)";
    tiers[t] = (tiers[t] ?? 0) + 1;
    // The current period is judged by the current values (spec §6), so today's type is its type.
    const type = ws.partners.get(id)?.data.type;
    const archetype = typeof type === "string" && type !== "" ? type : "other";
    const a = byArchetype[archetype] ?? { ladders: [], tiers: {} };
    byArchetype[archetype] = a;
    a.tiers[t] = (a.tiers[t] ?? 0) + 1;
    if (f.current?.ladder !== undefined) laddered = true;
    const ladder = f.current?.ladder === undefined ? null : (f.current.ladder ?? "(no ladder)");
    if (ladder !== null && !a.ladders.includes(ladder)) a.ladders.push(ladder);
  }
  return {
    tiers,
    ...(laddered ? { byArchetype } : {}),
    payable: computed.totals.payable.toFixed(scale),
    byComponent: Object.fromEntries([...computed.totals.byComponent].map(([k, v]) => [k, v.toFixed(scale)])),
  };
}

/**
 * A connector that converts amounts into its CRM's currency must be told the program's currency;
 * writing EUR figures as if they were USD would put wrong money on every record, so the run
 * stops before anything is written.
 */
function assertAmountCurrencies(ctx: RunContext, programCurrency: string): void {
  for (const crm of crmsOf(ctx)) {
    const expected = ctx.connectors[crm]?.amountCurrency?.();
    if (expected !== undefined && expected !== programCurrency) {
      throw new Error(
        `${crm} converts amounts from ${expected}, but the program pays in ${programCurrency}: ` +
          `set ${crm.toUpperCase()}_PROGRAM_CURRENCY=${programCurrency} (and its FX rates)`,
      );
    }
  }
}
