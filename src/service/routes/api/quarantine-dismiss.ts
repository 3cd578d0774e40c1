// POST /api/quarantine/:id/dismiss { reason? }: stops retrying a quarantined record.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { context } from "../../middleware/context.ts";
import { validated } from "../../middleware/validate.ts";
import type { QuarantineAdmin } from "../../ports.ts";
import { idParam } from "./schemas.ts";

const params = z.strictObject({ id: idParam });
const body = z.strictObject({ reason: z.string().min(1).max(1000).optional() }).optional();

export function dismissQuarantined(quarantine: QuarantineAdmin) {
  return validated({ params, body }, async ({ params, body }, req, res) => {
    if (!(await quarantine.dismiss(params.id, body?.reason ?? null))) {
      throw new HttpError("NOT_FOUND", `no open quarantined record ${params.id}`);
    }
    context(req).log.info({ quarantineId: params.id }, "quarantined record dismissed");
    res.json({ id: params.id, status: "dismissed" });
  });
}
