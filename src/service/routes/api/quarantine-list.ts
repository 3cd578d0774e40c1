// GET /api/quarantine?crm&status&limit&cursor: quarantined records, paged.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { QuarantineAdmin } from "../../ports.ts";
import { crmParam, cursorParam, defined, limitParam } from "./schemas.ts";

const query = z.strictObject({
  crm: crmParam.optional(),
  status: z.enum(["open", "dismissed"]).optional(),
  code: z.string().min(1).max(120).optional(),
  limit: limitParam,
  cursor: cursorParam,
});

export function listQuarantine(quarantine: QuarantineAdmin) {
  return validated({ query }, async ({ query }, _req, res) => {
    res.json(await quarantine.list(defined(query)));
  });
}
