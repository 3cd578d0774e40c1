// CSV for finance through csv-stringify / csv-parse (already the project's CSV libraries). A text
// field starting with = + - @ (or a tab/CR) is prefixed with ' so a spreadsheet never runs it as
// a formula (CSV injection); plain decimal amounts like -12.50 stay numbers.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

const NUMBER = /^-?\d+(\.\d+)?$/;

function safe(value: string | number | null): string {
  const s = value === null ? "" : String(value);
  return /^[=+\-@\t\r]/.test(s) && !NUMBER.test(s) ? `'${s}` : s;
}

export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
): string {
  return stringify([header.map(safe), ...rows.map((r) => r.map(safe))], { record_delimiter: "unix" });
}

/** Rows as objects keyed by the header's (trimmed, lower-cased) column names. */
export function fromCsv(text: string): Array<Record<string, string>> {
  return parse(text, {
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  }) as Array<Record<string, string>>;
}
