// Statements: the last §4 statement posted to the ledger for a partner and period, with its
// lines' explanations, and the ledger figures it must add up to.
import type { Store } from "../../store/index.ts";
import type { JsonObject, StatementsAdmin } from "../ports.ts";

export function createStatementsAdmin(deps: { store: Store }): StatementsAdmin {
  return {
    async get({ partnerId, period }) {
      const posted = await deps.store.ledger.statement(partnerId, period);
      if (!posted) return null;
      const view = await deps.store.ledger.view(partnerId, period);
      return JSON.parse(
        JSON.stringify({
          ...posted,
          ledger: {
            periodTotal: view.periodTotal,
            postedBalance: view.postedBalance,
            byKind: view.byKind,
            balanced: view.balanced,
          },
        }),
      ) as JsonObject;
    },
  };
}
