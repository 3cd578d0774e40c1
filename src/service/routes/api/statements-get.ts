// GET /api/partners/:partnerId/statements/:period: one partner's statement with explanations.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { validated } from "../../middleware/validate.ts";
import type { StatementsAdmin } from "../../ports.ts";
import { idParam, periodParam } from "./schemas.ts";

const params = z.strictObject({ partnerId: idParam, period: periodParam });
const query = z.strictObject({});

export function getStatement(statements: StatementsAdmin) {
  return validated({ params, query }, async ({ params }, _req, res) => {
    const statement = await statements.get({ partnerId: params.partnerId, period: params.period });
    if (!statement)
      throw new HttpError("NOT_FOUND", `no statement for partner ${params.partnerId} in ${params.period}`);
    res.json({ statement });
  });
}
