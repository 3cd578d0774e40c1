// node-cron drives two jobs through the run guard: an incremental sync every few minutes and the
// nightly reconcile. Ticks are identified by their scheduled time (node-cron passes the matched
// slot, not the moment the timer fired), truncated to the second, so replicas agree on them.

import type { ScheduledTask, TaskContext } from "node-cron";
import cron from "node-cron";
import type { JobRunner } from "../job-runner.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { RunGuard } from "./run-guard.ts";

export interface ScheduleConfig {
  syncCron: string;
  reconcileCron: string;
  /** Both expressions are read in this zone (the nightly reconcile's "2 am" is local time). */
  timezone: string;
}

export interface Scheduler {
  start(): void;
  /** Stops firing new ticks; runs in flight are the job runner's to drain. */
  stop(): Promise<void>;
  /**
   * Resolves when no tick is in flight (a tick spans claiming, the run and releasing), or after
   * `timeoutMs`; true when idle. Shutdown awaits it before closing the run guard.
   */
  idle(timeoutMs: number): Promise<boolean>;
  /** Runs one tick now as if fired by cron (tests, manual triggers). */
  tick(job: ScheduledJob, at: Date): Promise<TickResult>;
}

export type ScheduledJob = "sync" | "reconcile";
export type TickResult = "ran" | "skipped_overlap" | "claimed_elsewhere" | "failed";

export function createScheduler(deps: {
  schedule: ScheduleConfig;
  jobs: JobRunner;
  guard: RunGuard;
  logger: Logger;
  metrics: Metrics;
  /** Observes every tick's result (tests, diagnostics). */
  onTick?: (job: ScheduledJob, tick: Date, result: TickResult) => void;
}): Scheduler {
  const log = deps.logger.child({ component: "scheduler" });
  const tasks: ScheduledTask[] = [];
  const inFlight = new Set<Promise<TickResult>>();
  // Set by stop(): a cron callback already due when stop() ran (a late timer on a loaded machine)
  // must not start a tick after shutdown began, when the run guard may already be closed.
  let stopped = false;

  function tick(job: ScheduledJob, at: Date): Promise<TickResult> {
    const promise = runTick(job, at);
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
    return promise;
  }

  async function runTick(job: ScheduledJob, at: Date): Promise<TickResult> {
    const slot = new Date(Math.floor(at.getTime() / 1000) * 1000);
    let result: TickResult;
    try {
      const outcome = await deps.guard.run(job, slot, () =>
        job === "sync"
          ? deps.jobs.sync({ trigger: "schedule" })
          : deps.jobs.reconcile({ trigger: "schedule" }),
      );
      if (outcome.ran) result = "ran";
      else if (outcome.reason === "overlap") {
        result = "skipped_overlap";
        log.warn(
          { job, tick: slot.toISOString() },
          `${job} tick skipped: the previous ${job} run is still going`,
        );
      } else {
        result = "claimed_elsewhere";
        log.debug({ job, tick: slot.toISOString() }, `${job} tick already claimed by another replica`);
      }
    } catch (error) {
      result = "failed";
      log.error({ err: error, job, tick: slot.toISOString() }, `${job} tick failed`);
    }
    deps.metrics.scheduledTicks.inc({ job, result });
    deps.onTick?.(job, slot, result);
    return result;
  }

  // node-cron's own messages (missed executions and the like) go through pino.
  const cronLogger = {
    info: (message: string) => log.info(message),
    warn: (message: string) => log.warn(message),
    error: (message: string | Error, err?: Error) => log.error({ err: err ?? message }, String(message)),
    debug: (message: string | Error) => log.debug(String(message)),
  };

  return {
    start() {
      stopped = false;
      const jobs: Array<[ScheduledJob, string]> = [
        ["sync", deps.schedule.syncCron],
        ["reconcile", deps.schedule.reconcileCron],
      ];
      for (const [job, expression] of jobs) {
        const task = cron.createTask(
          expression,
          (ctx: TaskContext) => (stopped ? undefined : tick(job, ctx.date)),
          {
            name: job,
            timezone: deps.schedule.timezone,
            logger: cronLogger,
          },
        );
        task.start();
        tasks.push(task);
        log.info(
          { job, cron: expression, timezone: deps.schedule.timezone, next: task.getNextRun() },
          "scheduled",
        );
      }
    },
    async stop() {
      stopped = true;
      for (const task of tasks.splice(0)) await task.destroy();
    },
    async idle(timeoutMs) {
      if (inFlight.size === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const done = Promise.allSettled([...inFlight]).then(() => true as const);
      const idle = await Promise.race([done, timeout]);
      clearTimeout(timer);
      return idle;
    },
    tick,
  };
}
