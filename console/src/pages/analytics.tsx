// Program analytics for a period (issue #17, docs/analytics.md): partners by tier and segment,
// the activation funnel, incentive cost and return, budgets, payout accuracy and trends, from
// GET /api/analytics. Amounts are shown exactly as the API sends them; the bars are drawn from
// counts and amounts only to compare rows (the numbers beside them are the exact figures).
import { useState } from "preact/hooks";
import { api, qs } from "../api/client.ts";
import { Card, ErrorBox, Loading } from "../components/states.tsx";
import { formatAmount, formatMoney } from "../lib/money.ts";
import { useApi } from "../lib/use-api.ts";

interface Figure {
  value: string;
  partners: string[];
  deals: string[];
}
interface Trend {
  current: string | null;
  previous: string | null;
  change: string | null;
  direction: "up" | "down" | "flat" | null;
}
export interface ProgramAnalytics {
  program: string;
  period: string;
  previousPeriod: string;
  currency: string;
  closed: boolean;
  partners: {
    total: Figure;
    byTier: Array<{ tier: string } & Figure>;
    bySegment: Record<"top" | "middle" | "bottom", Figure>;
    ranking: { rankBy: string; window: number };
  };
  activation: { registered: Figure; firstSale: Figure; active: Figure; newlyActivated: Figure };
  cost: {
    total: Figure;
    byComponent: Array<{ component: string } & Figure>;
    byTier: Array<{ tier: string } & Figure>;
    attributedRevenue: Figure;
    sourcedRevenue: Figure;
    influencedRevenue: Figure;
    sourcedShare: string | null;
    influencedShare: string | null;
    costToIncentive: string | null;
    roi: string | null;
  };
  budgets: {
    spifs: Array<{
      component: string;
      budget: string | null;
      consumed: Figure;
      consumedThisPeriod: Figure;
      remaining: string | null;
    }>;
    funds: Array<{
      fund: string;
      accrued: Figure;
      claimed: Figure;
      expired: Figure;
      expiringNextPeriod: Figure;
      balance: Figure;
    }>;
  };
  accuracy: {
    payouts: Figure;
    adjustments: Figure & { share: string | null };
    corrections: Figure & { share: string | null };
    clawbacks: Figure & { share: string | null };
    held: Figure;
    disputes: Figure & { open: number };
  };
  trends: { score: Trend; renewalRate: Trend; timeToValue: Trend };
}

