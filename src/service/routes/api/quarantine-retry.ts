// POST /api/quarantine/:id/retry: puts an open quarantined record back in line for the next run.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { context } from "../../middleware/context.ts";
import { validated } from "../../middleware/validate.ts";
import type { QuarantineAdmin } from "../../ports.ts";
import { idParam } from "./schemas.ts";

const params = z.strictObject({ id: idParam });

export function retryQuarantined(quarantine: QuarantineAdmin) {
  return validated({ params }, async ({ params }, req, res) => {
    if (!(await quarantine.retry(params.id)))
      throw new HttpError("NOT_FOUND", `no open quarantined record ${params.id}`);
    context(req).log.info({ quarantineId: params.id }, "quarantined record queued for retry");
    res.status(202).json({ id: params.id, status: "retry_queued" });
  });
}
