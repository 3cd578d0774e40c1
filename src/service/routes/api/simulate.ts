// POST /api/simulate { program, period }: a draft program against stored data. Per-partner
// before/after payout and tier, and totals; writes nothing.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { validated } from "../../middleware/validate.ts";
import type { SimulateAdmin } from "../../ports.ts";
import { periodParam } from "./schemas.ts";

const body = z.strictObject({ program: z.json(), period: periodParam });

export function simulate(port: SimulateAdmin) {
  return validated({ body }, async ({ body }, _req, res) => {
    const result = await port.simulate({ program: body.program, period: body.period });
    if (!result.ok) {
      throw new HttpError("VALIDATION_FAILED", "the draft program is invalid", {
        problems: result.problems.map((p) => ({
          path: p.path ? `body.program.${p.path}` : "body.program",
          message: p.message,
        })),
      });
    }
    res.json(result.result);
  });
}
