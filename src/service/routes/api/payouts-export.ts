// POST /api/payout-batches { period, actor }: the next numbered batch of approved payouts not yet
// exported (201), or { batch: null } when there is nothing new. The file: GET …/:batch.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { PayoutsAdmin } from "../../ports.ts";
import { actor } from "./payouts-schemas.ts";
import { periodParam } from "./schemas.ts";

const body = z.strictObject({ period: periodParam, actor });

export function exportPayouts(payouts: PayoutsAdmin) {
  return validated({ body }, async ({ body }, _req, res) => {
    const r = await payouts.exportBatch(body);
    res.status(r.batch ? 201 : 200).json(r);
  });
}
