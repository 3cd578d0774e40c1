// API calls used against each CRM's daily allocation, sampled after every run, as a chart.
import type { ChartConfiguration } from "chart.js";
import { api } from "../api/client.ts";
import type { UsageSeries } from "../api/types.ts";
import { ChartView } from "../components/chart.tsx";
import { Card, Empty, ErrorBox, Loading } from "../components/states.tsx";
import { formatDateTime } from "../lib/money.ts";
import { useApi } from "../lib/use-api.ts";

function config(s: UsageSeries): ChartConfiguration {
  const labels = s.samples.map((x) => formatDateTime(x.at).slice(5, 16));
  return {
    type: "line",
    data: {
      labels,
      datasets: [
        {
          label: "Calls used today",
          data: s.samples.map((x) => x.used),
          borderColor: "#0176d3",
          backgroundColor: "rgba(1,118,211,0.15)",
          fill: true,
          pointRadius: 2,
        },
        {
          label: "Daily allocation",
          data: s.samples.map((x) => x.limit),
          borderColor: "#ba0517",
          borderDash: [6, 4],
          pointRadius: 0,
        },
      ],
    },
    options: { scales: { y: { beginAtZero: true } } },
  };
}

export function ApiUsage({ refresh }: { refresh: number }) {
  const usage = useApi(() => api.get<{ days: number; series: UsageSeries[] }>("/usage?days=7"), [refresh]);
  return (
    <Card title="API calls against the daily allocation (last 7 days)" id="api-usage">
      {usage.loading && !usage.data && <Loading />}
      {usage.error && <ErrorBox error={usage.error} />}
      {usage.data && usage.data.series.length === 0 && <Empty>No run has sampled API usage yet.</Empty>}
      <div class="slds-grid slds-gutters">
        {usage.data?.series.map((s) => {
          const last = s.samples.at(-1);
          return (
            <div key={s.crm} class="slds-col slds-size_1-of-2">
              <h3 class="slds-text-heading_small">
                {s.crm === "salesforce" ? "Salesforce" : "HubSpot"}:{" "}
                {last ? `${last.used} of ${last.limit} used` : "—"}
              </h3>
              <ChartView
                config={config(s)}
                testId={`usage-chart-${s.crm}`}
                summary={`${s.crm}: ${s.samples.length} samples; latest ${last?.used ?? 0} calls used of ${last?.limit ?? 0}`}
              />
            </div>
          );
        })}
      </div>
    </Card>
  );
}
