// Picklist values records brought in that the mapping does not know: each with the records it
// holds back and a one-click mapping to a canonical value (saved with history; the records are
// retried on the next run).
import { useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { CrmName, UnmappedValue } from "../api/types.ts";
import { Card, Empty, ErrorBox, Loading, Notice } from "../components/states.tsx";
import { useApi } from "../lib/use-api.ts";

export function UnmappedValues(props: { crm: CrmName; onMapped: () => void }) {
  const list = useApi(() => api.get<{ items: UnmappedValue[] }>("/mappings/unmapped-values"), []);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const items = (list.data?.items ?? []).filter((v) => v.crm === props.crm);
  const map = async (v: UnmappedValue) => {
    const key = `${v.crmField}:${v.value}`;
    const canonical = choice[key] ?? v.choices[0];
    setError(null);
    try {
      const r = await api.post<{ retried: number }>("/mappings/value-maps", {
        crm: v.crm,
        entity: v.entity,
        field: v.field,
        value: v.value,
        canonical,
      });
      setDone(`Mapped "${v.value}" to ${canonical}; ${r.retried} record(s) will be retried on the next run.`);
      list.reload();
      props.onMapped();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <Card title="Picklist values seen in the data but not mapped" id="unmapped-values">
      {list.loading && !list.data && <Loading />}
      {list.error && <ErrorBox error={list.error} />}
      {done && <Notice kind="success">{done}</Notice>}
      {error && <ErrorBox error={error} />}
      {list.data && items.length === 0 && <Empty>Every value the records carry is mapped.</Empty>}
      {items.length > 0 && (
        <table
          class="slds-table slds-table_cell-buffer slds-table_bordered"
          aria-label="Unmapped picklist values"
        >
          <thead>
            <tr>
              <th scope="col">Object</th>
              <th scope="col">Field</th>
              <th scope="col">Value</th>
              <th scope="col">Records held back</th>
              <th scope="col">Map to</th>
            </tr>
          </thead>
          <tbody>
            {items.map((v) => {
              const key = `${v.crmField}:${v.value}`;
              return (
                <tr key={key}>
                  <td>{v.object}</td>
                  <td>
                    {v.field} (<code>{v.crmField}</code>)
                  </td>
                  <td>
                    <strong>{v.value}</strong>
                  </td>
                  <td>{v.records}</td>
                  <td class="nowrap">
                    <select
                      class="slds-select"
                      style={{ width: "auto" }}
                      aria-label={`Canonical value for ${v.value}`}
                      value={choice[key] ?? v.choices[0]}
                      onChange={(e) =>
                        setChoice((c) => ({ ...c, [key]: (e.target as HTMLSelectElement).value }))
                      }
                    >
                      {v.choices.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>{" "}
                    <button type="button" class="slds-button slds-button_brand" onClick={() => map(v)}>
                      Map "{v.value}"
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}
