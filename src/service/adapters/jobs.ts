// Jobs port over the sync runtime. Runs go one at a time through this adapter's own queue, so a
// replaced mapping can be swapped in while nothing runs (the runtime reads its mappings object at
// each run's start and during it). A request for a run that is queued but not started yet joins
// it: that run starts after the request, so it sees the change the request announced (a burst of
// webhook batches becomes one targeted sync of all their records, not one sync each).
import type { CrmName } from "../../../connectors/types.ts";
import type { Store } from "../../store/index.ts";
import type { Progress } from "../../sync/progress.ts";
import type { SyncReport, SyncRuntime } from "../../sync/runtime.ts";
import type { Metrics } from "../metrics.ts";
import type {
  Jobs,
  ReconcileRequest,
  RunKind,
  RunOutcome,
  RunStarter,
  RunSummary,
  RunTrigger,
  SyncRequest,
} from "../ports.ts";
import { refreshQuarantineGauge } from "./quarantine-admin.ts";

const OUTCOMES: Record<SyncReport["outcome"], RunOutcome> = {
  ok: "succeeded",
  partial: "partial",
  failed: "failed",
};

export function toRunSummary(report: SyncReport, trigger: RunTrigger, extra: Record<string, number> = {}) {
  const summary: RunSummary = {
    runId: report.runId === null ? "dry-run" : String(report.runId),
    kind: report.kind,
    trigger,
    // Another process's run held the run lock: nothing was attempted here.
    outcome: report.busy ? "unavailable" : OUTCOMES[report.outcome],
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    counts: { ...report.counts, ...extra },
  };
  if (report.message) summary.message = report.message;
  return summary;
}

/**
 * Times the compute phase from the runtime's progress events: from the last CRM read finishing to
 * the first write starting (or the run's end). The runtime reports no compute timing of its own,
 * so this includes loading the program and planning the write-back (and, in a targeted run,
 * which reports no read progress, its reads by id).
 */
export function createComputeTimer(metrics: Metrics, clock: () => number = () => performance.now()) {
  let kind: RunKind | null = null;
  let readEnd: number | null = null;
  let label = "";
  const observe = () => {
    if (kind !== null && readEnd !== null)
      metrics.computeDuration.observe({ kind }, (clock() - readEnd) / 1000);
    readEnd = null;
  };
  const progress: Progress = {
    start(next) {
      label = next;
      if (next.startsWith("write")) observe();
    },
    tick() {},
    done() {
      if (label.startsWith("read")) readEnd = clock();
    },
  };
  return {
    progress,
    // The trigger is for other listeners (the console's live run); the timer labels by kind only.
    begin(next: RunKind, _trigger?: RunTrigger) {
      kind = next;
      // Targeted runs read by id without progress events: their reads count from the start.
      readEnd = clock();
    },
    end() {
      observe();
      kind = null;
    },
  };
}

export interface JobsDeps {
  runtime: SyncRuntime;
  store: Store;
  metrics: Metrics;
  computeTimer?: ReturnType<typeof createComputeTimer>;
  /** Called before each run, when no run is going: applies an accepted mapping replacement. */
  beforeRun?: () => void;
}

type TargetedRecord = { crm: CrmName; object: string; id: string };

export function createJobs(deps: JobsDeps): Jobs {
  let tail: Promise<unknown> = Promise.resolve();
  // Runs queued but not started, by key; a targeted one collects the records of later requests.
  const queued = new Map<string, { run: Promise<RunSummary>; records: TargetedRecord[] }>();

  const enqueue = (
    key: string,
    records: TargetedRecord[],
    start: (records: TargetedRecord[]) => Promise<RunSummary>,
  ): Promise<RunSummary> => {
    const waiting = queued.get(key);
    if (waiting) {
      waiting.records.push(...records);
      return waiting.run;
    }
    const entry = { records: [...records], run: Promise.resolve() as unknown as Promise<RunSummary> };
    entry.run = tail.then(() => {
      queued.delete(key);
      return start(entry.records);
    });
    queued.set(key, entry);
    tail = entry.run.catch(() => undefined);
    return entry.run;
  };

  const execute = async (
    kind: RunKind,
    trigger: RunStarter,
    options: { crm?: CrmName; records?: TargetedRecord[]; signal?: AbortSignal },
  ): Promise<RunSummary> => {
    deps.beforeRun?.();
    deps.computeTimer?.begin(kind, trigger);
    let report: SyncReport;
    try {
      report =
        kind === "sync"
          ? await deps.runtime.sync({ ...options, trigger })
          : await deps.runtime.reconcile({ trigger, ...(options.signal ? { signal: options.signal } : {}) });
    } finally {
      deps.computeTimer?.end();
    }
    record(deps.metrics, report);
    await refreshQuarantineGauge(deps.store, deps.metrics).catch(() => undefined);
    const extra = options.records ? { "requested.records": options.records.length } : {};
    return toRunSummary(report, trigger, extra);
  };

  return {
    sync(request: SyncRequest) {
      const signal = request.signal ? { signal: request.signal } : {};
      if (request.records) {
        // Targeted: the announced records are read by id (cursors untouched). The runtime's
        // `crm` option would limit the write-back to that CRM too, and a HubSpot change must
        // also reach Salesforce (partner figures, mirrored deals), so records carry their CRM
        // and the run covers both. Without a CRM, a record is looked for in each (objects are
        // named per CRM: deals vs Opportunity).
        const crms: CrmName[] = request.crm ? [request.crm] : ["salesforce", "hubspot"];
        const records = request.records.flatMap((r) =>
          crms.map((crm) => ({ crm, object: r.object, id: r.id })),
        );
        return enqueue(`sync:records:${request.trigger}`, records, (all) =>
          execute("sync", request.trigger, { records: dedupe(all), ...signal }),
        );
      }
      const crm = request.crm;
      return enqueue(`sync:${crm ?? "all"}:${request.trigger}`, [], () =>
        execute("sync", request.trigger, { ...(crm ? { crm } : {}), ...signal }),
      );
    },
    reconcile(request: ReconcileRequest) {
      return enqueue(`reconcile:${request.trigger}`, [], () =>
        execute("reconcile", request.trigger, request.signal ? { signal: request.signal } : {}),
      );
    },
  };
}

function dedupe(records: TargetedRecord[]): TargetedRecord[] {
  const seen = new Map<string, TargetedRecord>();
  for (const r of records) seen.set(`${r.crm}\u0000${r.object}\u0000${r.id}`, r);
  return [...seen.values()];
}

function record(metrics: Metrics, report: SyncReport): void {
  for (const [crm, api] of Object.entries(report.api)) {
    if (!api) continue;
    // The runtime reports per-run totals; per-endpoint counts would need the connectors to
    // increment this counter themselves.
    metrics.crmApiCalls.inc({ crm, endpoint: "read" }, Math.max(0, api.reads));
    metrics.crmApiCalls.inc({ crm, endpoint: "write" }, Math.max(0, api.writes));
    if (api.remaining !== null) metrics.crmApiBudgetRemaining.set({ crm }, api.remaining);
  }
}
