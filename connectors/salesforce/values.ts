// Salesforce wire values <-> neutral FieldValue.
//
// Numbers: a REST body reaches jsforce with every number a double cannot hold exactly turned
// into a string of its digits (exact-json.ts), so a currency of 18 significant digits arrives
// whole; the others arrive as doubles whose String() is the decimal Salesforce sent. decimal.js
// then renders either in plain notation and, when the described scale is known, with exactly
// that many decimals, so REST and Bulk (CSV text, exact) yield identical strings.
// Writes: decimal strings are sent as JSON strings, never converted to numbers: the REST API
// accepts numeric strings for number/currency/percent fields, and no precision is ever lost.
import { Dec } from "../../money/index.ts";
import type { FieldDescription, FieldValue } from "../types.ts";

const NUMERIC = new Set(["number", "currency", "percent"]);

/** `2024-01-02T03:04:05.000+0000` (Salesforce) → `2024-01-02T03:04:05.000Z`. */
export function isoUtc(value: string): string {
  const t = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  if (Number.isNaN(t)) return value;
  return new Date(t).toISOString();
}

function decimalText(value: number | string, scale: number | undefined): string | null {
  const text = typeof value === "number" ? String(value) : value.trim();
  if (text === "") return null;
  let d: Dec;
  try {
    d = new Dec(text);
  } catch {
    return text; // not a number after all; pass the text through rather than invent one
  }
  return scale !== undefined ? d.toFixed(scale) : d.toFixed();
}

/** Reads a dotted path (`Account.Name`) from a REST record with nested relationship objects. */
export function pick(record: Record<string, unknown>, path: string): unknown {
  if (path in record) return record[path];
  let current: unknown = record;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return null;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * One value from REST JSON or Bulk CSV (`csv` true: everything is text, empty = null) into a
 * FieldValue, guided by the field's description when known.
 */
export function fromWire(value: unknown, field: FieldDescription | undefined, csv = false): FieldValue {
  if (value === null || value === undefined) return null;
  if (csv && value === "") return null;
  const type = field?.type;
  if (typeof value === "boolean") return value;
  if (typeof value === "number")
    return decimalText(value, NUMERIC.has(type ?? "") ? field?.scale : undefined);
  if (typeof value === "string") {
    if (type === "boolean") return value === "true";
    if (type && NUMERIC.has(type)) return decimalText(value, field?.scale);
    if (type === "datetime") return isoUtc(value);
    return value;
  }
  // Compound fields (address, location) are not neutral values; keep them as JSON text.
  return JSON.stringify(value);
}

/** Neutral value → JSON body value for collections (see file comment: decimals stay strings). */
export function toWire(value: FieldValue): string | boolean | null {
  return value;
}
