// Converting field values between the wire (JSON, Bulk CSV) and storage, with the checks and
// error texts Salesforce applies. Error codes are the API StatusCode values:
// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm#statuscode
import { Dec } from "../../money/index.ts";
import { exactNumber } from "./exact-json.ts";
import type { FieldDef } from "./schema/types.ts";

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

export type Coerced = { ok: true; value: unknown } | { ok: false; error: RecordError; fatal: boolean };

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function recordError(statusCode: string, message: string, fields: string[] = []): RecordError {
  return { statusCode, message, fields };
}

/** JSON deserialization failure: Salesforce rejects the whole request, not the record. */
function parserError(f: FieldDef, raw: unknown): Coerced {
  const token =
    typeof raw === "string"
      ? "VALUE_STRING"
      : typeof raw === "boolean"
        ? `VALUE_${String(raw).toUpperCase()}`
        : typeof raw === "number"
          ? Number.isInteger(raw)
            ? "VALUE_NUMBER_INT"
            : "VALUE_NUMBER_FLOAT"
          : Array.isArray(raw)
            ? "START_ARRAY"
            : "START_OBJECT";
  const soapType = f.type === "int" ? "int" : f.type;
  return {
    ok: false,
    fatal: true,
    error: recordError(
      "JSON_PARSER_ERROR",
      `Cannot deserialize instance of ${soapType} from ${token} value ${typeof raw === "object" ? "" : String(raw)} or request may be missing a required field`,
      [f.name],
    ),
  };
}

/** Bulk CSV conversion failure: a per-row error. */
function typeError(f: FieldDef, raw: unknown): Coerced {
  return {
    ok: false,
    fatal: false,
    error: recordError(
      "INVALID_TYPE_ON_FIELD_IN_RECORD",
      `${f.label}: value not of required type: ${String(raw)}`,
      [f.name],
    ),
  };
}

export function parseDateTime(text: string): number | null {
  if (!DATETIME.test(text)) return null;
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(normalized) ? normalized : `${normalized}Z`);
  return Number.isNaN(ms) ? null : ms;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0);
}

/** Convert one input value to its stored form; `csv` input is all text, `#N/A` meaning null. */
export function coerce(f: FieldDef, raw: unknown, mode: "json" | "csv"): Coerced {
  if (raw === null || raw === undefined || (mode === "csv" && raw === "#N/A")) {
    // A checkbox is never null: clearing it stores false.
    return { ok: true, value: f.type === "boolean" ? false : null };
  }
  const bad = mode === "json" ? parserError : typeError;
  switch (f.type) {
    case "boolean":
      if (typeof raw === "boolean") return { ok: true, value: raw };
      if (typeof raw === "string" && /^(true|false)$/i.test(raw))
        return { ok: true, value: raw.toLowerCase() === "true" };
      if (mode === "csv" && (raw === "1" || raw === "0")) return { ok: true, value: raw === "1" };
      return bad(f, raw);
    case "currency":
    case "double":
    case "percent":
    case "int": {
      // Decimals, as Salesforce stores them: 18 significant digits survive (a double keeps ~15).
      let d: Dec;
      if (typeof raw === "number" && Number.isFinite(raw)) d = new Dec(raw);
      else if (typeof raw === "string" && NUMERIC.test(raw.trim())) d = new Dec(raw.trim());
      else return bad(f, raw);
      return checkNumber(f, d);
    }
    case "date": {
      if (typeof raw !== "string") return bad(f, raw);
      const text = raw.length > 10 && DATETIME.test(raw) ? raw.slice(0, 10) : raw;
      return isValidDate(text) ? { ok: true, value: text } : bad(f, raw);
    }
    case "datetime": {
      if (typeof raw !== "string") return bad(f, raw);
      const ms = parseDateTime(raw) ?? (isValidDate(raw) ? Date.parse(`${raw}T00:00:00Z`) : null);
      return ms === null ? bad(f, raw) : { ok: true, value: ms };
    }
    default: {
      if (typeof raw === "object") return bad(f, raw);
      const text = String(raw);
      if (mode === "csv" && text === "") return { ok: true, value: null };
      return checkText(f, text);
    }
  }
}

/**
 * Rounds to the field's scale (half up) and checks its integer digits. Stored as a JS number
 * when a double holds the value exactly, else as its decimal text (written back exactly).
 */
function checkNumber(f: FieldDef, d: Dec): Coerced {
  const scale = f.type === "int" ? 0 : f.scale;
  const rounded = d.toDecimalPlaces(scale, Dec.ROUND_HALF_UP);
  const n = rounded.toNumber();
  const maxIntegerDigits = f.type === "int" ? f.digits || 9 : f.precision - scale;
  if (rounded.trunc().abs().gte(new Dec(10).pow(maxIntegerDigits))) {
    return {
      ok: false,
      fatal: false,
      error: recordError(
        "NUMBER_OUTSIDE_VALID_RANGE",
        `${f.label}: value outside of valid range on numeric field: ${d.toString()}`,
        [f.name],
      ),
    };
  }
  return { ok: true, value: new Dec(n).eq(rounded) ? n : rounded.toFixed() };
}

function checkText(f: FieldDef, text: string): Coerced {
  if (f.length > 0 && text.length > f.length && f.type !== "reference" && f.type !== "id") {
    return {
      ok: false,
      fatal: false,
      error: recordError(
        "STRING_TOO_LONG",
        `${f.label}: data value too large: ${text} (max length=${f.length})`,
        [f.name],
      ),
    };
  }
  if (f.type === "email" && text !== "" && !EMAIL.test(text)) {
    return {
      ok: false,
      fatal: false,
      error: recordError("INVALID_EMAIL_ADDRESS", `${f.label}: invalid email address: ${text}`, [f.name]),
    };
  }
  if (f.type === "picklist" && f.restrictedPicklist && text !== "") {
    const entry = f.picklistValues.find((p) => p.active && p.value.toLowerCase() === text.toLowerCase());
    if (!entry) {
      return {
        ok: false,
        fatal: false,
        error: recordError(
          "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
          `${f.label}: bad value for restricted picklist field: ${text}`,
          [f.name],
        ),
      };
    }
    return { ok: true, value: entry.value };
  }
  return { ok: true, value: text === "" ? null : text };
}

/** Salesforce's datetime rendering: `2026-01-31T12:00:00.000+0000`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

const NUMERIC_TYPES = new Set(["currency", "double", "percent", "int"]);

/**
 * Stored value → JSON wire value. A decimal kept as text (a double cannot hold it) goes out as a
 * JSON number with exactly its digits, as Salesforce sends it; `exact: false` gives the text
 * (the test handle).
 */
export function toWire(f: FieldDef | undefined, value: unknown, exact = true): unknown {
  if (value === undefined || value === null) return null;
  if (f?.type === "datetime" && typeof value === "number") return formatDateTime(value);
  if (exact && typeof value === "string" && NUMERIC_TYPES.has(f?.type ?? "")) return exactNumber(value);
  return value;
}

/** Stored value → Bulk CSV cell (null as empty). */
export function toCsvCell(f: FieldDef | undefined, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (f?.type === "datetime" && typeof value === "number") return new Date(value).toISOString();
  return String(value);
}
