// POST /api/periods/:period/close { actor }: closes a period; 409 while a payout of it is held
// for review or a dispute of it is open (issue #16).
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { PayoutsAdmin } from "../../ports.ts";
import { actor, sendOrRefuse } from "./payouts-schemas.ts";
import { periodParam } from "./schemas.ts";

const params = z.strictObject({ period: periodParam });
const body = z.strictObject({ actor });

export function closePeriod(payouts: PayoutsAdmin) {
  return validated({ params, body }, async ({ params, body }, _req, res) => {
    sendOrRefuse(res, await payouts.closePeriod({ period: params.period, actor: body.actor }));
  });
}
