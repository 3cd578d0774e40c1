// GET /api/partners/:partnerId: one partner's data, CRM records (with links), the last statement
// of each period (tier history, payable, funds) and the program's scorecard.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { validated } from "../../middleware/validate.ts";
import type { Admin } from "../../ports.ts";
import { available } from "./available.ts";
import { idParam } from "./schemas.ts";

const params = z.strictObject({ partnerId: idParam });

export function getPartner(admin: Admin) {
  return validated({ params }, async ({ params }, _req, res) => {
    const partner = await available(admin.partners, "partners").get(params.partnerId);
    if (!partner) throw new HttpError("NOT_FOUND", `no partner ${params.partnerId}`);
    res.json({ partner });
  });
}
