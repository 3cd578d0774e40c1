// GET /api/crm/:crm/objects/:object/fields: the object's fields as the CRM describes them right
// now (name, label, type, updateable, picklist values) — the console's field picker.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { validated } from "../../middleware/validate.ts";
import type { MappingsAdmin } from "../../ports.ts";
import { available } from "./available.ts";
import { crmParam } from "./schemas.ts";

const params = z.strictObject({ crm: crmParam, object: z.string().regex(/^[A-Za-z0-9_]{1,80}$/) });

export function crmFields(mappings: MappingsAdmin) {
  return validated({ params }, async ({ params }, _req, res) => {
    const fields = await available(mappings.fields, "CRM describes")(params.crm, params.object);
    if (!fields) throw new HttpError("NOT_AVAILABLE", `${params.crm} is not connected`);
    res.json({ crm: params.crm, object: params.object, fields });
  });
}
