// Amounts arrive as decimal strings and are shown exactly as sent, only grouped for reading;
// sorting compares the strings digit by digit. No amount is turned into a float to be shown.

/** "1234567.5" → "1,234,567.5"; the digits are untouched. */
export function formatAmount(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "—";
  const negative = amount.startsWith("-");
  const [int = "", frac] = (negative ? amount.slice(1) : amount).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${frac !== undefined ? `.${frac}` : ""}`;
}

export function formatMoney(amount: string | null | undefined, currency?: string): string {
  const text = formatAmount(amount);
  return currency && text !== "—" ? `${text} ${currency}` : text;
}

/** Exact comparison of two decimal strings. */
export function compareDecimal(a: string, b: string): number {
  const na = a.startsWith("-");
  const nb = b.startsWith("-");
  const za = /^-?0*(\.0*)?$/.test(a);
  const zb = /^-?0*(\.0*)?$/.test(b);
  if (za && zb) return 0;
  if (na !== nb) return za ? (nb ? 1 : -1) : zb ? (na ? -1 : 1) : na ? -1 : 1;
  const abs = (s: string) => {
    const [i = "", f = ""] = s.replace(/^-/, "").split(".");
    return [i.replace(/^0+/, ""), f.replace(/0+$/, "")] as const;
  };
  const [ia, fa] = abs(a);
  const [ib, fb] = abs(b);
  let c = ia.length - ib.length || (ia < ib ? -1 : ia > ib ? 1 : 0);
  if (c === 0) {
    const width = Math.max(fa.length, fb.length);
    const x = fa.padEnd(width, "0");
    const y = fb.padEnd(width, "0");
    c = x < y ? -1 : x > y ? 1 : 0;
  }
  return na ? -c : c;
}

/**
 * A position on a chart axis. Charts need numbers to place a bar; the figure a person reads
 * (labels, tooltips, tables) is always the decimal string itself.
 */
export function plotValue(amount: string): number {
  return Number.parseFloat(amount);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return iso
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC")
    .replace(/Z$/, " UTC");
}

export function durationMs(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
