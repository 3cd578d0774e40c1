// Sandbox org rows (SOQL through the emulator's back door) in the shape the UI API gives a Lightning
// Web Component: { apiName, id, fields: { Name: { value, displayValue } } }, relationship fields as
// nested records, numbers as numbers. The jest tests emit this same shape.
import { declaredFields, loadSalesforceMetadata } from "../../connectors/salesforce/metadata-loader.ts";

export interface UiRecord {
  apiName: string;
  id: string;
  fields: Record<string, { value: unknown; displayValue: string | null }>;
}

/** Standard fields the components read that are numeric or boolean in the UI API. */
const STANDARD_TYPES: Record<string, string> = {
  "Opportunity.Amount": "Currency",
  "Opportunity.IsClosed": "Checkbox",
  "Opportunity.IsWon": "Checkbox",
};

/** Object.Field → metadata type, for every field the package declares (and the standard ones above). */
export async function fieldTypes(): Promise<Map<string, string>> {
  const types = new Map(Object.entries(STANDARD_TYPES));
  for (const f of declaredFields(await loadSalesforceMetadata()))
    types.set(`${f.object}.${f.name}`, f.field.type);
  return types;
}

const NUMERIC = new Set(["Currency", "Number", "Percent"]);

function convert(type: string | undefined, value: unknown): unknown {
  if (value === null || value === undefined || value === "") return null;
  if (type && NUMERIC.has(type)) return Number(value);
  if (type === "Checkbox") return value === true || value === "true";
  return value;
}

/** Relationship name → object it reaches, for nested rows (PartnerAccount → Account). */
const RELATIONSHIPS: Record<string, string> = { PartnerAccount: "Account" };

export function uiRecord(
  apiName: string,
  row: Record<string, unknown>,
  types: Map<string, string>,
): UiRecord {
  const fields: UiRecord["fields"] = {};
  for (const [name, value] of Object.entries(row)) {
    if (name === "attributes") continue;
    if (value && typeof value === "object" && RELATIONSHIPS[name]) {
      const nested = uiRecord(RELATIONSHIPS[name], value as Record<string, unknown>, types);
      fields[name] = { value: nested, displayValue: String((value as Record<string, unknown>).Name ?? "") };
      continue;
    }
    fields[name] = { value: convert(types.get(`${apiName}.${name}`), value), displayValue: null };
  }
  return { apiName, id: String(row.Id), fields };
}
