// Canonical values (computed by the engine, or `both` fields) → CRM field values, checked
// against the CRM's describe before anything is sent: a value the CRM would refuse (too long,
// too precise, not in a restricted picklist, wrong type) becomes a problem here, so it is
// quarantined without spending an API call.

import type {
  CrmName,
  FailureClass,
  FieldDescription,
  FieldType,
  FieldValue,
  ObjectDescription,
} from "../../../connectors/types.ts";
import { Dec } from "../../../money/index.ts";
import {
  CANONICAL_FIELDS,
  type CanonicalValue,
  type DealComputed,
  type DealValues,
  type EntityName,
  type PartnerComputed,
  type PartnerValues,
  type ValueKind,
} from "./canonical.ts";
import { fitText, TEXT_LIMIT } from "./fit-text.ts";
import { effectiveTransform, parseDatetime, parseDecimal, toCrm, transformName } from "./transforms.ts";
import type { Mapping } from "./types.ts";

export type OutboundValues<E extends EntityName> = E extends "partner"
  ? PartnerComputed & PartnerValues
  : DealComputed & DealValues;

export type OutboundProblemCode =
  | "field_missing"
  | "not_updateable"
  | "type_incompatible"
  | "not_nillable"
  | "too_long"
  | "too_precise"
  | "too_large"
  | "bad_picklist_value"
  | "bad_value";

export interface OutboundProblem {
  crm: CrmName;
  object: string;
  entity: EntityName;
  /** The record key the caller gave (CRM id or external id). */
  key: string;
  field: string;
  crm_field: string;
  /** config: fix the mapping or CRM metadata; permanent: the value itself cannot be written. */
  class: FailureClass;
  code: OutboundProblemCode;
  reason: string;
  value: FieldValue;
}

/** CRM field types a canonical kind may be written to. */
export const OUTBOUND_TYPES: Record<ValueKind, readonly FieldType[]> = {
  text: ["string", "textarea", "picklist"],
  enum: ["picklist", "string", "textarea"],
  integer: ["number", "string"],
  decimal: ["number", "percent", "currency"],
  money: ["currency", "number"],
  boolean: ["boolean"],
  date: ["date"],
  datetime: ["datetime"],
  domain: ["string", "other"],
  currency_code: ["picklist", "string"],
  // A lookup takes the id of the record it points to (a text field may keep it too).
  record_id: ["reference", "string"],
};

/** Which CRM field types can take the kind, given the transform (a map may target a picklist). */
export function outboundTypesFor(kind: ValueKind, mapped: boolean): readonly FieldType[] {
  return mapped && kind === "boolean" ? ["boolean", "picklist", "string"] : OUTBOUND_TYPES[kind];
}

type Check = { code: OutboundProblemCode; class: FailureClass; reason: string } | null;

/** Checks one neutral value against the CRM field's description. */
export function checkValueAgainstField(field: FieldDescription, value: FieldValue): Check {
  if (value === null) {
    return field.nillable
      ? null
      : { code: "not_nillable", class: "permanent", reason: "the field cannot be blank" };
  }
  switch (field.type) {
    case "boolean":
      return typeof value === "boolean"
        ? null
        : { code: "bad_value", class: "permanent", reason: `${JSON.stringify(value)} is not a boolean` };
    case "number":
    case "currency":
    case "percent": {
      const parsed = typeof value === "string" ? parseDecimal(value) : null;
      if (!parsed?.ok) {
        return { code: "bad_value", class: "permanent", reason: `${JSON.stringify(value)} is not a number` };
      }
      return checkPrecision(field, new Dec(parsed.value));
    }
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? null
        : { code: "bad_value", class: "permanent", reason: `${JSON.stringify(value)} is not a date` };
    case "datetime":
      return typeof value === "string" && parseDatetime(value).ok
        ? null
        : { code: "bad_value", class: "permanent", reason: `${JSON.stringify(value)} is not a date-time` };
    default: {
      const text = String(value);
      if (field.length !== undefined && Array.from(text).length > field.length) {
        return {
          code: "too_long",
          class: "permanent",
          reason: `${Array.from(text).length} characters, the field holds ${field.length}`,
        };
      }
      if (field.type === "picklist" && field.restrictedPicklist && !field.picklistValues?.includes(text)) {
        return {
          code: "bad_picklist_value",
          class: "permanent",
          reason: `${JSON.stringify(text)} is not a value of the restricted picklist`,
        };
      }
      return null;
    }
  }
}

/** Salesforce precision = total digits, scale = digits after the point. Money is never rounded here. */
function checkPrecision(field: FieldDescription, n: Dec): Check {
  if (field.scale !== undefined && n.decimalPlaces() > field.scale) {
    return {
      code: "too_precise",
      class: "permanent",
      reason: `${n.toFixed()} has ${n.decimalPlaces()} decimals, the field keeps ${field.scale}`,
    };
  }
  if (field.precision !== undefined) {
    const intDigits = n.abs().trunc().isZero() ? 0 : n.abs().trunc().toFixed().length;
    const room = field.precision - (field.scale ?? 0);
    if (intDigits > room) {
      return {
        code: "too_large",
        class: "permanent",
        reason: `${n.toFixed()} has ${intDigits} integer digits, the field holds ${room}`,
      };
    }
  }
  return null;
}

