// Values a deal can carry that the computation cannot use. Before issue #20 such a deal was
// dropped from the computation without a word: a deal in a currency with no fx rate for its
// period (its earlier earnings reversed by the next posting), a close date in 2999 or 1900 (the
// deal vanished from every period). Now the CRM record is quarantined with the reason and the
// store keeps the deal's last good values, so nothing it earned before is reversed.
import type { Data, Program } from "../engine/index.ts";
import { isIsoDate, periodOf } from "../period/index.ts";

/** The first close date taken as real: earlier dates are typos or placeholder values (1900-01-01). */
export const EARLIEST_CLOSE_DATE = "2000-01-01";
/** How far past the run's day a close date may lie (open deals forecast years ahead, not centuries). */
export const LATEST_CLOSE_YEARS_AHEAD = 10;

export interface DealRules {
  currency: string;
  period: Program["period"];
  /** The program's first day: deals closed before it need no rate (they are never computed). */
  starts: string;
  fx: Data["fx"] | undefined;
  earliest: string;
  latest: string;
}

export function dealRulesFor(program: Program, fx: Data["fx"] | undefined, now: Date): DealRules {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + LATEST_CLOSE_YEARS_AHEAD);
  return {
    currency: program.currency,
    period: program.period,
    starts: String(program.starts),
    fx,
    earliest: EARLIEST_CLOSE_DATE,
    latest: latest.toISOString().slice(0, 10),
  };
}

export interface DealProblem {
  field: "close_date" | "currency";
  /** `inbound.` like every mapping error: a later clean read resolves it, `quarantine retry` re-reads it. */
  code: "inbound.implausible_close_date" | "inbound.no_fx_rate";
  class: "permanent" | "config";
  reason: string;
}

/** What makes the deal's canonical values unusable, or null. */
export function dealProblem(
  values: { readonly close_date?: unknown; readonly currency?: unknown },
  rules: DealRules,
): DealProblem | null {
  const close = typeof values.close_date === "string" && values.close_date !== "" ? values.close_date : null;
  // A missing or malformed date is the mapping's business (required field, date transform).
  if (!close || !isIsoDate(close)) return null;
  if (close < rules.earliest || close > rules.latest) {
    return {
      field: "close_date",
      code: "inbound.implausible_close_date",
      class: "permanent",
      reason: `close date ${close} is outside the plausible window ${rules.earliest} … ${rules.latest}`,
    };
  }
  const currency =
    typeof values.currency === "string" && values.currency !== "" ? values.currency : rules.currency;
  if (currency === rules.currency || close < rules.starts) return null;
  const period = periodOf(rules.period, close);
  if (rules.fx?.[period]?.[currency]) return null;
  return {
    field: "currency",
    code: "inbound.no_fx_rate",
    class: "config",
    reason: `no fx rate ${currency}→${rules.currency} for ${period} (add it to the fx file, then reconcile)`,
  };
}
