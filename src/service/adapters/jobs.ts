// Jobs port over the sync runtime. Runs go one at a time through this adapter's own queue, so a
// replaced mapping can be swapped in while nothing runs (the runtime reads its mappings object at
// each run's start and during it). A request for a run that is queued but not started yet joins
// it: that run starts after the request, so it sees the change the request announced (a burst of
// webhook batches becomes one sync, not one each).
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
    outcome: OUTCOMES[report.outcome],
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
 * so this includes loading the program and planning the write-back.
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
    begin(next: RunKind) {
      kind = next;
      readEnd = null;
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
  /** Trigger of each run this process started, by run id (the store keeps none). */
  triggers: Map<string, RunTrigger>;
}

export function createJobs(deps: JobsDeps): Jobs {
  let tail: Promise<unknown> = Promise.resolve();
  const queued = new Map<string, Promise<RunSummary>>();

  const enqueue = (key: string, start: () => Promise<RunSummary>): Promise<RunSummary> => {
    const waiting = queued.get(key);
    if (waiting) return waiting;
    const run = tail.then(() => {
      queued.delete(key);
      return start();
    });
    queued.set(key, run);
    tail = run.catch(() => undefined);
    return run;
  };

  const execute = async (
    kind: RunKind,
    trigger: RunTrigger,
    crm: CrmName | undefined,
    signal: AbortSignal | undefined,
    extra: Record<string, number>,
  ): Promise<RunSummary> => {
    deps.beforeRun?.();
    deps.computeTimer?.begin(kind);
    let report: SyncReport;
    try {
      report =
        kind === "sync"
          ? await deps.runtime.sync({ ...(crm ? { crm } : {}), ...(signal ? { signal } : {}) })
          : await deps.runtime.reconcile(signal ? { signal } : {});
    } finally {
      deps.computeTimer?.end();
    }
    record(deps.metrics, report);
    await refreshQuarantineGauge(deps.store, deps.metrics).catch(() => undefined);
    const summary = toRunSummary(report, trigger, extra);
    deps.triggers.set(summary.runId, trigger);
    return summary;
  };

  return {
    sync(request: SyncRequest) {
      // A webhook names the records that changed. The runtime has no targeted read yet, so this
      // is an incremental sync from the cursors, of both CRMs: the runtime's `crm` option limits
      // the write-back too, and a HubSpot change must also reach Salesforce (partner figures,
      // mirrored deals). Explicit `crm` without records (POST /api/sync) is honoured.
      const crm = request.records ? undefined : request.crm;
      const extra = request.records ? { "requested.records": request.records.length } : {};
      return enqueue(`sync:${crm ?? "all"}:${request.trigger}`, () =>
        execute("sync", request.trigger, crm, request.signal, extra),
      );
    },
    reconcile(request: ReconcileRequest) {
      return enqueue(`reconcile:${request.trigger}`, () =>
        execute("reconcile", request.trigger, undefined, request.signal, {}),
      );
    },
  };
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
