// Currency properties are stored in the portal's company currency, so amounts the program
// computed in its own currency are converted once, here, and rounded once to the company
// currency's minor units (half-up).
import { Decimal } from "decimal.js";
import type { HubSpotConfig } from "./config.ts";
import type { CurrencyConverter } from "./values.ts";

/** ISO 4217 minor units that differ from 2. */
const MINOR_UNITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export const minorUnits = (currency: string): number => MINOR_UNITS[currency] ?? 2;

export function createCurrencyConverter(currency: HubSpotConfig["currency"]): CurrencyConverter {
  const { programCurrency, companyCurrency, rates } = currency;
  const rate =
    programCurrency === companyCurrency ? new Decimal(1) : new Decimal(rates[programCurrency] ?? "NaN");
  const places = minorUnits(companyCurrency);
  return {
    toCompany: (amount) => amount.times(rate).toDecimalPlaces(places, Decimal.ROUND_HALF_UP),
  };
}