export interface OutboundRecord {
  key: string;
  /** Values that passed every check, keyed by CRM field. */
  fields: Record<string, FieldValue>;
  problems: OutboundProblem[];
}

/**
 * Builds one record's CRM field values from canonical values. Only fields the mapping writes
 * (outbound or both) and the caller supplied (not undefined) are included. With `describe`
 * null (offline), only the value transforms are checked.
 */
export function toOutboundRecord<E extends EntityName>(
  mapping: Mapping,
  entity: E,
  key: string,
  values: OutboundValues<E>,
  describe: ObjectDescription | null,
): OutboundRecord {
  const e = mapping.entities[entity];
  const catalog = CANONICAL_FIELDS[entity];
  const byName = new Map(describe?.fields.map((f) => [f.name, f]));
  const out: OutboundRecord = { key, fields: {}, problems: [] };
  const given = values as Record<string, CanonicalValue | readonly string[] | undefined>;
  for (const [name, field] of Object.entries(e.fields)) {
    const spec = catalog[name];
    const input = given[name];
    if (!spec || field.direction === "inbound" || input === undefined) continue;
    const problem = (c: NonNullable<Check>, value: FieldValue) =>
      out.problems.push({
        crm: mapping.crm,
        object: e.object,
        entity,
        key,
        field: name,
        crm_field: field.crm_field,
        class: c.class,
        code: c.code,
        reason: c.reason,
        value,
      });
    const canonical: CanonicalValue = Array.isArray(input) ? input.join("; ") : (input as CanonicalValue);
    const converted = toCrm(spec, field, canonical);
    if (!converted.ok) {
      problem({ code: "bad_value", class: "permanent", reason: converted.reason }, canonical as FieldValue);
      continue;
    }
    if (spec.fitToField && typeof converted.value === "string") {
      // Cut to the field rather than quarantined (fit-text.ts): the CRM keeps the figures.
      const limit = byName.get(field.crm_field)?.length ?? TEXT_LIMIT[mapping.crm];
      converted.value = fitText(converted.value, limit);
    }
    if (describe) {
      const fd = byName.get(field.crm_field);
      const transform = effectiveTransform(spec, field);
      const mapped = transform !== null && transformName(transform) === "map";
      let check: Check = null;
      if (!fd)
        check = {
          code: "field_missing",
          class: "config",
          reason: `${e.object} has no field ${field.crm_field}`,
        };
      else if (!fd.updateable)
        check = { code: "not_updateable", class: "config", reason: "the field is read-only" };
      else if (!outboundTypesFor(spec.kind, mapped).includes(fd.type)) {
        check = {
          code: "type_incompatible",
          class: "config",
          reason: `cannot write ${spec.kind} to a ${fd.type} field`,
        };
      } else check = checkValueAgainstField(fd, converted.value);
      if (check) {
        problem(check, converted.value);
        continue;
      }
    }
    out.fields[field.crm_field] = converted.value;
  }
  return out;
}

export interface OutboundBatch {
  /** Records with no problem: safe to send. */
  ready: Array<{ key: string; fields: Record<string, FieldValue> }>;
  /** Records with at least one problem: quarantine them whole, so no record is half-updated. */
  rejected: OutboundRecord[];
}

export function toOutboundBatch<E extends EntityName>(
  mapping: Mapping,
  entity: E,
  items: Iterable<{ key: string; values: OutboundValues<E> }>,
  describe: ObjectDescription | null,
): OutboundBatch {
  const batch: OutboundBatch = { ready: [], rejected: [] };
  for (const item of items) {
    const record = toOutboundRecord(mapping, entity, item.key, item.values, describe);
    if (record.problems.length > 0) batch.rejected.push(record);
    else if (Object.keys(record.fields).length > 0)
      batch.ready.push({ key: record.key, fields: record.fields });
  }
  return batch;
}

function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const blank = (v: FieldValue | undefined) => v === undefined || v === null || v === "";
  if (blank(a) || blank(b)) return blank(a) && blank(b);
  if (typeof a !== "string" || typeof b !== "string") return a === b;
  if (a === b) return true;
  const da = parseDecimal(a);
  const db = parseDecimal(b);
  if (da.ok && db.ok) return new Dec(da.value).eq(db.value);
  const ta = parseDatetime(a);
  const tb = parseDatetime(b);
  return ta.ok && tb.ok && ta.value === tb.value;
}

/**
 * Only what changed: drops fields whose current CRM value already equals the desired one
 * ("120000" = "120000.00", equal instants in different offsets, null = "").
 */
export function changedFields(
  desired: Record<string, FieldValue>,
  current: Record<string, FieldValue>,
): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(desired)) {
    if (!sameValue(value, current[name])) out[name] = value;
  }
  return out;
}
