// Currency properties are stored in the portal's company currency, so amounts the program
// computed in its own currency are converted once, here, and rounded once to the company
// currency's minor units (half-up).
import { Dec, roundToCurrency } from "../../money/index.ts";
import type { HubSpotConfig } from "./config.ts";
import type { CurrencyConverter } from "./values.ts";

export function createCurrencyConverter(currency: HubSpotConfig["currency"]): CurrencyConverter {
  const { programCurrency, companyCurrency, rates } = currency;
  const rate = programCurrency === companyCurrency ? new Dec(1) : new Dec(rates[programCurrency] ?? "NaN");
  return {
    toCompany: (amount) => roundToCurrency(amount.times(rate), companyCurrency),
  };
}
