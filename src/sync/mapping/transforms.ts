// Value transforms between CRM-neutral field values (connectors/types.ts: strings, booleans,
// null) and canonical values. Every parser returns a value or a reason, never throws: a bad
// value in one record must not stop the batch. Decimals are parsed with decimal.js and leave as
// strings; only integer counts become JS numbers.

import type { FieldValue } from "../../../connectors/types.ts";
import { Dec, parseCrmDecimal } from "../../../money/index.ts";
import type { CanonicalFieldSpec, CanonicalValue, ValueKind } from "./canonical.ts";
import type { FieldMapping, Normalizer, Transform, TransformName } from "./schema.ts";

export type ValueResult<T> = { ok: true; value: T } | { ok: false; code: ValueErrorCode; reason: string };
export type ValueErrorCode =
  | "bad_decimal"
  | "bad_integer"
  | "bad_boolean"
  | "bad_date"
  | "bad_datetime"
  | "bad_domain"
  | "bad_currency_code"
  | "bad_id"
  | "bad_enum"
  | "out_of_range"
  | "unmapped_value";

const ok = <T>(value: T): ValueResult<T> => ({ ok: true, value });
const fail = (code: ValueErrorCode, reason: string): ValueResult<never> => ({ ok: false, code, reason });

const INTEGER = /^[+-]?\d+(\.0*)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;

/** The transform each kind gets when the mapping names none. Enums have none: they need a map. */
export const DEFAULT_TRANSFORM: Record<ValueKind, TransformName | null> = {
  text: "text",
  enum: null,
  integer: "number",
  decimal: "decimal",
  money: "currency",
  boolean: "boolean",
  date: "date",
  datetime: "datetime",
  domain: "domain",
  currency_code: "text",
  record_id: "text",
};

/** Transforms a mapping may use for a field of each kind (`map` = a value map). */
export const ALLOWED_TRANSFORMS: Record<ValueKind, readonly (TransformName | "map")[]> = {
  text: ["text", "map"],
  enum: ["map"],
  integer: ["number"],
  decimal: ["decimal"],
  money: ["currency", "decimal"],
  boolean: ["boolean", "map"],
  date: ["date"],
  datetime: ["datetime"],
  domain: ["domain", "text"],
  currency_code: ["text", "map"],
  record_id: ["text"],
};

export function transformName(transform: Transform): TransformName | "map" {
  return typeof transform === "string" ? transform : "map";
}

export function effectiveTransform(spec: CanonicalFieldSpec, field: FieldMapping): Transform | null {
  return field.transform ?? DEFAULT_TRANSFORM[spec.kind];
}

export function isBlank(value: FieldValue | CanonicalValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

export function parseDecimal(value: FieldValue | number): ValueResult<string> {
  const text = typeof value === "number" ? String(value) : value;
  const n = typeof text === "string" ? parseCrmDecimal(text) : null;
  if (n === null) return fail("bad_decimal", `${JSON.stringify(value)} is not a decimal number`);
  return ok(n.toFixed());
}

export function parseInteger(value: FieldValue | number): ValueResult<number> {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !INTEGER.test(text.trim())) {
    return fail("bad_integer", `${JSON.stringify(value)} is not a whole number`);
  }
  const n = new Dec(text.trim());
  if (n.abs().gt(Number.MAX_SAFE_INTEGER)) return fail("bad_integer", `${text} is too large`);
  return ok(n.toNumber());
}

const TRUE = new Set(["true", "1", "yes"]);
const FALSE = new Set(["false", "0", "no"]);

