// How the Reports REST API writes one value: `{ label, value }`, the label as a user sees it
// (grouped digits, currency symbol, "-" for blank), the value typed (a currency detail cell is
// `{ amount, currency }`, a lookup's value is the record id and its label the record's name).
// https://developer.salesforce.com/docs/atlas.en-us.api_analytics.meta/api_analytics/sforce_analytics_rest_api_factmap_example.htm
import { Dec, money } from "../../../money/index.ts";
import type { FieldDef } from "../schema/types.ts";

/** Reports API data types (`dataType` in the extended metadata) by field type. */
export function reportDataType(field: FieldDef): string {
  switch (field.type) {
    case "currency":
      return "currency";
    case "double":
    case "int":
      return field.type === "int" ? "int" : "double";
    case "percent":
      return "percent";
    case "date":
      return "date";
    case "datetime":
      return "datetime";
    case "boolean":
      return "boolean";
    case "picklist":
      return "picklist";
    case "reference":
    case "id":
      return "id";
    case "textarea":
      return "textarea";
    default:
      return "string";
  }
}

/** Thousands separators on the integer part of a plain decimal string. */
function grouped(text: string): string {
  const negative = text.startsWith("-");
  const [int, frac] = (negative ? text.slice(1) : text).split(".");
  const withCommas = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${withCommas}${frac === undefined ? "" : `.${frac}`}`;
}

/** A currency amount as the org (corporate currency USD) shows it: `$1,234.56`, `-$5.00`. */
export function currencyLabel(amount: Dec, scale: number): string {
  const text = grouped(money(amount.abs(), scale));
  return amount.isNegative() && !amount.isZero() ? `-$${text}` : `$${text}`;
}

/**
 * The JSON number for an exact decimal, as the API sends numbers. Up to 15 significant digits
 * (every amount below a trillion, to the cent) the double's shortest printed form, which
 * JSON.stringify writes, is the decimal's own digits; the label carries them exactly anyway.
 */
export function jsonNumber(value: Dec): number {
  return Number(value.toString());
}

/** An aggregate or number label for a field: currency with symbol, percent with %, else grouped. */
export function numberLabel(field: FieldDef | null, value: Dec): string {
  if (field?.type === "currency") return currencyLabel(value, field.scale);
  const scale = field ? field.scale : 0;
  const text = grouped(money(value, scale));
  return field?.type === "percent" ? `${text}%` : text;
}

function dateLabel(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${Number(m)}/${Number(d)}/${y}`;
}

/** One detail cell. `name` resolves a lookup's id to the referenced record's name. */
export function dataCell(
  field: FieldDef,
  stored: unknown,
  name: (id: string) => string | null,
): { label: string; value: unknown } {
  if (stored === null || stored === undefined || stored === "") {
    return field.type === "currency"
      ? { label: "-", value: { amount: null, currency: null } }
      : { label: "-", value: null };
  }
  switch (field.type) {
    case "currency": {
      const amount = new Dec(String(stored));
      return {
        label: currencyLabel(amount, field.scale),
        value: { amount: jsonNumber(amount), currency: null },
      };
    }
    case "double":
    case "int":
    case "percent": {
      const n = new Dec(String(stored));
      return { label: numberLabel(field, n), value: jsonNumber(n) };
    }
    case "boolean":
      return { label: stored ? "true" : "false", value: stored === true };
    case "date":
      return { label: dateLabel(String(stored)), value: String(stored) };
    case "datetime": {
      const iso = new Date(stored as number).toISOString();
      return {
        label: `${dateLabel(iso.slice(0, 10))}, ${iso.slice(11, 16)}`,
        value: iso.replace(/\.\d{3}Z$/, "Z"),
      };
    }
    case "reference":
    case "id": {
      const id = String(stored);
      return { label: name(id) ?? id, value: id };
    }
    default:
      return { label: String(stored), value: String(stored) };
  }
}
