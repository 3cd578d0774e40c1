// `incentives analytics` as a readable table: one block per measure, with simple bar charts
// where comparing rows helps (tiers, segments, the funnel, cost by component and tier, budgets).
// Bars are proportional to the largest row of their block; figures are the report's own strings.
import { Dec } from "../../money/index.ts";
import type { PartnerAnalytics, ProgramAnalytics } from "../analytics/index.ts";
import type { Trend } from "../analytics/trends.ts";

const WIDTH = 30;

/**
 * A bar of `value` against `max` (decimal strings), at least one block for any non-zero value.
 * A negative value (a cap or clawback line in cost by component) draws a '-' bar marked
 * "(negative)": drawn with blocks it would read as cost like the rows around it.
 */
export function bar(value: string, max: string, width = WIDTH): string {
  const d = new Dec(value);
  const v = d.abs();
  const m = new Dec(max).abs();
  if (m.isZero() || v.isZero()) return "";
  const n = Math.min(width, Math.max(1, Math.round(v.dividedBy(m).times(width).toNumber())));
  return d.isNegative() ? `${"-".repeat(n)} (negative)` : "█".repeat(n);
}

const maxOf = (values: string[]) =>
  values.reduce((m, v) => (new Dec(v).abs().greaterThan(m) ? new Dec(v).abs().toString() : m), "0");

/** Rows of label, value and a bar, the labels and values aligned. */
function chart(rows: Array<[string, string]>, indent = "  "): string[] {
  const max = maxOf(rows.map(([, v]) => v));
  const lw = Math.max(0, ...rows.map(([l]) => l.length));
  const vw = Math.max(0, ...rows.map(([, v]) => v.length));
  return rows.map(([l, v]) => `${indent}${l.padEnd(lw)}  ${v.padStart(vw)}  ${bar(v, max)}`.trimEnd());
}

const pct = (v: string | null) => (v === null ? "n/a" : `${v}%`);

/** `unit` follows the values, `changeUnit` the change (a rate's change is in points). */
function trendText(t: Trend, unit = "", changeUnit = unit): string {
  if (t.current === null) return `n/a${t.previous === null ? "" : ` (was ${t.previous}${unit})`}`;
  if (t.change === null) return `${t.current}${unit} (no previous value)`;
  const arrow = t.direction === "up" ? "↑" : t.direction === "down" ? "↓" : "→";
  const sign = new Dec(t.change).isPositive() && !new Dec(t.change).isZero() ? "+" : "";
  return `${t.current}${unit} ${arrow} ${sign}${t.change}${changeUnit} (was ${t.previous}${unit})`;
}

function pairs(rows: Array<[string, string]>, indent = "  "): string[] {
  const lw = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, v]) => `${indent}${l.padEnd(lw)}  ${v}`);
}

