// Report filters as Salesforce applies them: the value is compared as the field's type (numbers
// as decimals, dates as dates, text case-insensitively), "equals a,b" matches either value, an
// empty value means blank, and a date filter may name a relative range (THIS_QUARTER …).
// https://help.salesforce.com/s/articleView?id=sf.reports_filter_operators.htm&type=5
// https://help.salesforce.com/s/articleView?id=sf.filter_dates_relative.htm&type=5
import { Dec } from "../../../money/index.ts";
import type { FieldDef } from "../schema/types.ts";

export type FilterOperator =
  | "equals"
  | "notEqual"
  | "lessThan"
  | "greaterThan"
  | "lessOrEqual"
  | "greaterOrEqual";

const NUMERIC = new Set(["currency", "double", "percent", "int"]);

/** Days since the epoch of a `YYYY-MM-DD` date (UTC), for ordering. */
function dayOf(text: string): number {
  return Math.floor(Date.parse(`${text}T00:00:00Z`) / 86_400_000);
}

/** Calendar quarter (the sandbox org's fiscal year starts in January) holding `day`, as [first, last]. */
function quarterOf(day: number, shift: number): [number, number] {
  const d = new Date(day * 86_400_000);
  const q = Math.floor(d.getUTCMonth() / 3) + shift;
  const start = Date.UTC(d.getUTCFullYear(), q * 3, 1);
  const end = Date.UTC(d.getUTCFullYear(), q * 3 + 3, 1) - 86_400_000;
  return [start / 86_400_000, end / 86_400_000];
}

function yearOf(day: number, shift: number): [number, number] {
  const y = new Date(day * 86_400_000).getUTCFullYear() + shift;
  return [Date.UTC(y, 0, 1) / 86_400_000, Date.UTC(y + 1, 0, 1) / 86_400_000 - 1];
}

function monthOf(day: number, shift: number): [number, number] {
  const d = new Date(day * 86_400_000);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + shift, 1);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + shift + 1, 1) - 86_400_000;
  return [start / 86_400_000, end / 86_400_000];
}

/** The relative date values the sandbox understands, as day ranges around today. */
const RELATIVE: Record<string, (today: number) => [number, number]> = {
  TODAY: (t) => [t, t],
  YESTERDAY: (t) => [t - 1, t - 1],
  THIS_MONTH: (t) => monthOf(t, 0),
  LAST_MONTH: (t) => monthOf(t, -1),
  THIS_QUARTER: (t) => quarterOf(t, 0),
  LAST_QUARTER: (t) => quarterOf(t, -1),
  NEXT_QUARTER: (t) => quarterOf(t, 1),
  THIS_YEAR: (t) => yearOf(t, 0),
  LAST_YEAR: (t) => yearOf(t, -1),
};

/** A filter value as a day range: an ISO date is a one-day range. Null when not a date. */
function dayRange(value: string, today: number): [number, number] | null {
  const rel = RELATIVE[value.trim().toUpperCase().replace(/ /g, "_")];
  if (rel) return rel(today);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
    const d = dayOf(value.trim());
    return Number.isNaN(d) ? null : [d, d];
  }
  return null;
}

/** Why a filter cannot run (bad value for the field's type), or null. */
export function filterProblem(
  field: FieldDef,
  operator: FilterOperator,
  value: string,
  today: number,
): string | null {
  if (value.trim() === "")
    return operator === "equals" || operator === "notEqual" ? null : "blank value needs equals or notEqual";
  for (const v of value.split(",")) {
    if (NUMERIC.has(field.type) && !/^-?\d+(\.\d+)?$/.test(v.trim())) return `"${v}" is not a number`;
    if ((field.type === "date" || field.type === "datetime") && !dayRange(v, today))
      return `"${v}" is not a date or a relative date the sandbox knows (${Object.keys(RELATIVE).join(", ")})`;
    if (field.type === "boolean" && !/^(true|false|1|0)$/i.test(v.trim()))
      return `"${v}" is not true or false`;
  }
  return null;
}

/** -1, 0, 1: the stored value against one filter value, or a range (dates) it is inside of. */
function compare(field: FieldDef, stored: unknown, value: string, today: number): number {
  if (NUMERIC.has(field.type)) return new Dec(String(stored)).cmp(new Dec(value.trim()));
  if (field.type === "date" || field.type === "datetime") {
    const day =
      field.type === "datetime" ? Math.floor((stored as number) / 86_400_000) : dayOf(String(stored));
    const [from, to] = dayRange(value, today)!;
    return day < from ? -1 : day > to ? 1 : 0;
  }
  if (field.type === "boolean") {
    const want = /^(true|1)$/i.test(value.trim());
    return stored === want ? 0 : stored ? 1 : -1;
  }
  const a = String(stored).toLowerCase();
  const b = value.trim().toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

const blank = (v: unknown) => v === null || v === undefined || v === "";

/** Whether a record's stored value passes the filter. */
export function passes(
  field: FieldDef,
  operator: FilterOperator,
  value: string,
  stored: unknown,
  today: number,
): boolean {
  if (value.trim() === "") {
    // A checkbox is never blank: "equals (blank)" on it matches nothing.
    return operator === "equals" ? blank(stored) : !blank(stored);
  }
  const values = value.split(",");
  if (blank(stored)) return operator === "notEqual";
  const results = values.map((v) => compare(field, stored, v, today));
  switch (operator) {
    case "equals":
      return results.some((r) => r === 0);
    case "notEqual":
      return results.every((r) => r !== 0);
    case "lessThan":
      return results.some((r) => r < 0);
    case "greaterThan":
      return results.some((r) => r > 0);
    case "lessOrEqual":
      return results.some((r) => r <= 0);
    case "greaterOrEqual":
      return results.some((r) => r >= 0);
  }
}
