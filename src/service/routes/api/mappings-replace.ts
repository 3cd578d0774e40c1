// PUT /api/mappings { mapping }: replaces the mapping. An invalid one is refused with 400 and
// its problems, and the mapping in force stays as it was.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { actorOf } from "../../middleware/admin-auth.ts";
import { context } from "../../middleware/context.ts";
import { validated } from "../../middleware/validate.ts";
import type { MappingsAdmin } from "../../ports.ts";

const body = z.strictObject({ mapping: z.json() });

export function replaceMappings(mappings: MappingsAdmin) {
  return validated({ body }, async ({ body }, req, res) => {
    const result = await mappings.replace(body.mapping, actorOf(req));
    if (!result.ok) {
      throw new HttpError("VALIDATION_FAILED", "the mapping is invalid; the current mapping is unchanged", {
        problems: result.problems.map((p) => ({
          path: p.path ? `body.mapping.${p.path}` : "body.mapping",
          message: p.message,
        })),
      });
    }
    context(req).log.info({ by: actorOf(req) }, "mapping replaced");
    res.json({ mapping: result.mapping });
  });
}
