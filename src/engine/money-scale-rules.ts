// Amounts in a program may not carry more decimals than the program's currency has (ISO 4217
// minor units: USD 2, JPY 0, KWD 3). `"500.123456789"` as a SPIF amount or a band boundary at
// `60000.001` used to be accepted and rounded silently somewhere downstream, so the program
// paid or tiered on a figure its author never wrote. Reported with the value's path instead.
import { isDecimalString, tooManyDecimals } from "../../money/index.ts";
import type { Problem } from "./result.ts";
import { formatPath } from "./result.ts";

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keys whose value is an amount of the program currency wherever they appear. */
const MONEY_KEYS = new Set(["amount", "budget", "max_per_partner", "min_amount", "per_partner_per_period"]);

/** Whether the value at `path` is an amount (the schema's moneyString fields). */
function isMoneyPath(path: readonly PropertyKey[]): boolean {
  const key = path.at(-1);
  if (typeof key === "string" && MONEY_KEYS.has(key)) return true;
  // components[i].bands[j].from, tiers(.[k]).levels[j].min, review.threshold_clustering.boundaries[j]
  if (key === "from" && path.at(-3) === "bands") return true;
  if (key === "min" && path.at(-3) === "levels") return true;
  return typeof key === "number" && path.at(-2) === "boundaries";
}

export function moneyScaleProblems(raw: unknown): Problem[] {
  if (!isObj(raw) || typeof raw.currency !== "string" || !/^[A-Z]{3}$/.test(raw.currency)) return [];
  const currency = raw.currency;
  const out: Problem[] = [];
  const walk = (value: unknown, path: PropertyKey[]): void => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, [...path, i]);
      return;
    }
    if (isObj(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      return;
    }
    if (typeof value !== "string" || !isMoneyPath(path) || !isDecimalString(value)) return;
    const excess = tooManyDecimals(value, currency);
    if (excess) {
      out.push({
        path: formatPath(path),
        message: `'${value}' has ${excess.places} decimal places; ${currency} amounts have at most ${excess.digits}`,
        code: "too_many_decimals",
      });
    }
  };
  walk(raw, []);
  return out;
}
