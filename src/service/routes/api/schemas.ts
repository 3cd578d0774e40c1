// Schemas shared by admin routes. Query strings arrive as strings; numbers are parsed explicitly.
import { z } from "zod";
import { isPeriod } from "../../../period/index.ts";

export const limitParam = z
  .string()
  .regex(/^\d+$/, "must be a whole number")
  .transform(Number)
  .pipe(z.int().min(1).max(500))
  .default(50);

export const cursorParam = z.string().min(1).max(512).optional();

export const crmParam = z.enum(["salesforce", "hubspot"]);

/** 2026, 2026-Q2 or 2026-05: the period notations programs use (src/period). */
export const periodParam = z.string().refine(isPeriod, "must be a period such as 2026, 2026-Q2 or 2026-05");

export const idParam = z.string().min(1).max(128);

/** Only the keys that are set, so optional port fields stay absent (exactOptionalPropertyTypes). */
export function defined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
