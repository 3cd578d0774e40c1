// POST /api/disputes/:id/resolve { resolution: dismiss | adjust, amount?, reason, actor }.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { JsonObject, PayoutsAdmin } from "../../ports.ts";
import { actor, sendOrRefuse } from "./payouts-schemas.ts";

const params = z.strictObject({
  id: z
    .string()
    .regex(/^\d{1,9}$/, "must be a dispute id")
    .transform(Number),
});
const body = z.looseObject({ actor });

export function resolveDispute(payouts: PayoutsAdmin) {
  return validated({ params, body }, async ({ params, body }, _req, res) => {
    sendOrRefuse(
      res,
      await payouts.resolveDispute({ ...(body as JsonObject & { actor: string }), id: params.id }),
    );
  });
}
