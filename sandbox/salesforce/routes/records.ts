// Shared helpers for rendering stored records and turning write results into REST answers.
import type { OrgState, WriteResult } from "../org-state.ts";
import type { ObjectDef, Rec } from "../schema/types.ts";
import { toWire } from "../values.ts";

export function renderRecord(
  def: ObjectDef,
  rec: Rec,
  version: string,
  fields?: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: def.name, url: `/services/data/${version}/sobjects/${def.name}/${rec.Id}` },
  };
  const list = fields
    ? fields.map((n) => def.byName.get(n.toLowerCase())).filter((f) => f !== undefined)
    : def.fields;
  for (const f of list) out[f.name] = toWire(f, rec[f.name]);
  return out;
}

/** Per-record SaveResult as sObject Collections returns it (errors keyed `statusCode`). */
export function saveResult(result: WriteResult, withCreated: boolean): Record<string, unknown> {
  if (result.ok) {
    return withCreated
      ? { id: result.id, success: true, errors: [], created: result.created }
      : { id: result.id, success: true, errors: [] };
  }
  const out: Record<string, unknown> = { success: false, errors: result.errors };
  if (result.id) out.id = result.id;
  return withCreated ? { ...out, created: false } : out;
}

export function userType(org: OrgState, id: string): string | undefined {
  return org.tableForId(id)?.def.name;
}
