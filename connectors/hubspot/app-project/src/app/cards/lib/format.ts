// Display formatting. Money arrives as exact decimal strings and is formatted as strings:
// Intl.NumberFormat formats a decimal string without turning it into a float first.

export function formatMoney(amount: string, currency: string, locale = "en-US"): string {
  // Intl accepts decimal strings (ECMA-402 "Intl.NumberFormat v3"); the cast only satisfies
  // TypeScript's older lib typing, which lists number | bigint.
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount as unknown as number);
}

/** "72.5" → 72.5 for the progress bar's width; percentages are display values, not money. */
export function percentValue(percent: string): number {
  return Math.min(100, Math.max(0, Number(percent)));
}

/** "new_business" → "New business". */
export function componentLabel(component: string): string {
  const words = component.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * How an incentive status reads as a tag: counted is settled; held back and an open clawback
 * window are pending; forfeited and clawed back lost the money.
 */
export function statusVariant(status: string): "success" | "warning" | "danger" | "info" | "default" {
  if (status === "counted") return "success";
  if (status.startsWith("held back")) return "warning";
  if (status.startsWith("clawback")) return "warning";
  if (status.startsWith("forfeited") || status.startsWith("clawed back")) return "danger";
  return "default";
}

/** "0", "0.00", "-0.00": a decimal string that is zero, read as text (no float). */
export function isZero(amount: string): boolean {
  return /^-?0*(\.0*)?$/.test(amount) && /\d/.test(amount);
}
