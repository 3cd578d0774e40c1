// GET /api/partners?q&limit&cursor: partners whose name, key or domain contains q, in name order,
// paged on the server, with the total count and each one's latest tier and payable.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { Admin } from "../../ports.ts";
import { available } from "./available.ts";
import { cursorParam, defined, limitParam } from "./schemas.ts";

const query = z.strictObject({ q: z.string().max(200).optional(), limit: limitParam, cursor: cursorParam });

export function searchPartners(admin: Admin) {
  return validated({ query }, async ({ query }, _req, res) => {
    res.json(await available(admin.partners, "partner search").search(defined(query)));
  });
}