function currentQuarter(): string {
  const d = new Date();
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

const pct = (v: string | null) => (v === null ? "n/a" : `${v}%`);
const abs = (v: string) => (v.startsWith("-") ? v.slice(1) : v);

/** Rows of label, exact value and a bar proportional to the largest row (for comparing only). */
function Bars(props: { label: string; rows: Array<{ label: string; value: string; text?: string }> }) {
  const max = Math.max(0, ...props.rows.map((r) => Number(abs(r.value))));
  return (
    <table class="slds-table slds-table_cell-buffer slds-table_bordered" aria-label={props.label}>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td class="slds-text-align_right">{r.text ?? formatAmount(r.value)}</td>
            <td style={{ width: "50%" }}>
              <div
                aria-hidden="true"
                style={{
                  background: "#0176d3",
                  height: "0.8rem",
                  width: `${max > 0 ? (Number(abs(r.value)) / max) * 100 : 0}%`,
                }}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Pairs(props: { label: string; rows: Array<[string, string]> }) {
  return (
    <table class="slds-table slds-table_cell-buffer slds-table_bordered" aria-label={props.label}>
      <tbody>
        {props.rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td class="slds-text-align_right">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function trendText(t: Trend, unit = "", changeUnit = unit): string {
  if (t.current === null) return "n/a";
  if (t.change === null) return `${t.current}${unit} (no previous value)`;
  const arrow = t.direction === "up" ? "↑" : t.direction === "down" ? "↓" : "→";
  return `${t.current}${unit} ${arrow} ${t.change}${changeUnit} (was ${t.previous}${unit})`;
}

export function AnalyticsPage() {
  const [input, setInput] = useState(new URLSearchParams(location.search).get("period") ?? currentQuarter());
  const [period, setPeriod] = useState(input);
  const loaded = useApi(
    () => api.get<{ analytics: ProgramAnalytics }>(`/analytics${qs({ period })}`),
    [period],
  );
  const a = loaded.data?.analytics;
  return (
    <div>
      <h1 class="slds-text-heading_large slds-m-bottom_medium">Program analytics</h1>
      <form
        class="slds-form-element slds-m-bottom_medium"
        onSubmit={(e) => {
          e.preventDefault();
          setPeriod(input.trim());
          history.replaceState(null, "", `${location.pathname}${qs({ period: input.trim() })}`);
        }}
      >
        <label class="slds-form-element__label" for="analytics-period">
          Period
        </label>
        <div class="slds-grid">
          <input
            id="analytics-period"
            class="slds-input"
            style={{ maxWidth: "10rem" }}
            value={input}
            onInput={(e) => setInput((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="slds-button slds-button_brand slds-m-left_x-small">
            Show
          </button>
        </div>
      </form>
      {loaded.error && <ErrorBox error={loaded.error} />}
      {loaded.loading && !a && <Loading />}
      {a && (
        <div data-testid="analytics">
          <p class="slds-text-color_weak slds-m-bottom_small">
            {a.program}, {a.period} ({a.closed ? "closed" : "open"}; {a.currency}). Every figure's partners
            and deals: GET /api/analytics?period={a.period}
          </p>
          <Card title={`Partners: ${a.partners.total.value}`} id="analytics-partners">
            <Bars
              label="Partners by tier"
              rows={a.partners.byTier.map((t) => ({ label: t.tier, value: t.value }))}
            />
            <h3 class="slds-text-heading_small slds-m-top_small">
              By segment (ranked by {a.partners.ranking.rankBy} over {a.partners.ranking.window} period(s))
            </h3>
            <Bars
              label="Partners by segment"
              rows={(["top", "middle", "bottom"] as const).map((s) => ({
                label: s,
                value: a.partners.bySegment[s].value,
              }))}
            />
          </Card>
          <Card title="Activation funnel (active = a second sale)" id="analytics-activation">
            <Bars
              label="Activation funnel"
              rows={[
                { label: "registered", value: a.activation.registered.value },
                { label: "first sale", value: a.activation.firstSale.value },
                { label: "active", value: a.activation.active.value },
                { label: `newly active in ${a.period}`, value: a.activation.newlyActivated.value },
              ]}
            />
          </Card>
          <Card title={`Incentive cost: ${formatMoney(a.cost.total.value, a.currency)}`} id="analytics-cost">
            <Bars
              label="Cost by component"
              rows={a.cost.byComponent.map((c) => ({ label: c.component, value: c.value }))}
            />
            <Bars label="Cost by tier" rows={a.cost.byTier.map((c) => ({ label: c.tier, value: c.value }))} />
            <Pairs
              label="Return"
              rows={[
                ["attributed revenue", formatMoney(a.cost.attributedRevenue.value, a.currency)],
                ["sourced", `${formatAmount(a.cost.sourcedRevenue.value)} (${pct(a.cost.sourcedShare)})`],
                [
                  "influenced",
                  `${formatAmount(a.cost.influencedRevenue.value)} (${pct(a.cost.influencedShare)})`,
                ],
                ["cost-to-incentive", pct(a.cost.costToIncentive)],
                ["ROI", a.cost.roi === null ? "n/a" : `${a.cost.roi}x`],
              ]}
            />
          </Card>
          <Card title="Budgets" id="analytics-budgets">
            <Pairs
              label="Budgets"
              rows={[
                ...a.budgets.spifs.map((s): [string, string] => [
                  `SPIF ${s.component}`,
                  `budget ${formatAmount(s.budget)}, consumed ${formatAmount(s.consumed.value)} (this period ${formatAmount(s.consumedThisPeriod.value)}), remaining ${formatAmount(s.remaining)}`,
                ]),
                ...a.budgets.funds.map((f): [string, string] => [
                  `fund ${f.fund}`,
                  `accrued ${formatAmount(f.accrued.value)}, claimed ${formatAmount(f.claimed.value)}, expired ${formatAmount(f.expired.value)}, expiring next period ${formatAmount(f.expiringNextPeriod.value)}, balance ${formatAmount(f.balance.value)}`,
                ]),
              ]}
            />
          </Card>
          <Card title="Payout accuracy" id="analytics-accuracy">
            <Pairs
              label="Payout accuracy"
              rows={[
                ["payouts", formatMoney(a.accuracy.payouts.value, a.currency)],
                [
                  "adjustments",
                  `${formatAmount(a.accuracy.adjustments.value)} (${pct(a.accuracy.adjustments.share)})`,
                ],
                [
                  "corrections",
                  `${formatAmount(a.accuracy.corrections.value)} (${pct(a.accuracy.corrections.share)})`,
                ],
                [
                  "clawbacks",
                  `${formatAmount(a.accuracy.clawbacks.value)} (${pct(a.accuracy.clawbacks.share)})`,
                ],
                ["held for review", `${a.accuracy.held.value} partner(s)`],
                ["disputes", `${a.accuracy.disputes.value} (${a.accuracy.disputes.open} open)`],
              ]}
            />
          </Card>
          <Card title={`Trends (${a.period} vs ${a.previousPeriod})`} id="analytics-trends">
            <Pairs
              label="Trends"
              rows={[
                ["mean score", trendText(a.trends.score)],
                ["renewal rate", trendText(a.trends.renewalRate, "%", " pts")],
                ["time to value", trendText(a.trends.timeToValue, " days")],
              ]}
            />
          </Card>
        </div>
      )}
    </div>
  );
}
