// Wraps the Jobs port for everything that starts runs (scheduler, admin API, webhooks): counts
// outcomes in the metrics, logs each run, and tracks runs in flight so shutdown can wait for
// them and then abort what is left through the AbortSignal every run receives.
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import type { Jobs, ReconcileRequest, RunKind, RunSummary, SyncRequest } from "./ports.ts";

export interface JobRunner extends Jobs {
  /** Resolves when no run is in flight, or after `timeoutMs`; true when everything finished. */
  drain(timeoutMs: number): Promise<boolean>;
  /** Asks runs in flight to stop at their next safe point. */
  abort(): void;
  inFlight(): number;
}

export function createJobRunner(jobs: Jobs, deps: { metrics: Metrics; logger: Logger }): JobRunner {
  const controller = new AbortController();
  const running = new Set<Promise<unknown>>();

  async function track(kind: RunKind, trigger: string, start: (signal: AbortSignal) => Promise<RunSummary>) {
    const endTimer = deps.metrics.runDuration.startTimer({ kind });
    const promise = start(controller.signal);
    running.add(promise);
    try {
      const summary = await promise;
      deps.metrics.runs.inc({ kind, outcome: summary.outcome, trigger: summary.trigger });
      if (kind === "reconcile" && summary.outcome === "succeeded") {
        deps.metrics.lastSuccessfulReconcile.set(Date.parse(summary.finishedAt) / 1000);
      }
      const level = summary.outcome === "failed" || summary.outcome === "unavailable" ? "warn" : "info";
      deps.logger[level]({ run: summary }, `${kind} run ${summary.outcome}`);
      return summary;
    } catch (error) {
      deps.metrics.runs.inc({ kind, outcome: "failed", trigger });
      deps.logger.error({ err: error, kind, trigger }, `${kind} run threw`);
      throw error;
    } finally {
      endTimer();
      running.delete(promise);
    }
  }

  return {
    sync: (request: SyncRequest) =>
      track("sync", request.trigger, (signal) => jobs.sync({ ...request, signal: request.signal ?? signal })),
    reconcile: (request: ReconcileRequest) =>
      track("reconcile", request.trigger, (signal) =>
        jobs.reconcile({ ...request, signal: request.signal ?? signal }),
      ),
    async drain(timeoutMs) {
      if (running.size === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const done = Promise.allSettled([...running]).then(() => true as const);
      const finished = await Promise.race([done, timeout]);
      clearTimeout(timer);
      return finished;
    },
    abort: () => controller.abort(new Error("service shutting down")),
    inFlight: () => running.size,
  };
}
