// The last runs: kind, trigger, outcome, duration, counts and conflicts, newest first, paged.
import { useEffect, useState } from "preact/hooks";
import { api, qs } from "../api/client.ts";
import type { Page, RunSummary } from "../api/types.ts";
import { Card, Empty, ErrorBox, Loading } from "../components/states.tsx";
import { durationMs, formatDateTime } from "../lib/money.ts";
import { useApi } from "../lib/use-api.ts";

// Counts are kept per CRM (`read.salesforce`) and per object (`read.salesforce.Account`): the
// per-CRM keys alone add up to the run's total.
const sum = (counts: Record<string, number>, prefix: string) =>
  Object.entries(counts).reduce(
    (n, [k, v]) => (/^[a-z_]+\.[a-z_]+$/.test(k) && k.startsWith(prefix) ? n + v : n),
    0,
  );

export function RunsTable({ refresh }: { refresh: number }) {
  const first = useApi(() => api.get<Page<RunSummary>>("/runs?limit=15"), [refresh]);
  const [more, setMore] = useState<RunSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  useEffect(() => {
    setMore([]);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);
  const items = [...(first.data?.items ?? []), ...more];
  return (
    <Card title="Last runs" id="runs">
      {first.loading && !first.data && <Loading />}
      {first.error && <ErrorBox error={first.error} />}
      {first.data && items.length === 0 && <Empty>No run yet.</Empty>}
      {items.length > 0 && (
        <table class="slds-table slds-table_cell-buffer slds-table_bordered" aria-label="Runs">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Kind</th>
              <th scope="col">Trigger</th>
              <th scope="col">Outcome</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Read</th>
              <th scope="col">Written</th>
              <th scope="col">Quarantined</th>
              <th scope="col">Conflicts</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.runId} title={r.message}>
                <td>{r.runId}</td>
                <td>{r.kind}</td>
                <td>{r.trigger}</td>
                <td>
                  <span
                    class={`slds-badge${r.outcome === "failed" ? " slds-theme_error" : r.outcome === "succeeded" ? " slds-theme_success" : r.outcome === "partial" ? " slds-theme_warning" : ""}`}
                  >
                    {r.outcome}
                  </span>
                </td>
                <td class="nowrap">{formatDateTime(r.startedAt)}</td>
                <td>{r.outcome === "running" ? "—" : durationMs(r.startedAt, r.finishedAt)}</td>
                <td>{sum(r.counts, "read.")}</td>
                <td>{sum(r.counts, "written.")}</td>
                <td>{sum(r.counts, "quarantined.")}</td>
                <td>{r.counts.conflicts ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button
          type="button"
          class="slds-button slds-button_neutral slds-m-top_small"
          onClick={async () => {
            const next = await api.get<Page<RunSummary>>(`/runs${qs({ limit: 15, cursor })}`);
            setMore((m) => [...m, ...next.items]);
            setCursor(next.nextCursor);
          }}
        >
          Older runs
        </button>
      )}
    </Card>
  );
}
