// POST /api/payouts/approve|hold|release { period, partners?, state?, flag?, min_amount?,
// max_amount?, actor, reason }: one partner, a filtered set, or the whole period. Payouts the
// action does not apply to are listed in `skipped` with why.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { context } from "../../middleware/context.ts";
import { validated } from "../../middleware/validate.ts";
import type { JsonObject, PayoutsAdmin } from "../../ports.ts";
import { actor, reason } from "./payouts-schemas.ts";
import { periodParam } from "./schemas.ts";

const params = z.strictObject({ action: z.enum(["approve", "hold", "release"]) });
const body = z.strictObject({
  period: periodParam,
  partners: z.array(z.string().min(1)).min(1).max(10_000).optional(),
  state: z.string().min(1).optional(),
  flag: z.string().min(1).optional(),
  min_amount: z.string().optional(),
  max_amount: z.string().optional(),
  actor,
  reason,
});

export function actOnPayouts(payouts: PayoutsAdmin) {
  return validated({ params, body }, async ({ params, body }, req, res) => {
    const { actor: who, reason: why, ...selection } = body;
    const r = await payouts.act({
      action: params.action,
      selection: selection as JsonObject,
      actor: who,
      reason: why,
    });
    if (!r.ok) throw new HttpError("VALIDATION_FAILED", "the request is invalid", { problems: r.problems });
    context(req).log.info({ action: params.action, period: body.period, actor: who }, "payouts changed");
    res.json(r.report);
  });
}
