// GET /api/mappings/history?crm&limit&cursor: saved mapping versions, newest first, each with who
// saved it, when, and its diff against the version before it.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { MappingsAdmin } from "../../ports.ts";
import { available } from "./available.ts";
import { crmParam, cursorParam, defined, limitParam } from "./schemas.ts";

const query = z.strictObject({ crm: crmParam.optional(), limit: limitParam, cursor: cursorParam });

export function mappingsHistory(mappings: MappingsAdmin) {
  return validated({ query }, async ({ query }, _req, res) => {
    const history = available(mappings.history, "mapping history");
    res.json(await history(defined(query)));
  });
}
