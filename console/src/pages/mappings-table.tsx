// The mapping as a readable table: per entity, each canonical field with its CRM field (and the
// CRM's label for it), direction, conflict policy, transform and value map.
import type { CrmField } from "../api/types.ts";

interface FieldSpec {
  crm_field: string;
  direction?: string;
  conflict?: string;
  transform?: string | { map: Record<string, string>; default?: string };
  default?: unknown;
  required?: boolean;
}

export interface MappingDoc {
  crm: string;
  entities: Record<string, { object: string; fields: Record<string, FieldSpec> }>;
}

function transformText(t: FieldSpec["transform"]): string {
  if (!t) return "—";
  return typeof t === "string" ? t : "value map";
}

function valueMapText(t: FieldSpec["transform"]): string {
  if (!t || typeof t === "string") return "";
  const entries = Object.entries(t.map).map(([k, v]) => `${k} → ${v}`);
  return `${entries.join(", ")}${t.default !== undefined ? `; otherwise ${t.default}` : ""}`;
}

export function MappingTable(props: { mapping: MappingDoc; fields: Record<string, CrmField[] | undefined> }) {
  return (
    <div>
      {Object.entries(props.mapping.entities).map(([entity, e]) => {
        const labels = new Map((props.fields[e.object] ?? []).map((f) => [f.name, f.label]));
        return (
          <section key={entity} class="slds-m-bottom_medium">
            <h3 class="slds-text-heading_small slds-m-bottom_x-small">
              {entity} ← {e.object}
            </h3>
            <table
              class="slds-table slds-table_cell-buffer slds-table_bordered"
              aria-label={`${entity} field mapping`}
            >
              <thead>
                <tr>
                  <th scope="col">Canonical field</th>
                  <th scope="col">CRM field</th>
                  <th scope="col">Label</th>
                  <th scope="col">Direction</th>
                  <th scope="col">Conflict</th>
                  <th scope="col">Transform</th>
                  <th scope="col">Picklist values</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(e.fields).map(([name, f]) => (
                  <tr key={name}>
                    <th scope="row">
                      {name}
                      {f.required ? " *" : ""}
                    </th>
                    <td>
                      <code>{f.crm_field}</code>
                    </td>
                    <td>{labels.get(f.crm_field) ?? "—"}</td>
                    <td>{f.direction ?? "inbound"}</td>
                    <td>{f.conflict ?? (f.direction === "both" ? "latest" : "—")}</td>
                    <td>{transformText(f.transform)}</td>
                    <td class="slds-cell-wrap">{valueMapText(f.transform)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </div>
  );
}
