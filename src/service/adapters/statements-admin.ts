// Statements: the last §4 statement posted to the ledger for a partner and period, with its
// lines' explanations, and the ledger figures it must add up to.
import { showPayout } from "../../payouts/index.ts";
import type { Store } from "../../store/index.ts";
import type { JsonObject, StatementsAdmin } from "../ports.ts";

export function createStatementsAdmin(deps: { store: Store }): StatementsAdmin {
  return {
    async get({ partnerId, period }) {
      const posted = await deps.store.ledger.statement(partnerId, period);
      if (!posted) return null;
      const view = await deps.store.ledger.view(partnerId, period);
      // Payout operations (issue #16): where the payout stands, and the disputes still open.
      const payout = await showPayout(deps.store, partnerId, period);
      return JSON.parse(
        JSON.stringify({
          ...posted,
          ledger: {
            periodTotal: view.periodTotal,
            postedBalance: view.postedBalance,
            byKind: view.byKind,
            balanced: view.balanced,
            corrections: view.corrections,
            due: view.due,
          },
          payout: payout?.payout ?? null,
          openDisputes: (payout?.disputes ?? []).filter((d) => d.status === "open"),
        }),
      ) as JsonObject;
    },
  };
}
