// A tiny SOQL builder. Every name is validated against a strict identifier pattern and every
// value is either escaped (strings) or validated (ids, date-times, dates, booleans) before it is
// placed, so neither a mapping nor a record value can change the shape of a query.
// SOQL quoting rules: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
import type { FieldType, ScopeCondition } from "../types.ts";
import { SalesforceConnectorError } from "./errors.ts";

const NAME = /^[A-Za-z][A-Za-z0-9_]*(__c|__r)?(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function invalid(what: string, detail: string): SalesforceConnectorError {
  return new SalesforceConnectorError("INVALID_SOQL_INPUT", `${what}: ${detail}`);
}

export function field(name: string): string {
  if (!NAME.test(name)) {
    throw invalid("field name rejected", JSON.stringify(name.slice(0, 80)));
  }
  return name;
}

export function objectName(name: string): string {
  // Custom objects end in __c; the base pattern already allows only one trailing suffix.
  if (!OBJECT_NAME.test(name)) throw invalid("object name rejected", JSON.stringify(name.slice(0, 80)));
  return name;
}

/** Escapes a string literal: backslash first, then quotes and control characters. */
export function quote(value: string): string {
  const escaped = value
    .replaceAll("\\", "\\\\")
    .replaceAll("'", "\\'")
    .replaceAll('"', '\\"')
    .replaceAll("\n", "\\n")
    .replaceAll("\r", "\\r")
    .replaceAll("\t", "\\t")
    .replaceAll("\b", "\\b")
    .replaceAll("\f", "\\f");
  return `'${escaped}'`;
}

export function id(value: string): string {
  if (!ID.test(value)) throw invalid("record id rejected", "expected 15 or 18 alphanumeric characters");
  return `'${value}'`;
}

/**
 * SOQL date-time literals are unquoted, normalised to UTC. The documented forms have no
 * fraction, so milliseconds are kept only when non-zero (Salesforce accepts `.SSSZ`).
 * https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-dateformats.md
 */
export function datetime(value: string): string {
  if (!DATETIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw invalid("date-time rejected", "expected ISO-8601 with a zone");
  }
  return new Date(value).toISOString().replace(".000Z", "Z");
}

/**
 * A scope value placed by the field's described type when known, else by its shape: booleans and
 * numbers unquoted, dates and date-times unquoted after validation, everything else escaped.
 */
export function literal(value: string | boolean, type?: FieldType): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  switch (type) {
    case "boolean":
      if (value !== "true" && value !== "false") throw invalid("boolean rejected", "expected true or false");
      return value;
    case "number":
    case "currency":
    case "percent":
      if (!NUMBER.test(value)) throw invalid("number rejected", "expected a decimal string");
      return value;
    case "date":
      if (!DATE.test(value)) throw invalid("date rejected", "expected YYYY-MM-DD");
      return value;
    case "datetime":
      return datetime(value);
    case "id":
    case "reference":
      return id(value);
    case undefined:
    case "other":
      if (DATE.test(value)) return value;
      if (DATETIME.test(value)) return datetime(value);
      if (NUMBER.test(value)) return value;
      return quote(value);
    default:
      return quote(value);
  }
}

const OPS: Record<string, string> = { eq: "=", neq: "!=", gt: ">", gte: ">=", lt: "<", lte: "<=" };

export function condition(c: ScopeCondition, typeOf?: (field: string) => FieldType | undefined): string {
  const name = field(c.field);
  switch (c.op) {
    case "is_null":
      return `${name} = null`;
    case "not_null":
      return `${name} != null`;
    case "in":
    case "not_in": {
      if (!Array.isArray(c.value) || c.value.length === 0) {
        throw invalid("scope condition rejected", `${c.op} on ${name} needs a non-empty list`);
      }
      const type = typeOf?.(c.field);
      const list = c.value.map((v) => literal(v, type ?? "string")).join(", ");
      return `${name} ${c.op === "in" ? "IN" : "NOT IN"} (${list})`;
    }
    default: {
      const op = OPS[c.op];
      if (!op || c.value === undefined || Array.isArray(c.value)) {
        throw invalid("scope condition rejected", `${c.op} on ${name}`);
      }
      return `${name} ${op} ${literal(c.value, typeOf?.(c.field))}`;
    }
  }
}

export interface SelectSpec {
  object: string;
  fields: string[];
  where?: string[];
  orderBy?: string[];
  limit?: number;
}

/** `where` parts must come from this module's functions; they are AND-ed in parentheses. */
export function select(spec: SelectSpec): string {
  const fields = [...new Set(spec.fields.map(field))];
  let soql = `SELECT ${fields.join(", ")} FROM ${objectName(spec.object)}`;
  if (spec.where && spec.where.length > 0) soql += ` WHERE ${spec.where.map((w) => `(${w})`).join(" AND ")}`;
  if (spec.orderBy && spec.orderBy.length > 0) soql += ` ORDER BY ${spec.orderBy.map(field).join(", ")}`;
  if (spec.limit !== undefined) soql += ` LIMIT ${Math.trunc(spec.limit)}`;
  return soql;
}

export function count(object: string, where: string[]): string {
  let soql = `SELECT COUNT() FROM ${objectName(object)}`;
  if (where.length > 0) soql += ` WHERE ${where.map((w) => `(${w})`).join(" AND ")}`;
  return soql;
}

/** The resume condition of the SystemModstamp walk: strictly after (since, lastId). */
export function resumeAfter(since: string, lastId: string | null): string {
  const ts = datetime(since);
  if (lastId === null) return `SystemModstamp > ${ts}`;
  return `(SystemModstamp > ${ts}) OR (SystemModstamp = ${ts} AND Id > ${id(lastId)})`;
}
