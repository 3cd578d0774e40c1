// Every saved version of a CRM's mapping: who, when, and the diff against the one before.
import { useEffect, useState } from "preact/hooks";
import { api, qs } from "../api/client.ts";
import type { CrmName, MappingChange, Page } from "../api/types.ts";
import { Card, Empty, ErrorBox, Loading } from "../components/states.tsx";
import { formatDateTime } from "../lib/money.ts";
import { useApi } from "../lib/use-api.ts";

function Diff({ text }: { text: string }) {
  return (
    <section class="diff" aria-label="Diff">
      {text
        .split("\n")
        .slice(2)
        .map((line, i) => (
          <div key={i} class={line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : undefined}>
            {line || " "}
          </div>
        ))}
    </section>
  );
}

export function MappingHistory(props: { crm: CrmName; refresh: number }) {
  const [more, setMore] = useState<MappingChange[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const page = useApi(
    () => api.get<Page<MappingChange>>(`/mappings/history${qs({ crm: props.crm, limit: 10 })}`),
    [props.crm, props.refresh],
  );
  useEffect(() => {
    setMore([]);
    setCursor(page.data?.nextCursor ?? null);
  }, [page.data]);
  const loadMore = async () => {
    if (!cursor) return;
    const next = await api.get<Page<MappingChange>>(
      `/mappings/history${qs({ crm: props.crm, limit: 10, cursor })}`,
    );
    setMore((m) => [...m, ...next.items]);
    setCursor(next.nextCursor);
  };
  const items = [...(page.data?.items ?? []), ...more];
  return (
    <Card title="History" id="mapping-history">
      {page.loading && !page.data && <Loading />}
      {page.error && <ErrorBox error={page.error} />}
      {page.data && items.length === 0 && <Empty>No saved versions yet.</Empty>}
      <ul class="slds-has-dividers_bottom-space" data-testid="mapping-history">
        {items.map((c) => (
          <li key={c.id} class="slds-item">
            <details>
              <summary>
                Version {c.id} — saved by <strong>{c.changedBy}</strong> on {formatDateTime(c.changedAt)}
              </summary>
              {c.diff ? (
                <Diff text={c.diff} />
              ) : (
                <Empty>The first version recorded: nothing to compare with.</Empty>
              )}
            </details>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" class="slds-button slds-button_neutral" onClick={loadMore}>
          Older versions
        </button>
      )}
    </Card>
  );
}
