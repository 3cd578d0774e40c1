// Sync health: the next scheduled runs, the run going on now (live), API calls used against each
// CRM's daily allocation over time, the last runs, errors by type and the quarantine.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { LiveRun, RunSummary, ScheduleInfo } from "../api/types.ts";
import { Card, ErrorBox, Notice } from "../components/states.tsx";
import { formatDateTime } from "../lib/money.ts";
import { useApi } from "../lib/use-api.ts";
import { ApiUsage } from "./api-usage.tsx";
import { ErrorsByType } from "./errors-by-type.tsx";
import { Quarantine } from "./quarantine.tsx";
import { RunsTable } from "./runs-table.tsx";

function LiveProgress({ run }: { run: LiveRun | null }) {
  if (!run) return <p class="slds-text-color_weak">No run is going on in this service right now.</p>;
  const pct = run.total ? Math.min(100, Math.round((run.done / run.total) * 100)) : null;
  return (
    <div data-testid="live-run">
      <p>
        <strong>{run.kind}</strong> ({run.trigger}) running since {formatDateTime(run.startedAt)} —{" "}
        {run.phase ?? "between phases"}
        {run.total ? ` (${run.done} of ${run.total})` : run.done ? ` (${run.done})` : ""}
      </p>
      <div
        class="slds-progress-bar slds-m-vertical_x-small"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-label="Run progress"
      >
        <span class="slds-progress-bar__value" style={{ width: `${pct ?? 5}%` }} />
      </div>
      {run.phasesDone.length > 0 && (
        <p class="slds-text-body_small slds-text-color_weak">Done: {run.phasesDone.join(" · ")}</p>
      )}
    </div>
  );
}

export function SyncHealthPage() {
  const schedule = useApi(() => api.get<ScheduleInfo>("/schedule"), []);
  const [live, setLive] = useState<LiveRun | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [running, setRunning] = useState<string | null>(null);
  const [result, setResult] = useState<RunSummary | null>(null);
  const [error, setError] = useState<Error | null>(null);

  // Live progress: every second while a run goes on, every five otherwise.
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const r = await api.get<{ run: LiveRun | null }>("/runs/current");
        if (!stop) setLive(r.run);
        timer = setTimeout(poll, r.run ? 1000 : 5000);
      } catch {
        timer = setTimeout(poll, 5000);
      }
    };
    void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, []);

  const start = async (kind: "sync" | "reconcile") => {
    setRunning(kind);
    setError(null);
    setResult(null);
    try {
      const r = await api.post<{ run: RunSummary }>(`/${kind}`, {});
      setResult(r.run);
      setRefresh((x) => x + 1);
    } catch (err) {
      setError(err as Error);
    } finally {
      setRunning(null);
    }
  };

  return (
    <div>
      <h1 class="slds-text-heading_large slds-m-bottom_medium">Sync health</h1>
      <div class="slds-grid slds-gutters">
        <div class="slds-col slds-size_1-of-2">
          <Card title="Schedule" id="schedule">
            {schedule.error && <ErrorBox error={schedule.error} />}
            {schedule.data && (
              <dl class="slds-dl_horizontal" data-testid="schedule">
                <dt class="slds-dl_horizontal__label">Next reconcile</dt>
                <dd class="slds-dl_horizontal__detail">
                  {schedule.data.enabled ? formatDateTime(schedule.data.reconcile.next) : "scheduler off"} (
                  <code>{schedule.data.reconcile.cron}</code> {schedule.data.reconcile.timezone})
                </dd>
                <dt class="slds-dl_horizontal__label">Next sync</dt>
                <dd class="slds-dl_horizontal__detail">
                  {schedule.data.enabled ? formatDateTime(schedule.data.sync.next) : "scheduler off"} (
                  <code>{schedule.data.sync.cron}</code>)
                </dd>
              </dl>
            )}
          </Card>
        </div>
        <div class="slds-col slds-size_1-of-2">
          <Card
            title="Running now"
            id="live"
            actions={
              <div class="slds-button-group">
                <button
                  type="button"
                  class="slds-button slds-button_brand"
                  disabled={running !== null}
                  onClick={() => start("sync")}
                >
                  {running === "sync" ? "Syncing…" : "Run sync now"}
                </button>
                <button
                  type="button"
                  class="slds-button slds-button_neutral"
                  disabled={running !== null}
                  onClick={() => start("reconcile")}
                >
                  {running === "reconcile" ? "Reconciling…" : "Run reconcile now"}
                </button>
              </div>
            }
          >
            <LiveProgress run={live} />
            {result && (
              <Notice kind={result.outcome === "failed" ? "warning" : "success"}>
                <span data-testid="run-result">
                  {result.kind} {result.outcome}
                  {result.message ? `: ${result.message}` : ""}
                </span>
              </Notice>
            )}
            {error && <ErrorBox error={error} />}
          </Card>
        </div>
      </div>
      <ApiUsage refresh={refresh} />
      <RunsTable refresh={refresh} />
      <ErrorsByType refresh={refresh} />
      <Quarantine refresh={refresh} />
    </div>
  );
}
