// POST /api/payouts/paid { csv, actor }: finance's answer (partner_key, period,
// payment_reference, optional paid_on, amount, batch). Rows are applied one by one; bad ones come
// back in `rejected` with their line and field.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { PayoutsAdmin } from "../../ports.ts";
import { actor } from "./payouts-schemas.ts";

const body = z.strictObject({ csv: z.string().min(1).max(5_000_000), actor });

export function markPaid(payouts: PayoutsAdmin) {
  return validated({ body }, async ({ body }, _req, res) => {
    res.json(await payouts.markPaid(body));
  });
}
