// One partner: its records in each CRM (links), tier and payable history (chart), scorecard,
// funds, and the statement of any period with every line explained.
import type { ChartConfiguration } from "chart.js";
import { useEffect, useMemo, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import type { PartnerDetail } from "../api/types.ts";
import { ChartView } from "../components/chart.tsx";
import { Card, Empty, ErrorBox, Loading } from "../components/states.tsx";
import { formatMoney, plotValue } from "../lib/money.ts";
import { Link } from "../lib/router.tsx";
import { useApi } from "../lib/use-api.ts";
import { StatementView } from "./statement.tsx";

function tierChart(p: PartnerDetail): ChartConfiguration {
  const tiers = [...new Set(p.periods.map((x) => x.tier ?? "(none)"))];
  return {
    type: "line",
    data: {
      labels: p.periods.map((x) => x.period),
      datasets: [
        {
          label: "Tier",
          data: p.periods.map((x) => tiers.indexOf(x.tier ?? "(none)")),
          stepped: true,
          borderColor: "#0176d3",
          yAxisID: "tier",
        },
        {
          label: "Payable",
          type: "bar",
          data: p.periods.map((x) => plotValue(x.payable)),
          backgroundColor: "rgba(46,132,74,0.35)",
          yAxisID: "money",
        },
      ],
    },
    options: {
      scales: {
        tier: {
          position: "left",
          min: -0.5,
          max: tiers.length - 0.5,
          ticks: { stepSize: 1, callback: (v) => tiers[Number(v)] ?? "" },
        },
        money: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const row = p.periods[ctx.dataIndex];
              return ctx.datasetIndex === 0
                ? `Tier: ${row?.tier ?? "—"}`
                : `Payable: ${formatMoney(row?.payable, row?.currency)}`;
            },
          },
        },
      },
    },
  };
}

export function PartnerPage({ params }: { params: string[] }) {
  const id = params[0] ?? "";
  const partner = useApi(
    () => api.get<{ partner: PartnerDetail }>(`/partners/${encodeURIComponent(id)}`),
    [id],
  );
  const p = partner.data?.partner;
  const [period, setPeriod] = useState<string | null>(null);
  useEffect(() => {
    if (p && !period) setPeriod(p.periods.at(-1)?.period ?? null);
  }, [p]);
  const chart = useMemo(() => (p?.periods.length ? tierChart(p) : null), [p]);
  if (partner.loading && !p) return <Loading />;
  if (partner.error && !p) return <ErrorBox error={partner.error} title="Could not load the partner" />;
  if (!p) return null;
  const latest = p.periods.at(-1);
  return (
    <div>
      <nav aria-label="Breadcrumbs">
        <Link to="/partners">Partners</Link> ›
      </nav>
      <h1 class="slds-text-heading_large slds-m-bottom_small">{p.name ?? p.id}</h1>
      <p class="slds-m-bottom_medium">
        <code>{p.id}</code>
        {p.records.map((r) => (
          <span key={`${r.crm}${r.id}`} class="slds-m-left_small">
            {r.url ? (
              <a
                href={r.url}
                target="_blank"
                rel="noopener noreferrer"
                class="slds-button slds-button_neutral"
              >
                Open in {r.crm === "salesforce" ? "Salesforce" : "HubSpot"} ({r.object} {r.id})
              </a>
            ) : (
              `${r.crm} ${r.object} ${r.id}`
            )}
          </span>
        ))}
      </p>
      <div class="slds-grid slds-gutters">
        <div class="slds-col slds-size_2-of-3">
          <Card title="Tier and payable per period" id="tier-history">
            {chart ? (
              <ChartView
                config={chart}
                testId="tier-chart"
                summary={`Tier per period: ${p.periods.map((x) => `${x.period} ${x.tier ?? "none"}`).join(", ")}`}
              />
            ) : (
              <Empty>No statement posted yet.</Empty>
            )}
          </Card>
        </div>
        <div class="slds-col slds-size_1-of-3">
          <Card title="Scorecard" id="scorecard">
            <p class="slds-text-heading_medium">Score: {latest?.score ?? "—"}</p>
            {p.scorecard.length > 0 ? (
              <table class="slds-table slds-table_cell-buffer" aria-label="Scorecard metrics">
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col">Weight</th>
                    <th scope="col">Target</th>
                  </tr>
                </thead>
                <tbody>
                  {p.scorecard.map((m, i) => (
                    <tr key={i}>
                      <td>{m.metric ?? "—"}</td>
                      <td>{String(m.weight ?? "—")}</td>
                      <td>{m.target ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty>The program has no scorecard.</Empty>
            )}
          </Card>
          <Card title="Funds" id="funds">
            {latest && Object.keys(latest.funds).length > 0 ? (
              <dl class="slds-dl_horizontal">
                {Object.entries(latest.funds).map(([fund, balance]) => (
                  <>
                    <dt class="slds-dl_horizontal__label">{fund}</dt>
                    <dd class="slds-dl_horizontal__detail">{formatMoney(balance, latest.currency)}</dd>
                  </>
                ))}
              </dl>
            ) : (
              <Empty>No fund balance.</Empty>
            )}
          </Card>
        </div>
      </div>
      <Card
        title="Statement"
        id="statement"
        actions={
          p.periods.length > 0 && (
            <select
              class="slds-select"
              aria-label="Period"
              value={period ?? ""}
              onChange={(e) => setPeriod((e.target as HTMLSelectElement).value)}
            >
              {p.periods.map((x) => (
                <option key={x.period} value={x.period}>
                  {x.period} — {x.tier ?? "no tier"} — {formatMoney(x.payable, x.currency)}
                </option>
              ))}
            </select>
          )
        }
      >
        {period ? (
          <StatementView partnerId={p.id} period={period} />
        ) : (
          <Empty>No statement posted yet.</Empty>
        )}
      </Card>
    </div>
  );
}
