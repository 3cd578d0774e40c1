// The one money module: the Decimal configuration every amount is computed with, rounding to a
// currency's minor unit, parsing and formatting. Everything that counts money (engine, store,
// sync, connectors, sandbox, benches) constructs its decimals with `Dec` from here — never a bare
// decimal.js Decimal, whose default of 20 significant digits would silently round large sums.
import { Decimal as GlobalDecimal } from "decimal.js";

import { minorDigits } from "./currencies.ts";

export { minorDigits };

/**
 * A private decimal.js constructor, so precision and rounding never depend on (or change) the
 * global Decimal settings of a library. 64 significant digits keep every sum and product of
 * amounts exact (the ledger's totals included); half away from zero is the rounding statements
 * promise; exponent notation only beyond 64 digits, so toString() always prints plain digits.
 */
export const Dec = GlobalDecimal.clone({
  precision: 64,
  rounding: GlobalDecimal.ROUND_HALF_UP,
  toExpNeg: -64,
  toExpPos: 64,
});
export type Dec = InstanceType<typeof Dec>;
/** Whatever `new Dec(…)` and its arithmetic accept: a Dec, a decimal string, a number. */
export type DecValue = GlobalDecimal.Value;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
export const HUNDRED = new Dec(100);

/** Rounds once to the currency's minor unit, half away from zero. */
export function roundMoney(value: Dec, digits: number): Dec {
  // decimalPlaces() allocates nothing; most products already fit and need no new Decimal.
  return value.decimalPlaces() <= digits ? value : value.toDecimalPlaces(digits, Dec.ROUND_HALF_UP);
}

const ZEROS = "000000000000";

const ZERO_TEXT = Array.from({ length: ZEROS.length + 1 }, (_, n) =>
  n === 0 ? "0" : `0.${ZEROS.slice(0, n)}`,
);
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000];
/** FRACTION[digits][n]: n written with exactly `digits` digits, for digits 1..3. */
const FRACTION = [1, 2, 3].map((k) =>
  Array.from({ length: POW10[k]! }, (_, n) => String(n).padStart(k, "0")),
);

/** A money string with exactly `digits` decimals (rounding half away from zero if needed). */
export function money(value: Dec, digits: number): string {
  if (value.isZero()) return ZERO_TEXT[digits] ?? `0.${ZEROS.slice(0, digits)}`;
  const dp = value.decimalPlaces();
  // Fast path for |value| < 10^7 with at most `digits` (1..3) decimals: decimal.js keeps the
  // digits in base-10^7 words aligned on the decimal point (x.d, exponent x.e), so the integer
  // part is d[0] and the first fractional word follows, a whole multiple of 10^(7 − digits)
  // here; the fraction is then an exact integer division and a table lookup.
  if (dp <= digits && digits > 0 && digits <= 3) {
    const d = value.d;
    const e = value.e;
    const table = FRACTION[digits - 1]!;
    const unit = POW10[7 - digits]!;
    if (e >= 0 && e < 7 && d.length <= 2) {
      const frac = d.length === 2 ? table[d[1]! / unit]! : table[0]!;
      return value.s < 0 ? `-${d[0]}.${frac}` : `${d[0]}.${frac}`;
    }
    if (e < 0 && e >= -7 && d.length === 1) {
      const frac = table[d[0]! / unit]!;
      return value.s < 0 ? `-0.${frac}` : `0.${frac}`;
    }
  }
  if (dp > digits) {
    const r = value.toFixed(digits, Dec.ROUND_HALF_UP);
    return r.charCodeAt(0) === 45 && /^-0(\.0*)?$/.test(r) ? r.slice(1) : r;
  }
  // Already at most `digits` decimals: toString() (no rounding pass) plus zero padding is
  // much cheaper than toFixed(); toExpNeg/toExpPos keep toString() out of exponent notation.
  const s = value.toString();
  if (dp === digits) return s;
  return dp === 0 ? `${s}.${ZEROS.slice(0, digits)}` : s + ZEROS.slice(0, digits - dp);
}

/** A shown score or ratio: 2 decimals, half away from zero. */
export function two(value: Dec): string {
  // Round once, then the word-based formatting of money(): cheaper than toFixed's digit string.
  if (value.isNegative()) return value.toFixed(2, Dec.ROUND_HALF_UP);
  return money(value.decimalPlaces() <= 2 ? value : value.toDecimalPlaces(2, Dec.ROUND_HALF_UP), 2);
}

/** A rate as a percentage without trailing zeros: 0.05 → "5%", 0.0725 → "7.25%". */
export function percent(rate: Dec): string {
  return `${rate.times(100).toFixed()}%`;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
/** A plain decimal string as statements and programs write amounts: `-12.50`, `3`. */
export function isDecimalString(s: string): boolean {
  return DECIMAL.test(s);
}

// What a CRM may send for a number: a sign, a leading or trailing point, a short exponent.
const CRM_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,2})?$/;
/** A number as a CRM writes it (`+1.5`, `.5`, `1e3`, surrounding blanks), or null when it is none. */
export function parseCrmDecimal(text: string): Dec | null {
  const t = text.trim();
  return CRM_DECIMAL.test(t) ? new Dec(t) : null;
}

/**
 * An amount with more decimals than `currency`'s minor unit (USD 2, JPY 0, KWD 3): the places it
 * has and the currency's digits, or null when it fits. Counted on the number, not the text:
 * trailing zeros round nothing, so JPY `100.0` fits and `100.5` does not. The one rule for every
 * amount someone writes (program amounts, ledger corrections).
 */
export function tooManyDecimals(
  value: DecValue,
  currency: string,
): { places: number; digits: number } | null {
  const digits = minorDigits(currency);
  const places = new Dec(value).decimalPlaces();
  return places > digits ? { places, digits } : null;
}

/** Rounds once to `currency`'s minor unit, half away from zero. */
export function roundToCurrency(value: Dec, currency: string): Dec {
  return roundMoney(value, minorDigits(currency));
}
