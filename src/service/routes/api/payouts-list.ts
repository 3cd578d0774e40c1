// GET /api/payouts?period&state&flag&partnerId&minAmount&maxAmount: a period's payouts with
// their lifecycle state, amounts, review flags and open disputes, and totals per state.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { validated } from "../../middleware/validate.ts";
import type { PayoutsAdmin } from "../../ports.ts";
import { idParam, periodParam } from "./schemas.ts";

const query = z.strictObject({
  period: periodParam,
  state: z.string().min(1).optional(),
  flag: z.string().min(1).optional(),
  partnerId: z.union([idParam, z.array(idParam)]).optional(),
  minAmount: z.string().optional(),
  maxAmount: z.string().optional(),
});

export function listPayouts(payouts: PayoutsAdmin) {
  return validated({ query }, async ({ query: q }, _req, res) => {
    const selection = {
      ...(q.state ? { state: q.state } : {}),
      ...(q.flag ? { flag: q.flag } : {}),
      ...(q.partnerId ? { partners: Array.isArray(q.partnerId) ? q.partnerId : [q.partnerId] } : {}),
      ...(q.minAmount ? { min_amount: q.minAmount } : {}),
      ...(q.maxAmount ? { max_amount: q.maxAmount } : {}),
    };
    const r = await payouts.list({ period: q.period, selection });
    if (!r.ok) throw new HttpError("VALIDATION_FAILED", "the request is invalid", { problems: r.problems });
    res.json(r.listing);
  });
}
