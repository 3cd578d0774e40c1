// POST /api/mappings/validate { mapping, live? }: checks a mapping without changing anything;
// with live: true also against each CRM's live describe/properties. 200 either way: { valid, problems }.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { MappingsAdmin } from "../../ports.ts";

const body = z.strictObject({ mapping: z.json(), live: z.boolean().optional() });

export function validateMappings(mappings: MappingsAdmin) {
  return validated({ body }, async ({ body }, _req, res) => {
    const result = await mappings.validate(body.mapping, { live: body.live === true });
    res.json({ valid: result.ok, problems: result.ok ? [] : result.problems });
  });
}
