// GET /api/runs?kind&limit&cursor: sync and reconcile runs, newest first, paged.
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { RunsAdmin } from "../../ports.ts";
import { cursorParam, defined, limitParam } from "./schemas.ts";

const query = z.strictObject({
  kind: z.enum(["sync", "reconcile"]).optional(),
  limit: limitParam,
  cursor: cursorParam,
});

export function listRuns(runs: RunsAdmin) {
  return validated({ query }, async ({ query }, _req, res) => {
    res.json(await runs.list(defined(query)));
  });
}
