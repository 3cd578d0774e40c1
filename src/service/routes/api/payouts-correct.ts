// POST /api/payouts/corrections { partnerId, period, amount, reason, deal?, line?, actor }: an
// adjustment row counted in the period it corrects (never an edit of an amount).
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { PayoutsAdmin } from "../../ports.ts";
import { actor, sendOrRefuse } from "./payouts-schemas.ts";

const body = z.looseObject({ actor });

export function correctPayout(payouts: PayoutsAdmin) {
  return validated({ body }, async ({ body }, _req, res) => {
    sendOrRefuse(res, await payouts.correct(body as never), 201);
  });
}
