// A partner's statement for one period: where its payout stands and the disputes open on it, the
// figures, the tier (and ladder), the engine's notes and every line with its explanation.
import { api } from "../api/client.ts";
import type { Statement } from "../api/types.ts";
import { ErrorBox, Loading } from "../components/states.tsx";
import { formatMoney } from "../lib/money.ts";
import { useApi } from "../lib/use-api.ts";
import { OpenDisputes, PayoutState } from "./statement-payout.tsx";

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
      <PayoutState payout={st.payout} />
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
        Tier {p.tier ?? "—"}
        {/* Only programs with a list of ladders say which one (null: on none, Standard). */}
        {p.ladder !== undefined && (
          <span data-testid="statement-ladder">
            {" "}
            on {p.ladder === null ? "no ladder" : `ladder ${p.ladder}`}
          </span>
        )}{" "}
        · program {st.program ?? "—"} · the ledger rows for {st.period} add up to{" "}
        {formatMoney(st.ledger?.periodTotal, st.currency)} (
        {st.ledger?.balanced ? "balanced" : "NOT balanced"})
      </p>
      {p.notes && p.notes.length > 0 && (
        <section aria-labelledby="statement-notes" class="slds-m-bottom_small">
          <h3 id="statement-notes" class="slds-text-title_caps">
            Notes
          </h3>
          <ul class="slds-list_dotted" data-testid="statement-notes">
            {p.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="open-disputes">
        <h3 id="open-disputes" class="slds-text-title_caps">
          Open disputes
        </h3>
        <OpenDisputes disputes={st.openDisputes ?? []} period={st.period} />
      </section>
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
