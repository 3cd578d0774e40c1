// GET /api/payout-batches/:batch: the batch's CSV exactly as it was first handed out.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { validated } from "../../middleware/validate.ts";
import type { PayoutsAdmin } from "../../ports.ts";

const params = z.strictObject({
  batch: z
    .string()
    .regex(/^\d{1,9}$/, "must be a batch number")
    .transform(Number),
});

export function getBatchFile(payouts: PayoutsAdmin) {
  return validated({ params, query: z.strictObject({}) }, async ({ params }, _req, res) => {
    const f = await payouts.batchFile(params.batch);
    if (!f) throw new HttpError("NOT_FOUND", `no export batch ${params.batch}`);
    res
      .type("text/csv; charset=utf-8")
      .set("Content-Disposition", `attachment; filename="payouts-${f.period}-batch-${params.batch}.csv"`)
      .send(f.csv);
  });
}
