// GET /api/payouts/:period/:partnerId: one payout with every lifecycle event (who, when, why),
// its disputes and the ledger rows it sums.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { validated } from "../../middleware/validate.ts";
import type { PayoutsAdmin } from "../../ports.ts";
import { idParam, periodParam } from "./schemas.ts";

const params = z.strictObject({ period: periodParam, partnerId: idParam });

export function getPayout(payouts: PayoutsAdmin) {
  return validated({ params, query: z.strictObject({}) }, async ({ params }, _req, res) => {
    const payout = await payouts.get({ partnerId: params.partnerId, period: params.period });
    if (!payout) throw new HttpError("NOT_FOUND", `no payout for ${params.partnerId} in ${params.period}`);
    res.json(payout);
  });
}
