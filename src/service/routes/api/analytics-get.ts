// GET /api/analytics?period=2026-Q4: the program's analytics for a period (issue #17,
// docs/analytics.md), every figure with the ids of the partners and deals behind it.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { validated } from "../../middleware/validate.ts";
import type { Admin } from "../../ports.ts";
import { available } from "./available.ts";
import { periodParam } from "./schemas.ts";

const query = z.strictObject({ period: periodParam });

export function getAnalytics(admin: Admin) {
  return validated({ query }, async ({ query: q }, _req, res) => {
    const r = await available(admin.analytics, "analytics").get({ period: q.period });
    if (!r.ok) throw new HttpError("VALIDATION_FAILED", "the request is invalid", { problems: r.problems });
    res.json({ analytics: r.analytics });
  });
}
