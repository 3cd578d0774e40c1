// A simulation's answer: totals, per-component deltas (chart and table), and every partner's
// before/after payable and tier in a sortable table.
import type { ChartConfiguration } from "chart.js";
import { useMemo } from "preact/hooks";
import type { SimulationResult } from "../api/types.ts";
import { ChartView } from "../components/chart.tsx";
import { type Column, DataTable } from "../components/data-table.tsx";
import { Card } from "../components/states.tsx";
import { compareDecimal, formatAmount, formatMoney, plotValue } from "../lib/money.ts";
import { subtract } from "./simulation-math.ts";

type Row = SimulationResult["partners"][number] & { delta: string };

export function SimulationView({ result, note }: { result: SimulationResult; note?: string }) {
  const rows: Row[] = useMemo(
    () => result.partners.map((p) => ({ ...p, delta: subtract(p.after.payout, p.before.payout) })),
    [result],
  );
  const components = result.components ?? [];
  const chart = useMemo<ChartConfiguration>(
    () => ({
      type: "bar",
      data: {
        labels: components.map((c) => c.component),
        datasets: [
          { label: "Before", data: components.map((c) => plotValue(c.before)), backgroundColor: "#aacbff" },
          { label: "After", data: components.map((c) => plotValue(c.after)), backgroundColor: "#0176d3" },
        ],
      },
      options: {
        plugins: {
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const c = components[ctx.dataIndex];
                return `${ctx.dataset.label}: ${formatAmount(ctx.datasetIndex === 0 ? c?.before : c?.after)}`;
              },
            },
          },
        },
      },
    }),
    [components],
  );
  const columns: Column<Row>[] = [
    {
      key: "partner",
      label: "Partner",
      render: (r) => r.name ?? r.partnerId,
      compare: (a, b) => (a.name ?? a.partnerId).localeCompare(b.name ?? b.partnerId),
    },
    {
      key: "tierBefore",
      label: "Tier before",
      render: (r) => r.before.tier ?? "—",
      compare: (a, b) => (a.before.tier ?? "").localeCompare(b.before.tier ?? ""),
    },
    {
      key: "tierAfter",
      label: "Tier after",
      render: (r) => r.after.tier ?? "—",
      compare: (a, b) => (a.after.tier ?? "").localeCompare(b.after.tier ?? ""),
    },
    {
      key: "before",
      label: "Payable before",
      numeric: true,
      render: (r) => formatAmount(r.before.payout),
      compare: (a, b) => compareDecimal(a.before.payout, b.before.payout),
    },
    {
      key: "after",
      label: "Payable after",
      numeric: true,
      render: (r) => formatAmount(r.after.payout),
      compare: (a, b) => compareDecimal(a.after.payout, b.after.payout),
    },
    {
      key: "delta",
      label: "Delta",
      numeric: true,
      render: (r) => formatAmount(r.delta),
      compare: (a, b) => compareDecimal(a.delta, b.delta),
    },
  ];
  return (
    <Card title={`Simulation for ${result.period}`} id="simulation">
      {note && (
        <p
          class="slds-text-body_small slds-text-color_weak slds-m-bottom_small"
          data-testid="simulation-note"
        >
          {note}
        </p>
      )}
      <dl class="slds-grid slds-wrap slds-m-bottom_medium" data-testid="simulation-totals">
        <div class="slds-col slds-size_1-of-3">
          <dt class="slds-text-title">Total before</dt>
          <dd class="slds-text-heading_medium">{formatMoney(result.totals.before, result.currency)}</dd>
        </div>
        <div class="slds-col slds-size_1-of-3">
          <dt class="slds-text-title">Total after</dt>
          <dd class="slds-text-heading_medium">{formatMoney(result.totals.after, result.currency)}</dd>
        </div>
        <div class="slds-col slds-size_1-of-3">
          <dt class="slds-text-title">Cost delta</dt>
          <dd class="slds-text-heading_medium" data-testid="total-delta">
            {formatMoney(result.totals.delta, result.currency)}
          </dd>
        </div>
      </dl>
      {components.length > 0 && (
        <>
          <ChartView
            config={chart}
            testId="component-chart"
            summary={`Per component before and after: ${components.map((c) => `${c.component} ${c.before} to ${c.after}`).join("; ")}`}
          />
          <table
            class="slds-table slds-table_cell-buffer slds-table_bordered slds-m-bottom_medium"
            aria-label="Per-component deltas"
          >
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col" class="slds-text-align_right">
                  Before
                </th>
                <th scope="col" class="slds-text-align_right">
                  After
                </th>
                <th scope="col" class="slds-text-align_right">
                  Delta
                </th>
              </tr>
            </thead>
            <tbody>
              {components.map((c) => (
                <tr key={c.component}>
                  <th scope="row">{c.component}</th>
                  <td class="slds-text-align_right">{formatAmount(c.before)}</td>
                  <td class="slds-text-align_right">{formatAmount(c.after)}</td>
                  <td class="slds-text-align_right">{formatAmount(c.delta)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(r) => r.partnerId}
        label="Per-partner simulation"
        initialSort={{ key: "delta", dir: "descending" }}
        maxRows={500}
      />
    </Card>
  );
}
