// GET /api/ledger?partnerId&period&limit&cursor: ledger entries, newest first, paged.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { LedgerAdmin } from "../../ports.ts";
import { cursorParam, defined, idParam, limitParam, periodParam } from "./schemas.ts";

const query = z.strictObject({
  partnerId: idParam.optional(),
  period: periodParam.optional(),
  limit: limitParam,
  cursor: cursorParam,
});

export function listLedger(ledger: LedgerAdmin) {
  return validated({ query }, async ({ query }, _req, res) => {
    res.json(await ledger.list(defined(query)));
  });
}
