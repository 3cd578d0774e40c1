// Write validation shared by every write path: input parsing (unknown / read-only fields, type
// conversion) and record checks in Salesforce's order (required, references, validation rules,
// uniqueness). Codes and texts follow the API StatusCode list:
// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm#statuscode
import { normalizeId } from "./ids.ts";
import type { ObjectDef, Rec } from "./schema/types.ts";
import type { OrgLookups, Table, WriteContext } from "./table.ts";
import { coerce, type RecordError, recordError } from "./values.ts";

const READ_ONLY_HINT =
  "Please check the security settings of this field and verify that it is read/write for your profile or permission set.";

export function fatal(
  statusCode: string,
  message: string,
): { ok: false; errors: RecordError[]; fatal: true } {
  return { ok: false, errors: [recordError(statusCode, message)], fatal: true };
}

export function parseInput(
  table: Table,
  input: Record<string, unknown>,
  ctx: WriteContext,
  op: "create" | "update",
): { ok: true; values: Record<string, unknown> } | { ok: false; errors: RecordError[]; fatal: boolean } {
  const values: Record<string, unknown> = {};
  const readOnly: string[] = [];
  const errors: RecordError[] = [];
  const def = table.def;
  for (const [key, raw] of Object.entries(input)) {
    if (key === "attributes") continue;
    const f = def.byName.get(key.toLowerCase());
    if (!f) {
      return fatal("INVALID_FIELD", `No such column '${key}' on sobject of type ${def.name}`);
    }
    // Bulk CSV: an empty cell leaves the field alone; only #N/A sets it to null.
    if (ctx.mode === "csv" && raw === "") continue;
    if (ctx.mode !== "backdoor") {
      if (f.name === "Id") {
        if (op === "create")
          return fatal("INVALID_FIELD", "The Id field should not be specified in the sobject data.");
        continue;
      }
      if (op === "create" ? !f.createable : !f.updateable) {
        readOnly.push(f.name);
        continue;
      }
    } else if (f.type === "datetime" && typeof raw === "number") {
      values[f.name] = raw;
      continue;
    }
    const c = coerce(f, raw, ctx.mode === "csv" ? "csv" : "json");
    if (!c.ok) {
      if (c.fatal) return { ok: false, errors: [c.error], fatal: true };
      errors.push(c.error);
      continue;
    }
    values[f.name] = c.value;
  }
  if (readOnly.length > 0) {
    errors.unshift(
      recordError(
        "INVALID_FIELD_FOR_INSERT_UPDATE",
        `Unable to create/update fields: ${readOnly.join(", ")}. ${READ_ONLY_HINT}`,
        readOnly,
      ),
    );
  }
  if (errors.length > 0) return { ok: false, errors, fatal: false };
  return { ok: true, values };
}

export function checkRecord(
  org: OrgLookups,
  table: Table,
  rec: Rec,
  prev: Rec | undefined,
  ctx: WriteContext,
): RecordError[] {
  const def = table.def;
  const lists = org.fieldLists(def);
  if (ctx.mode !== "backdoor") {
    const missing = lists.required.filter(
      (f) => rec[f.name] === null || rec[f.name] === undefined || rec[f.name] === "",
    );
    if (missing.length > 0) {
      const names = missing.map((f) => f.name);
      return [
        recordError("REQUIRED_FIELD_MISSING", `Required fields are missing: [${names.join(", ")}]`, names),
      ];
    }
  }
  const errors: RecordError[] = [];
  for (const f of lists.references) {
    const value = rec[f.name];
    if (value === null || value === undefined || (prev && prev[f.name] === value)) continue;
    const id18 = normalizeId(String(value));
    if (!id18) {
      errors.push(
        recordError("MALFORMED_ID", `${f.label}: id value of incorrect type: ${String(value)}`, [f.name]),
      );
      continue;
    }
    rec[f.name] = id18;
    const target = org.tableForId(id18);
    if (!target || !f.referenceTo.includes(target.def.name)) {
      errors.push(
        recordError("FIELD_INTEGRITY_EXCEPTION", `${f.label}: id value of incorrect type: ${id18}`, [f.name]),
      );
      continue;
    }
    const parent = target.rows.get(id18);
    if (!parent)
      errors.push(recordError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", [f.name]));
    else if (parent.IsDeleted) errors.push(recordError("ENTITY_IS_DELETED", "entity is deleted", [f.name]));
  }
  if (errors.length > 0) return errors;
  if (ctx.mode !== "backdoor") {
    derive(def, rec);
    const lower = def.name.toLowerCase();
    for (const rules of [org.rules, org.extraRules()]) {
      for (const rule of rules) {
        if (rule.object.toLowerCase() !== lower) continue;
        const f = rule.field ? def.byName.get(rule.field.toLowerCase()) : undefined;
        if (rule.reject(f ? rec[f.name] : undefined, rec)) {
          errors.push(recordError("FIELD_CUSTOM_VALIDATION_EXCEPTION", rule.message, f ? [f.name] : []));
        }
      }
    }
    if (errors.length > 0) return errors;
  }
  for (const [name] of table.keys) {
    const f = def.byName.get(name.toLowerCase())!;
    if (!f.unique) continue;
    const value = rec[name];
    if (value === null || value === undefined) continue;
    const other = org.lookupKey(table, name, value).find((id) => id !== prev?.Id);
    if (other) {
      errors.push(
        recordError(
          "DUPLICATE_VALUE",
          `duplicate value found: ${name} duplicates value on record with id: ${other}`,
        ),
      );
    }
  }
  return errors;
}

/** Recompute derived fields (IsClosed, IsWon, Name, formulas). */
export function derive(def: ObjectDef, rec: Rec): void {
  for (const f of def.fields) if (f.derive) rec[f.name] = f.derive(rec) ?? null;
}
