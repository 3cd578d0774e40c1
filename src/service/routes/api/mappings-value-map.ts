// POST /api/mappings/value-maps { crm, entity, field, value, canonical }: adds one entry to a
// field's value map (the mapping is validated and saved like PUT /api/mappings, with history),
// then queues the records quarantined for that value for retry on the next run.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { actorOf } from "../../middleware/admin-auth.ts";
import { context } from "../../middleware/context.ts";
import { validated } from "../../middleware/validate.ts";
import type { MappingsAdmin } from "../../ports.ts";
import { available } from "./available.ts";
import { crmParam } from "./schemas.ts";

const body = z.strictObject({
  crm: crmParam,
  entity: z.enum(["partner", "deal"]),
  field: z.string().regex(/^[a-z_]{1,64}$/),
  value: z.string().min(1).max(255),
  canonical: z.string().min(1).max(64),
});

export function mapValue(mappings: MappingsAdmin) {
  return validated({ body }, async ({ body }, req, res) => {
    const result = await available(mappings.mapValue, "value mapping")(body, actorOf(req));
    if (!result.ok) {
      throw new HttpError("VALIDATION_FAILED", "the value could not be mapped; the mapping is unchanged", {
        problems: result.problems,
      });
    }
    context(req).log.info(
      { crm: body.crm, field: body.field, retried: result.retried },
      "picklist value mapped",
    );
    res.json({ mapped: body, retried: result.retried });
  });
}
