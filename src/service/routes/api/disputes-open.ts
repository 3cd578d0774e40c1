// POST /api/disputes { partnerId, period, deal?, line?, reason, actor }: opens a dispute (201).
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { PayoutsAdmin } from "../../ports.ts";
import { actor, sendOrRefuse } from "./payouts-schemas.ts";

const body = z.looseObject({ actor });

export function openDispute(payouts: PayoutsAdmin) {
  return validated({ body }, async ({ body }, _req, res) => {
    sendOrRefuse(res, await payouts.openDispute(body as never), 201);
  });
}
