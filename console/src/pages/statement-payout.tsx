// Where a statement's payout stands (issue #16): its lifecycle state as a badge, why it is held or
// who approved it, and the disputes still open on it — what the partner's statement must show.
import type { Dispute, PayoutStanding } from "../api/types.ts";
import { Empty } from "../components/states.tsx";
import { formatMoney } from "../lib/money.ts";

const LABEL: Record<PayoutStanding["display"], string> = {
  computed: "Computed",
  held: "Held for review",
  approved: "Approved",
  exported: "Exported",
  paid: "Paid",
  disputed: "Disputed",
};

// Colour follows what ops must do next: red needs a person (dispute), amber waits on review.
const THEME: Record<PayoutStanding["display"], string> = {
  computed: "",
  held: " slds-theme_warning",
  approved: " slds-theme_success",
  exported: " slds-badge_inverse",
  paid: " slds-theme_success",
  disputed: " slds-theme_error",
};

export function PayoutState(props: { payout: PayoutStanding | null | undefined }) {
  const p = props.payout;
  if (!p) {
    return (
      <p class="slds-m-bottom_small" data-testid="payout-state">
        Payout: <span class="slds-badge">Not recorded</span>
      </p>
    );
  }
  const currency = p.currency ?? undefined;
  return (
    <div class="slds-m-bottom_small" data-testid="payout-state">
      <p>
        Payout:{" "}
        <span class={`slds-badge${THEME[p.display]}`} data-testid="payout-badge">
          {LABEL[p.display]}
        </span>
        {/* Disputed hides the lifecycle state underneath; say it so ops know where it resumes. */}
        {p.display === "disputed" && <span class="slds-m-left_x-small">(lifecycle state: {p.state})</span>}
        <span class="slds-m-left_small slds-text-color_weak">
          due {formatMoney(p.due, currency)} · exported {formatMoney(p.exported, currency)} · paid{" "}
          {formatMoney(p.paid, currency)}
        </span>
      </p>
      {p.state === "held" && (
        <p data-testid="payout-held">
          Held for review
          {p.flags.length > 0 ? `: ${p.flags.join(", ")}` : " (no review flag recorded)"}
        </p>
      )}
      {p.approval && (
        <p data-testid="payout-approval">
          Approved {p.approval.reference} for {formatMoney(p.approval.amount, currency)} by {p.approval.by} at{" "}
          {p.approval.at}
        </p>
      )}
    </div>
  );
}

export function OpenDisputes(props: { disputes: Dispute[]; period: string }) {
  if (props.disputes.length === 0) return <Empty>No open disputes for {props.period}.</Empty>;
  return (
    <table
      class="slds-table slds-table_cell-buffer slds-table_bordered slds-m-bottom_medium"
      aria-label={`Open disputes ${props.period}`}
    >
      <thead>
        <tr>
          <th scope="col">Reason</th>
          <th scope="col">Opened by</th>
          <th scope="col">Opened at</th>
          <th scope="col">Deal</th>
          <th scope="col">Line</th>
        </tr>
      </thead>
      <tbody>
        {props.disputes.map((d) => (
          <tr key={d.id}>
            <td class="slds-cell-wrap">{d.reason}</td>
            <td>{d.openedBy}</td>
            <td class="nowrap">{d.openedAt}</td>
            <td>{d.deal ?? "—"}</td>
            <td>{d.line ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