export function parseBoolean(value: FieldValue | number): ValueResult<boolean> {
  if (typeof value === "boolean") return ok(value);
  const text = String(value).trim().toLowerCase();
  if (TRUE.has(text)) return ok(true);
  if (FALSE.has(text)) return ok(false);
  return fail("bad_boolean", `${JSON.stringify(value)} is not a boolean`);
}

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** `YYYY-MM-DD`; a date-time (HubSpot's closedate is one) gives its UTC date. */
export function parseDate(value: FieldValue | number): ValueResult<string> {
  const text = typeof value === "string" ? value.trim() : "";
  if (validDate(text)) return ok(text);
  const dt = parseDatetime(text);
  if (dt.ok) return ok(dt.value.slice(0, 10));
  return fail("bad_date", `${JSON.stringify(value)} is not a date (YYYY-MM-DD)`);
}

/** ISO-8601 with an offset, normalized to UTC `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export function parseDatetime(value: FieldValue | number): ValueResult<string> {
  const text = typeof value === "string" ? value.trim() : "";
  const ms = DATETIME.test(text) && validDate(text.slice(0, 10)) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) return fail("bad_datetime", `${JSON.stringify(value)} is not an ISO-8601 date-time`);
  return ok(new Date(ms).toISOString());
}

/** `https://www.Acme.com/partners` → `acme.com`: the form both CRMs' partners are matched on. */
export function normalizeDomain(value: FieldValue | number): ValueResult<string> {
  let host = String(value).trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  host = host.replace(/^[^@/]*@/, "");
  host = host.split(/[/?#]/, 1)[0] ?? "";
  host = host
    .replace(/:\d+$/, "")
    .replace(/\.$/, "")
    .replace(/^www\./, "");
  if (!DOMAIN.test(host)) return fail("bad_domain", `${JSON.stringify(value)} has no web domain`);
  return ok(host);
}

const SFID_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/**
 * Salesforce ids come as 15 (case-sensitive) or 18 characters; the 18-char form is what the API
 * returns and what HubSpot's Salesforce sync stores. Normalizing lets both forms match.
 */
export function normalizeSalesforceId(value: FieldValue | number): ValueResult<string> {
  const id = String(value).trim();
  if (/^[A-Za-z0-9]{18}$/.test(id)) return ok(id.slice(0, 15) + id.slice(15).toUpperCase());
  if (!/^[A-Za-z0-9]{15}$/.test(id)) return fail("bad_id", `${JSON.stringify(value)} is not a Salesforce id`);
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id.charAt(chunk * 5 + i);
      if (c >= "A" && c <= "Z") bits |= 1 << i;
    }
    suffix += SFID_SUFFIX.charAt(bits);
  }
  return ok(id + suffix);
}

export function normalizeKey(value: FieldValue, normalizer: Normalizer): ValueResult<string> | null {
  if (isBlank(value)) return null;
  const text = String(value);
  switch (normalizer) {
    case "none":
      return ok(text);
    case "trim":
      return ok(text.trim());
    case "lowercase":
      return ok(text.trim().toLowerCase());
    case "domain":
      return normalizeDomain(text);
    case "salesforce_id":
      return normalizeSalesforceId(text);
  }
}

function checkKind(spec: CanonicalFieldSpec, value: CanonicalValue): ValueResult<CanonicalValue> {
  if (value === null) return ok(null);
  switch (spec.kind) {
    case "enum":
      return spec.values?.includes(String(value))
        ? ok(value)
        : fail("bad_enum", `${JSON.stringify(value)} is not one of ${spec.values?.join(", ")}`);
    case "currency_code": {
      const code = String(value).trim().toUpperCase();
      return CURRENCY_CODE.test(code)
        ? ok(code)
        : fail("bad_currency_code", `${JSON.stringify(value)} is not a 3-letter currency code`);
    }
    case "integer":
    case "decimal":
    case "money": {
      const parsed = typeof value === "boolean" ? null : parseDecimal(value);
      if (!parsed?.ok) return fail("bad_decimal", `${JSON.stringify(value)} is not a decimal number`);
      const n = new Dec(parsed.value);
      if (spec.min !== undefined && n.lt(spec.min))
        return fail("out_of_range", `${value} is below ${spec.min}`);
      if (spec.max !== undefined && n.gt(spec.max))
        return fail("out_of_range", `${value} is above ${spec.max}`);
      return ok(value);
    }
    default:
      return ok(value);
  }
}

function applyNamed(name: TransformName, raw: FieldValue | number): ValueResult<CanonicalValue> {
  switch (name) {
    case "text":
      return ok(String(raw).trim());
    case "number":
      return parseInteger(raw);
    case "decimal":
    case "currency":
      return parseDecimal(raw);
    case "boolean":
      return parseBoolean(raw);
    case "date":
      return parseDate(raw);
    case "datetime":
      return parseDatetime(raw);
    case "domain":
      return normalizeDomain(raw);
  }
}

/**
 * CRM value → canonical value. Blank takes the field's `default`, else the value map's
 * `default`, else null (the caller decides whether null is allowed). A non-blank value missing
 * from a value map takes the map's `default`, else it is an `unmapped_value`.
 */
export function toCanonical(
  spec: CanonicalFieldSpec,
  field: FieldMapping,
  raw: FieldValue | undefined,
): ValueResult<CanonicalValue> {
  const transform = effectiveTransform(spec, field);
  if (raw === undefined || raw === null || isBlank(raw)) {
    if (field.default !== undefined) return checkKind(spec, defaultValue(spec, field.default));
    if (transform !== null && typeof transform === "object" && transform.default !== undefined) {
      return checkKind(spec, transform.default);
    }
    return ok(null);
  }
  let value: ValueResult<CanonicalValue>;
  if (transform === null) {
    value = ok(String(raw).trim());
  } else if (typeof transform === "string") {
    value = applyNamed(transform, raw);
  } else {
    const key = typeof raw === "boolean" ? String(raw) : raw.trim();
    if (Object.hasOwn(transform.map, key)) value = ok(transform.map[key] ?? null);
    else if (transform.default !== undefined) value = ok(transform.default);
    else
      value = fail(
        "unmapped_value",
        `${JSON.stringify(raw)} is not in the value map and there is no default`,
      );
  }
  return value.ok ? checkKind(spec, value.value) : value;
}

/** A mapping's `default:` as the canonical value (YAML numbers become decimal strings). */
export function defaultValue(
  spec: CanonicalFieldSpec,
  value: string | number | boolean | null,
): CanonicalValue {
  if (value === null) return null;
  switch (spec.kind) {
    case "integer":
      return typeof value === "number" ? value : Number(value);
    case "decimal":
    case "money":
      return typeof value === "boolean" ? value : new Dec(value).toFixed();
    default:
      return value;
  }
}

/**
 * Canonical value → CRM value. A value map is used backwards: the first CRM value listed for
 * the canonical value; a canonical value the map does not list is written unchanged.
 */
export function toCrm(
  spec: CanonicalFieldSpec,
  field: FieldMapping,
  value: CanonicalValue,
): ValueResult<FieldValue> {
  if (value === null) return ok(null);
  const checked = checkKind(spec, value);
  if (!checked.ok) return checked;
  const transform = effectiveTransform(spec, field);
  if (transform === null) return ok(String(value));
  if (typeof transform === "object") {
    const entry = Object.entries(transform.map).find(([, target]) => target === value);
    if (entry) return ok(entry[0]);
    return ok(typeof value === "boolean" ? value : String(value));
  }
  const result = applyNamed(transform, value);
  if (!result.ok) return result;
  return ok(typeof result.value === "number" ? String(result.value) : result.value);
}
