// SOQL literal values: quoted strings with backslash escapes, and date literals as UTC ranges.
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm

const ESCAPES: Record<string, string> = {
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  '"': '"',
  "'": "'",
  "\\": "\\",
};

export function unquote(text: string): string {
  const inner = text.startsWith("'") && text.endsWith("'") ? text.slice(1, -1) : text;
  return inner.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? `\\${c}`);
}

const DAY = 86_400_000;

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

function monthStart(year: number, month: number): number {
  return Date.UTC(year, month, 1);
}

/** [start, end) in epoch ms for a date literal, evaluated in UTC; null when unknown. */
export function dateLiteralRange(literal: string, now: number): [number, number] | null {
  const [name, nText] = literal.toUpperCase().split(":");
  const n = nText === undefined ? 0 : Number(nText);
  const today = startOfDay(now);
  const d = new Date(today);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const q = Math.floor(m / 3) * 3;
  const weekStart = today - d.getUTCDay() * DAY;
  switch (name) {
    case "TODAY":
      return [today, today + DAY];
    case "YESTERDAY":
      return [today - DAY, today];
    case "TOMORROW":
      return [today + DAY, today + 2 * DAY];
    case "THIS_WEEK":
      return [weekStart, weekStart + 7 * DAY];
    case "LAST_WEEK":
      return [weekStart - 7 * DAY, weekStart];
    case "NEXT_WEEK":
      return [weekStart + 7 * DAY, weekStart + 14 * DAY];
    case "THIS_MONTH":
      return [monthStart(y, m), monthStart(y, m + 1)];
    case "LAST_MONTH":
      return [monthStart(y, m - 1), monthStart(y, m)];
    case "NEXT_MONTH":
      return [monthStart(y, m + 1), monthStart(y, m + 2)];
    case "THIS_QUARTER":
      return [monthStart(y, q), monthStart(y, q + 3)];
    case "LAST_QUARTER":
      return [monthStart(y, q - 3), monthStart(y, q)];
    case "NEXT_QUARTER":
      return [monthStart(y, q + 3), monthStart(y, q + 6)];
    case "THIS_YEAR":
      return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
    case "LAST_YEAR":
      return [Date.UTC(y - 1, 0, 1), Date.UTC(y, 0, 1)];
    case "NEXT_YEAR":
      return [Date.UTC(y + 1, 0, 1), Date.UTC(y + 2, 0, 1)];
    case "LAST_90_DAYS":
      return [today - 90 * DAY, today + DAY];
    case "NEXT_90_DAYS":
      return [today + DAY, today + 91 * DAY];
    case "LAST_N_DAYS":
      return [today - n * DAY, today + DAY];
    case "NEXT_N_DAYS":
      return [today + DAY, today + (n + 1) * DAY];
    case "N_DAYS_AGO":
      return [today - n * DAY, today - (n - 1) * DAY];
    case "LAST_N_WEEKS":
      return [weekStart - n * 7 * DAY, weekStart];
    case "NEXT_N_WEEKS":
      return [weekStart + 7 * DAY, weekStart + (n + 1) * 7 * DAY];
    case "LAST_N_MONTHS":
      return [monthStart(y, m - n), monthStart(y, m)];
    case "NEXT_N_MONTHS":
      return [monthStart(y, m + 1), monthStart(y, m + 1 + n)];
    case "LAST_N_QUARTERS":
      return [monthStart(y, q - 3 * n), monthStart(y, q)];
    case "NEXT_N_QUARTERS":
      return [monthStart(y, q + 3), monthStart(y, q + 3 + 3 * n)];
    case "LAST_N_YEARS":
      return [Date.UTC(y - n, 0, 1), Date.UTC(y, 0, 1)];
    case "NEXT_N_YEARS":
      return [Date.UTC(y + 1, 0, 1), Date.UTC(y + 1 + n, 0, 1)];
    default:
      return null;
  }
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