export function analyticsTable(r: ProgramAnalytics): string {
  const c = r.currency;
  const out: string[] = [];
  out.push(`Program analytics: ${r.program}, ${r.period} (${r.closed ? "closed" : "open"}; ${c})`, "");
  out.push(`Partners: ${r.partners.total.value}`, "  by tier");
  out.push(
    ...chart(
      r.partners.byTier.map((t) => [t.tier, t.value]),
      "    ",
    ),
  );
  const rank = r.partners.ranking;
  out.push(
    `  by segment (ranked by ${rank.rankBy} over ${rank.window} period${rank.window === 1 ? "" : "s"})`,
  );
  out.push(
    ...chart(
      (["top", "middle", "bottom"] as const).map((s) => [s, r.partners.bySegment[s].value]),
      "    ",
    ),
  );

  const a = r.activation;
  out.push("", "Activation funnel (active = a second sale)");
  out.push(
    ...chart([
      ["registered", a.registered.value],
      ["first sale", a.firstSale.value],
      ["active", a.active.value],
      [`newly active in ${r.period}`, a.newlyActivated.value],
    ]),
  );

  const k = r.cost;
  out.push("", `Incentive cost (${c})`);
  out.push(...pairs([["total", k.total.value]]));
  out.push("  by component");
  out.push(
    ...chart(
      k.byComponent.map((x) => [x.component, x.value]),
      "    ",
    ),
  );
  out.push("  by tier");
  out.push(
    ...chart(
      k.byTier.map((x) => [x.tier, x.value]),
      "    ",
    ),
  );
  out.push(
    ...pairs([
      ["attributed revenue", k.attributedRevenue.value],
      ["sourced", `${k.sourcedRevenue.value} (${pct(k.sourcedShare)})`],
      ["influenced", `${k.influencedRevenue.value} (${pct(k.influencedShare)})`],
      ["cost-to-incentive", pct(k.costToIncentive)],
      ["ROI", k.roi === null ? "n/a" : `${k.roi}x revenue per ${c} of incentive`],
    ]),
  );

  out.push("", "Budgets");
  if (r.budgets.spifs.length === 0 && r.budgets.funds.length === 0)
    out.push("  no SPIF or fund in the program");
  for (const s of r.budgets.spifs) {
    const used = s.budget === null ? "" : `  ${bar(s.consumed.value, s.budget, 20).padEnd(20, "░")}`;
    out.push(
      `  SPIF ${s.component}: budget ${s.budget ?? "unlimited"}, consumed ${s.consumed.value} (this period ${s.consumedThisPeriod.value}), remaining ${s.remaining ?? "n/a"}${used}`,
    );
  }
  for (const f of r.budgets.funds) {
    out.push(`  fund ${f.fund}`);
    out.push(
      ...chart(
        [
          ["accrued", f.accrued.value],
          ["claimed", f.claimed.value],
          ["expired", f.expired.value],
          ["expiring next period", f.expiringNextPeriod.value],
          ["balance", f.balance.value],
        ],
        "    ",
      ),
    );
  }

  const q = r.accuracy;
  out.push("", "Payout accuracy");
  out.push(
    ...pairs([
      ["payouts", q.payouts.value],
      [
        "adjustments",
        `${q.adjustments.value} (${pct(q.adjustments.share)} of payouts; net ${q.adjustments.net})`,
      ],
      ["corrections", `${q.corrections.value} (${pct(q.corrections.share)}; net ${q.corrections.net})`],
      ["clawbacks", `${q.clawbacks.value} (${pct(q.clawbacks.share)})`],
      ["held for review", `${q.held.value} partner(s)`],
      ["disputes", `${q.disputes.value} (${q.disputes.open} open)`],
    ]),
  );

  out.push("", `Trends (${r.period} vs ${r.previousPeriod})`);
  out.push(
    ...pairs([
      ["mean score", trendText(r.trends.score)],
      ["renewal rate", trendText(r.trends.renewalRate, "%", " pts")],
      ["time to value", trendText(r.trends.timeToValue, " days")],
    ]),
  );
  if (r.excludedDeals.length > 0) {
    const ids = r.excludedDeals.slice(0, 5).map((d) => `${d.id} (${d.reason})`);
    out.push(
      "",
      `Deals left out: ${r.excludedDeals.length}: ${ids.join(", ")}${r.excludedDeals.length > 5 ? ", …" : ""}`,
    );
  }
  out.push("", "Every figure's partners and deals: --format json");
  return `${out.join("\n")}\n`;
}

export function partnerTable(p: PartnerAnalytics, name: string, period: string, currency: string): string {
  const a = p.activation;
  const k = p.cost;
  const days = (d: number | null) => (d === null ? "n/a" : `${d} days`);
  const rows = pairs([
    ["first sale", a.firstSaleOn ? `${a.firstSaleOn} (${a.firstSaleDeal})` : "none"],
    ["second sale", a.secondSaleOn ? `${a.secondSaleOn} (${a.secondSaleDeal})` : "none"],
    ["activated", a.activated ? "yes" : "no"],
    ["signing to first sale", days(a.daysToFirstSale)],
    ["signing to second sale", days(a.daysToSecondSale)],
    ["segment", `${p.segment.segment} (rank ${p.segment.rank}, value ${p.segment.value})`],
    [`incentives lifetime (${currency})`, k.incentivesLifetime],
    [`incentives this year (${currency})`, k.incentivesThisYear],
    ["incentives / revenue", pct(k.incentiveShare)],
    ["sourced / influenced", `${pct(k.sourcedShare)} / ${pct(k.influencedShare)}`],
    ["score", trendText(p.trends.score)],
    ["renewal rate", trendText(p.trends.renewalRate, "%", " pts")],
    ["time to value", trendText(p.trends.timeToValue, " days")],
  ]);
  return `${[`Partner analytics: ${name} (${p.partner}), ${period}`, "", ...rows].join("\n")}\n`;
}
