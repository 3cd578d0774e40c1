// Leaf schemas shared by the program and data schemas. Decimal values are strings (never
// floats); each leaf checks its own range so a bad value is reported with its exact path.
import { z } from "zod";
import { Dec, isDecimalString } from "../../money/index.ts";
import { isIsoDate } from "../period/index.ts";

function decimalString(what: string, check?: (d: Dec) => string | null) {
  return z
    .string({ error: `expected ${what} as a quoted decimal string, e.g. "0.05"` })
    .superRefine((s, ctx) => {
      if (!isDecimalString(s)) {
        ctx.addIssue({ code: "custom", message: `'${s}' is not a decimal string (${what})` });
        return;
      }
      const problem = check?.(new Dec(s));
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** A non-negative amount. */
export const moneyString = decimalString("an amount", (d) => (d.isNegative() ? "must be ≥ 0" : null));
/** Any decimal string; its range is a rule checked with the record it belongs to (a deal's margin). */
export const signedDecimal = decimalString("an amount");
/** A strictly positive amount. */
export const positiveMoney = decimalString("an amount", (d) => (d.greaterThan(0) ? null : "must be > 0"));
/** A rate in 0..1 inclusive. */
export const rateString = decimalString("a rate", (d) =>
  d.isNegative() || d.greaterThan(1) ? "rate must be between 0 and 1" : null,
);
/** A score threshold in 0..100. */
export const scoreString = decimalString("a score", (d) =>
  d.isNegative() || d.greaterThan(100) ? "score must be between 0 and 100" : null,
);
/** A non-negative factor (a multiplier may go below 1). */
export const factorString = decimalString("a factor", (d) => (d.isNegative() ? "factor must be ≥ 0" : null));
/** A strictly positive decimal (targets, fx rates). */
export const positiveDecimal = decimalString("a positive decimal", (d) =>
  d.greaterThan(0) ? null : "must be > 0",
);

/** An ISO date; YAML may hand us a Date when the author used a timestamp scalar. */
export const isoDate = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z
    .string({ error: "expected a date YYYY-MM-DD" })
    .refine(isIsoDate, { message: "not a valid date YYYY-MM-DD" }),
);

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 currency code like USD");
export const id = z.string().min(1, "must not be empty");
export const dealKind = z.enum(["new", "expansion", "renewal"]);
export const dealStage = z.enum(["won", "lost", "open"]);
export const attribution = z.enum(["sourced", "influenced"]);
