// POST /api/mappings/validate { mapping }: checks a mapping without changing anything.
// 200 either way: { valid, problems }.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { MappingsAdmin } from "../../ports.ts";

const body = z.strictObject({ mapping: z.json() });

export function validateMappings(mappings: MappingsAdmin) {
  return validated({ body }, async ({ body }, _req, res) => {
    const result = await mappings.validate(body.mapping);
    res.json({ valid: result.ok, problems: result.ok ? [] : result.problems });
  });
}
