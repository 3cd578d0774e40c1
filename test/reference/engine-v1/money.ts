// Exact decimal arithmetic for the engine. A private decimal.js constructor so the engine's
// precision and rounding never depend on (or change) anyone else's global Decimal settings.
import { Decimal as GlobalDecimal } from "decimal.js";

export const Dec = GlobalDecimal.clone({
  precision: 40,
  rounding: GlobalDecimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
export const HUNDRED = new Dec(100);

// Minor-unit digits per ISO 4217 currency; anything not listed has 2.
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  BHD: 3,
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

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
export function isDecimalString(s: string): boolean {
  return DECIMAL.test(s);
}
