// Calendar period labels as the program format names them: `2026-01`, `2026-Q1`, `2026`.
import { z } from "zod";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;

export const periodSchema = z.string().refine((p) => MONTH.test(p) || QUARTER.test(p) || YEAR.test(p), {
  message: "expected a period like 2026-01, 2026-Q1 or 2026",
});

export function isPeriod(value: string): boolean {
  return periodSchema.safeParse(value).success;
}

/** The period right after `period`, of the same granularity. */
export function nextPeriod(period: string): string {
  const m = MONTH.exec(period);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
  }
  const q = QUARTER.exec(period);
  if (q) {
    const year = Number(q[1]);
    const quarter = Number(q[2]);
    return quarter === 4 ? `${year + 1}-Q1` : `${year}-Q${quarter + 1}`;
  }
  const y = YEAR.exec(period);
  if (y) return String(Number(y[1]) + 1);
  throw new Error(`not a period: '${period}'`);
}

/** The first day of a period, `YYYY-MM-DD`; lets periods of any granularity be ordered. */
export function periodStart(period: string): string {
  const m = MONTH.exec(period);
  if (m) return `${m[1]}-${m[2]}-01`;
  const q = QUARTER.exec(period);
  if (q) return `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, "0")}-01`;
  const y = YEAR.exec(period);
  if (y) return `${y[1]}-01-01`;
  throw new Error(`not a period: '${period}'`);
}

export function comparePeriods(a: string, b: string): number {
  const sa = periodStart(a);
  const sb = periodStart(b);
  return sa < sb ? -1 : sa > sb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
