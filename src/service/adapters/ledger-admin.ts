// Ledger rows in id order, optionally of one partner and/or period (posted in or corrected).
import type { Store } from "../../store/index.ts";
import { HttpError } from "../errors.ts";
import type { JsonObject, LedgerAdmin } from "../ports.ts";

export function createLedgerAdmin(deps: { store: Store }): LedgerAdmin {
  return {
    async list({ limit, cursor, partnerId, period }) {
      if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) {
        throw new HttpError("VALIDATION_FAILED", "invalid cursor", {
          problems: [{ path: "query.cursor", message: "pass back a nextCursor from a previous page" }],
        });
      }
      const page = await deps.store.ledger.list({
        limit,
        ...(cursor !== undefined ? { afterId: cursor } : {}),
        ...(partnerId !== undefined ? { partner: partnerId } : {}),
        ...(period !== undefined ? { period } : {}),
      });
      return {
        items: page.items.map((entry) => ({ ...entry }) as unknown as JsonObject),
        nextCursor: page.nextAfterId,
      };
    },
  };
}
