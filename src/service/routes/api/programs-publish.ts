// POST /api/programs { program, effectiveFrom }: publishes a new version. Each period is later
// computed with the version in effect at its start. An invalid program is refused with 400 and
// its problems; nothing is published.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { context } from "../../middleware/context.ts";
import { validated } from "../../middleware/validate.ts";
import type { ProgramsAdmin } from "../../ports.ts";

const body = z.strictObject({ program: z.json(), effectiveFrom: z.iso.date() });

export function publishProgram(programs: ProgramsAdmin) {
  return validated({ body }, async ({ body }, req, res) => {
    const result = await programs.publish({ program: body.program, effectiveFrom: body.effectiveFrom });
    if (!result.ok) {
      throw new HttpError("VALIDATION_FAILED", "the program is invalid; nothing was published", {
        problems: result.problems.map((p) => ({
          path: p.path ? `body.program.${p.path}` : "body.program",
          message: p.message,
        })),
      });
    }
    context(req).log.info(
      { version: result.version.version, effectiveFrom: result.version.effectiveFrom },
      "program published",
    );
    res.status(201).json({ version: result.version });
  });
}
