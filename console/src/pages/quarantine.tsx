// The quarantine: open records with why, a link to open each in its CRM, and retry / dismiss for
// one or many. Paged on the server; filtered by error code from "Errors by type".
import { useEffect, useState } from "preact/hooks";
import { api, qs } from "../api/client.ts";
import type { Page, QuarantinedRecord } from "../api/types.ts";
import { Card, Empty, ErrorBox, Loading, Notice } from "../components/states.tsx";
import { formatDateTime } from "../lib/money.ts";
import { useApi } from "../lib/use-api.ts";
import { quarantineFilter, showCode } from "./errors-by-type.tsx";

const PAGE = 25;

export function Quarantine({ refresh }: { refresh: number }) {
  const [code, setCode] = useState<string | null>(quarantineFilter.code);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const l = (c: string | null) => {
      setCode(c);
      setCursors([undefined]);
    };
    quarantineFilter.listeners.add(l);
    return () => void quarantineFilter.listeners.delete(l);
  }, []);
  const cursor = cursors.at(-1);
  const page = useApi(
    () => api.get<Page<QuarantinedRecord>>(`/quarantine${qs({ status: "open", limit: PAGE, cursor, code })}`),
    [code, cursor, refresh, tick],
  );
  useEffect(() => setSelected(new Set()), [page.data]);
  const items = page.data?.items ?? [];

  const act = async (what: "retry" | "dismiss", ids: string[]) => {
    setError(null);
    setNote(null);
    try {
      if (what === "retry") {
        const r = await api.post<{ retried: string[]; notOpen: string[] }>("/quarantine/retry", { ids });
        setNote(
          `${r.retried.length} record(s) queued for retry on the next run${r.notOpen.length ? `; ${r.notOpen.length} no longer open` : ""}.`,
        );
      } else {
        const r = await api.post<{ dismissed: string[]; notOpen: string[] }>("/quarantine/dismiss", {
          ids,
          reason: "dismissed in the console",
        });
        setNote(`${r.dismissed.length} record(s) dismissed.`);
      }
      setTick((t) => t + 1);
    } catch (err) {
      setError(err as Error);
    }
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Card
      title={code ? `Quarantine — ${code}` : "Quarantine"}
      id="quarantine"
      actions={
        <div class="slds-button-group">
          {code && (
            <button type="button" class="slds-button slds-button_neutral" onClick={() => showCode(null)}>
              All codes
            </button>
          )}
          <button
            type="button"
            class="slds-button slds-button_neutral"
            disabled={selected.size === 0}
            onClick={() => act("retry", [...selected])}
          >
            Retry selected ({selected.size})
          </button>
          <button
            type="button"
            class="slds-button slds-button_destructive"
            disabled={selected.size === 0}
            onClick={() => act("dismiss", [...selected])}
          >
            Dismiss selected
          </button>
        </div>
      }
    >
      {note && <Notice kind="success">{note}</Notice>}
      {error && <ErrorBox error={error} />}
      {page.loading && !page.data && <Loading />}
      {page.error && <ErrorBox error={page.error} />}
      {page.data && items.length === 0 && <Empty>No open quarantined records.</Empty>}
      {items.length > 0 && (
        <table class="slds-table slds-table_cell-buffer slds-table_bordered" aria-label="Quarantined records">
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={selected.size === items.length}
                  onChange={(e) =>
                    setSelected(
                      (e.target as HTMLInputElement).checked ? new Set(items.map((i) => i.id)) : new Set(),
                    )
                  }
                />
              </th>
              <th scope="col">Record</th>
              <th scope="col">Class</th>
              <th scope="col">Reason</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last attempt</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-testid={`quarantine-row-${r.id}`}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${r.recordId}`}
                    checked={selected.has(r.id)}
                    onChange={() => toggle(r.id)}
                  />
                </td>
                <td class="nowrap">
                  {r.crm} {r.object}{" "}
                  {r.url ? (
                    <a href={r.url} target="_blank" rel="noopener noreferrer">
                      {r.recordId}
                    </a>
                  ) : (
                    r.recordId
                  )}
                </td>
                <td>{r.failure.class}</td>
                <td class="slds-cell-wrap">
                  <code>{r.failure.code}</code> {r.failure.message}
                </td>
                <td>{r.attempts}</td>
                <td class="nowrap">
                  {formatDateTime(r.lastAttemptAt)}
                  {r.retryRequested ? <span class="slds-badge slds-m-left_x-small">retry queued</span> : null}
                </td>
                <td class="nowrap">
                  <button type="button" class="slds-button" onClick={() => act("retry", [r.id])}>
                    Retry
                  </button>{" "}
                  <button
                    type="button"
                    class="slds-button slds-text-color_error"
                    onClick={() => act("dismiss", [r.id])}
                  >
                    Dismiss
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="slds-m-top_small">
        {cursors.length > 1 && (
          <button
            type="button"
            class="slds-button slds-button_neutral"
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Previous
          </button>
        )}
        {page.data?.nextCursor && (
          <button
            type="button"
            class="slds-button slds-button_neutral"
            onClick={() => setCursors((c) => [...c, page.data!.nextCursor!])}
          >
            Next
          </button>
        )}
      </div>
    </Card>
  );
}
