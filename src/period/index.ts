// The one period module. Calendar periods as integers so that walking, windows and comparisons
// are arithmetic: month = year*12 + m-1, quarter = year*4 + q-1, year = year. Labels follow the
// program format: `2026-01`, `2026-Q1`, `2026` (no other notation exists anywhere in the product).
import { z } from "zod";

export type Granularity = "month" | "quarter" | "year";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= (days[mo - 1] ?? 0);
}

/** Days since 1970-01-01 of a valid ISO date (pure arithmetic, no clock). */
export function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000
  );
}

/** The period index containing an ISO date. */
export function periodOfDate(date: string, g: Granularity): number {
  const y =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48);
  if (g === "year") return y;
  const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48) - 1;
  return g === "month" ? y * 12 + m : y * 4 + ((m / 3) | 0);
}

export function periodLabel(index: number, g: Granularity): string {
  if (g === "year") return String(index);
  if (g === "month") return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;

/** Parses a period label; null when it is not one. */
export function parsePeriodLabel(label: string): { granularity: Granularity; index: number } | null {
  const m = MONTH.exec(label);
  if (m) return { granularity: "month", index: Number(m[1]) * 12 + Number(m[2]) - 1 };
  const q = QUARTER.exec(label);
  if (q) return { granularity: "quarter", index: Number(q[1]) * 4 + Number(q[2]) - 1 };
  const y = YEAR.exec(label);
  if (y) return { granularity: "year", index: Number(y[1]) };
  return null;
}

/** The first day of period index `k`, `YYYY-MM-DD`. */
export function periodStartDate(k: number, g: Granularity): string {
  if (g === "year") return `${k}-01-01`;
  const y = Math.floor(k / (g === "month" ? 12 : 4));
  const m = g === "month" ? (k % 12) + 1 : (k % 4) * 3 + 1;
  return `${y}-${String(m).padStart(2, "0")}-01`;
}

/** The label of the period of granularity `g` containing an ISO date. */
export function periodOf(g: Granularity, date: string): string {
  return periodLabel(periodOfDate(date, g), g);
}

export const periodSchema = z.string().refine((p) => parsePeriodLabel(p) !== null, {
  message: "expected a period like 2026-01, 2026-Q1 or 2026",
});

export function isPeriod(value: string): boolean {
  return parsePeriodLabel(value) !== null;
}

function parseOrThrow(period: string): { granularity: Granularity; index: number } {
  const parsed = parsePeriodLabel(period);
  if (!parsed) throw new Error(`not a period: '${period}'`);
  return parsed;
}

/** The period right after `period`, of the same granularity. */
export function nextPeriod(period: string): string {
  const { granularity, index } = parseOrThrow(period);
  return periodLabel(index + 1, granularity);
}

/** The first day of a period label, `YYYY-MM-DD`; lets periods of any granularity be ordered. */
export function periodStart(period: string): string {
  const { granularity, index } = parseOrThrow(period);
  return periodStartDate(index, granularity);
}

/** The last day of a period label, `YYYY-MM-DD`: the day before the next period starts. */
export function periodEnd(period: string): string {
  const next = new Date(`${periodStart(nextPeriod(period))}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() - 1);
  return next.toISOString().slice(0, 10);
}

/** Orders labels of any granularity by their first day, then by label (2026 before 2026-01). */
export function comparePeriods(a: string, b: string): number {
  const sa = periodStart(a);
  const sb = periodStart(b);
  return sa < sb ? -1 : sa > sb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
