// A partner's statement for one period: the figures and every line with its explanation.
import { api } from "../api/client.ts";
import type { Statement } from "../api/types.ts";
import { ErrorBox, Loading } from "../components/states.tsx";
import { formatMoney } from "../lib/money.ts";
import { useApi } from "../lib/use-api.ts";

const FIGURES = ["earned", "held_back", "released", "clawed_back", "carry_forward", "payable"] as const;

export function StatementView(props: { partnerId: string; period: string }) {
  const s = useApi(
    () =>
      api.get<{ statement: Statement }>(
        `/partners/${encodeURIComponent(props.partnerId)}/statements/${encodeURIComponent(props.period)}`,
      ),
    [props.partnerId, props.period],
  );
  if (s.loading && !s.data) return <Loading label="Loading the statement" />;
  if (s.error) return <ErrorBox error={s.error} />;
  const st = s.data?.statement;
  if (!st) return null;
  const p = st.partner;
  return (
    <div data-testid="statement">
      <dl class="slds-grid slds-wrap slds-m-bottom_medium">
        {FIGURES.map((f) => (
          <div key={f} class="slds-col slds-size_1-of-6">
            <dt class="slds-text-title">{f.replace("_", " ")}</dt>
            <dd class={f === "payable" ? "slds-text-heading_medium" : ""} data-testid={`figure-${f}`}>
              {formatMoney(p[f], st.currency)}
            </dd>
          </div>
        ))}
      </dl>
      <p class="slds-text-body_small slds-text-color_weak slds-m-bottom_small">
        Tier {p.tier ?? "—"} · program {st.program ?? "—"} · the ledger rows for {st.period} add up to{" "}
        {formatMoney(st.ledger?.periodTotal, st.currency)} (
        {st.ledger?.balanced ? "balanced" : "NOT balanced"})
      </p>
      <table
        class="slds-table slds-table_cell-buffer slds-table_bordered"
        aria-label={`Statement lines ${st.period}`}
      >
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Kind</th>
            <th scope="col">Deal</th>
            <th scope="col" class="slds-text-align_right">
              Amount
            </th>
            <th scope="col">Explanation</th>
          </tr>
        </thead>
        <tbody>
          {p.lines.map((l, i) => (
            <tr key={i} class={l.forfeited ? "slds-text-color_weak" : undefined}>
              <td>{l.component}</td>
              <td>{l.kind}</td>
              <td>{l.deal_id ?? "—"}</td>
              <td class="slds-text-align_right nowrap">{formatMoney(l.amount)}</td>
              <td class="slds-cell-wrap">
                {l.explanation}
                {l.forfeited ? " (forfeited: not eligible)" : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
