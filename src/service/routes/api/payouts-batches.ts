// GET /api/payout-batches?period: export batches, newest first (without their files).
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { PayoutsAdmin } from "../../ports.ts";
import { periodParam } from "./schemas.ts";

const query = z.strictObject({ period: periodParam.optional() });

export function listBatches(payouts: PayoutsAdmin) {
  return validated({ query }, async ({ query }, _req, res) => {
    res.json({ items: await payouts.batches(query.period ? { period: query.period } : {}) });
  });
}
