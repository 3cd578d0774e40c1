// GET /api/disputes?status&period&partnerId: disputes, oldest first.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { PayoutsAdmin } from "../../ports.ts";
import { defined, idParam, periodParam } from "./schemas.ts";

const query = z.strictObject({
  status: z.enum(["open", "dismissed", "adjusted"]).optional(),
  period: periodParam.optional(),
  partnerId: idParam.optional(),
});

export function listDisputes(payouts: PayoutsAdmin) {
  return validated({ query }, async ({ query }, _req, res) => {
    res.json({ items: await payouts.disputes(defined(query)) });
  });
}
