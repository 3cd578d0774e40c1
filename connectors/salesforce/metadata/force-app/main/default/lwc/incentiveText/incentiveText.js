// Text helpers shared by partnerIncentives and dealIncentive: the service writes explanations,
// reasons and metrics as plain text (one line per item, or "; "-joined), and both components
// must show them the same way. No data access here, so no wire adapter and nothing to mock.

/** One item per non-blank line of a long text field (explanations, scorecard metrics). */
export function splitLines(text) {
  if (typeof text !== "string") return [];
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** One item per "; "- or line-separated part (ineligible reasons, what is missing for the next tier). */
export function splitList(text) {
  if (typeof text !== "string") return [];
  return text
    .split(/;|\r?\n/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** "metric: value" lines as { key, name, value }; a line without a colon keeps its text as the name. */
export function parseMetrics(text) {
  return splitLines(text).map((line, index) => {
    const colon = line.indexOf(":");
    const name = colon < 0 ? line : line.slice(0, colon).trim();
    const value = colon < 0 ? "" : line.slice(colon + 1).trim();
    return { key: `metric-${index}`, name, value };
  });
}

/** Lines keyed for a template's for:each. */
export function keyedLines(text, prefix) {
  return splitLines(text).map((text, index) => ({ key: `${prefix}-${index}`, text }));
}

/** Fills {0}, {1}… in a custom label (labels carry placeholders so translators can move them). */
export function format(label, ...args) {
  return String(label).replace(/\{(\d+)\}/g, (whole, n) => (args[n] === undefined ? whole : String(args[n])));
}

/**
 * How a deal's incentive status reads as a badge: the service writes "counted", "held back until
 * <period>", "clawback window open until <date>", "clawed back in <period>" or "forfeited: <reason>".
 * Money taken back reads as an error, as on the HubSpot card; only the open window is a warning.
 */
export function statusTone(status) {
  if (typeof status !== "string" || status === "") return "none";
  if (status.startsWith("counted")) return "success";
  if (status.startsWith("forfeited") || status.startsWith("clawed back")) return "error";
  if (status.startsWith("held") || status.startsWith("clawback")) return "warning";
  return "none";
}

/** SLDS badge classes for a tone (lightning-badge takes them through its class attribute). */
export function badgeClass(tone) {
  if (tone === "success") return "slds-theme_success";
  if (tone === "warning") return "slds-theme_warning";
  if (tone === "error") return "slds-theme_error";
  return "";
}

/** Periods such as 2026-Q4 or 2026-11 sort as text; newest first, each once. */
export function newestFirst(periods) {
  return [...new Set(periods.filter((p) => typeof p === "string" && p !== ""))].sort().reverse();
}

/**
 * The first and last day (YYYY-MM-DD, compared as text) of a period label as the service writes
 * them: 2026-11 (month), 2026-Q4 (quarter), 2026 (year); null for anything else.
 */
export function periodRange(label) {
  if (typeof label !== "string") return null;
  const pad = (n) => String(n).padStart(2, "0");
  const lastDay = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate();
  const span = (year, first, last) => ({
    start: `${year}-${pad(first)}-01`,
    end: `${year}-${pad(last)}-${pad(lastDay(year, last))}`,
  });
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (m) return span(Number(m[1]), Number(m[2]), Number(m[2]));
  m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (m) return span(Number(m[1]), Number(m[2]) * 3 - 2, Number(m[2]) * 3);
  m = /^(\d{4})$/.exec(label);
  if (m) return span(Number(m[1]), 1, 12);
  return null;
}

/**
 * Adds currency amounts exactly: the UI API hands Currency fields over as numbers, so they are
 * summed in whole cents (integers are exact in a double far beyond any incentive total).
 */
export function sumMoney(values) {
  let cents = 0;
  let any = false;
  for (const v of values) {
    if (typeof v !== "number" || Number.isNaN(v)) continue;
    cents += Math.round(v * 100);
    any = true;
  }
  return any ? cents / 100 : null;
}

/** A wire error (FetchResponse, or an array of them) as one readable line. */
export function errorText(error) {
  if (!error) return "";
  const list = Array.isArray(error) ? error : [error];
  return list
    .map((e) => {
      const body = e?.body;
      if (Array.isArray(body)) return body.map((b) => b.message).join(", ");
      return body?.message ?? e?.message ?? e?.statusText ?? "";
    })
    .filter((m) => m)
    .join(", ");
}
