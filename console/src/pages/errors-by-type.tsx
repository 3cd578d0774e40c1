// Open quarantined records by CRM, class and code; choosing a group lists its records (with a
// link to open each in its CRM) in the quarantine below.
import { api } from "../api/client.ts";
import type { ErrorGroup } from "../api/types.ts";
import { Card, Empty, ErrorBox, Loading } from "../components/states.tsx";
import { useApi } from "../lib/use-api.ts";

export const quarantineFilter = {
  code: null as string | null,
  listeners: new Set<(code: string | null) => void>(),
};

export function showCode(code: string | null): void {
  quarantineFilter.code = code;
  for (const l of quarantineFilter.listeners) l(code);
  document.getElementById("quarantine")?.scrollIntoView({ behavior: "smooth" });
}

export function ErrorsByType({ refresh }: { refresh: number }) {
  const groups = useApi(() => api.get<{ groups: ErrorGroup[] }>("/quarantine/summary"), [refresh]);
  return (
    <Card title="Errors by type" id="errors">
      {groups.loading && !groups.data && <Loading />}
      {groups.error && <ErrorBox error={groups.error} />}
      {groups.data && groups.data.groups.length === 0 && <Empty>No open errors.</Empty>}
      {groups.data && groups.data.groups.length > 0 && (
        <table class="slds-table slds-table_cell-buffer slds-table_bordered" aria-label="Errors by type">
          <thead>
            <tr>
              <th scope="col">CRM</th>
              <th scope="col">Class</th>
              <th scope="col">Code</th>
              <th scope="col">Open records</th>
              <th scope="col">Example</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {groups.data.groups.map((g) => (
              <tr key={`${g.crm}${g.code}${g.class}`}>
                <td>{g.crm}</td>
                <td>{g.class}</td>
                <td>
                  <code>{g.code || "(none)"}</code>
                </td>
                <td>{g.open}</td>
                <td class="slds-cell-wrap">{g.example}</td>
                <td>
                  <button type="button" class="slds-button" onClick={() => showCode(g.code)}>
                    Show records
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
