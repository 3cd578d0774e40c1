// ISO 4217 minor units: how many digits after the point a currency's amounts carry. The one
// table for the engine's statements, the ledger, the sync's totals and the HubSpot conversion.
// Source: https://www.six-group.com/en/products-services/financial-information/data-standards.html

/** Currencies whose minor unit is not 2 digits; every other code has 2. */
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
