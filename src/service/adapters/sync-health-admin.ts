// Sync health for the console: API usage samples per CRM over the last days, the run going on in
// this process, open quarantined records by type, and when the schedule fires next.
import cron from "node-cron";
import type { CrmConnector, CrmName } from "../../../connectors/types.ts";
import type { Store } from "../../store/index.ts";
import type { SyncReport, SyncRuntime } from "../../sync/runtime.ts";
import type { ErrorGroup, ScheduleInfo, SyncHealthAdmin, UsageSeries } from "../ports.ts";
import type { LiveRuns } from "./live-runs.ts";

/** Samples kept per CRM in one answer: a few days of five-minute syncs. */
const MAX_SAMPLES = 2000;

export function nextRun(expression: string, timezone: string, from = new Date()): string | null {
  const task = cron.createTask(expression, () => undefined, { timezone });
  try {
    // getNextRuns works on a task that was never started (getNextRun answers null then).
    const [next] = task.getNextRuns(1);
    return next && next.getTime() > from.getTime() - 1 ? next.toISOString() : null;
  } catch {
    return null;
  } finally {
    void task.destroy();
  }
}

/** After each run, each CRM's API usage is sampled (one budget call; a failure is skipped). */
export function withUsageSampling(
  runtime: SyncRuntime,
  deps: { store: Store; connectors: Partial<Record<CrmName, CrmConnector>> },
): SyncRuntime {
  const sample = async (report: SyncReport) => {
    for (const [crm, connector] of Object.entries(deps.connectors) as [CrmName, CrmConnector | undefined][]) {
      if (!connector) continue;
      try {
        const b = await connector.budget();
        await deps.store.apiUsage.record({ crm, used: b.used, limit: b.limit, runId: report.runId });
      } catch {
        // Usage is a chart, not a duty: a CRM that cannot say leaves a gap.
      }
    }
    return report;
  };
  return {
    ...runtime,
    sync: (options) => runtime.sync(options).then(sample),
    reconcile: (options) => runtime.reconcile(options).then(sample),
  };
}

export function createSyncHealthAdmin(deps: {
  store: Store;
  live: LiveRuns;
  schedule: { enabled: boolean; syncCron: string; reconcileCron: string; timezone: string };
  clock?: () => Date;
}): SyncHealthAdmin {
  const clock = deps.clock ?? (() => new Date());
  // node-cron finds the next match by stepping through time (for a nightly cron, thousands of
  // steps), so each answer is kept until the moment it names has passed.
  const next = new Map<string, string | null>();
  const cachedNext = (expression: string) => {
    const now = clock();
    const known = next.get(expression);
    if (known !== undefined && known !== null && Date.parse(known) > now.getTime()) return known;
    const value = nextRun(expression, deps.schedule.timezone, now);
    next.set(expression, value);
    return value;
  };
  return {
    async usage({ days }): Promise<UsageSeries[]> {
      const since = new Date(clock().getTime() - days * 86_400_000).toISOString();
      const samples = await deps.store.apiUsage.list({ since, limit: MAX_SAMPLES });
      const series = new Map<CrmName, UsageSeries>();
      for (const s of samples) {
        const crm = s.crm as CrmName;
        const entry = series.get(crm) ?? { crm, samples: [] };
        entry.samples.push({ at: s.sampledAt, used: s.used, limit: s.limit });
        series.set(crm, entry);
      }
      return [...series.values()];
    },
    live: () => deps.live.current(),
    async errors(): Promise<ErrorGroup[]> {
      return (await deps.store.quarantineGroups.open()).map((g) => ({ ...g, crm: g.crm as CrmName }));
    },
    schedule(): ScheduleInfo {
      const { schedule } = deps;
      return {
        enabled: schedule.enabled,
        sync: {
          cron: schedule.syncCron,
          next: schedule.enabled ? cachedNext(schedule.syncCron) : null,
        },
        reconcile: {
          cron: schedule.reconcileCron,
          timezone: schedule.timezone,
          next: schedule.enabled ? cachedNext(schedule.reconcileCron) : null,
        },
      };
    },
  };
}
