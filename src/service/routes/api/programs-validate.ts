// POST /api/programs/validate { program }: checks a program without publishing it.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { ProgramsAdmin } from "../../ports.ts";

const body = z.strictObject({ program: z.json() });

export function validateProgram(programs: ProgramsAdmin) {
  return validated({ body }, async ({ body }, _req, res) => {
    const result = await programs.validate(body.program);
    res.json({ valid: result.ok, problems: result.ok ? [] : result.problems });
  });
}
