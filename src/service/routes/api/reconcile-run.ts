// POST /api/reconcile: a full reconcile now; answers with the run's summary, or 409
// RUN_IN_PROGRESS when one is already going (here or on another replica).
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { validated } from "../../middleware/validate.ts";
import type { Jobs } from "../../ports.ts";
import type { RunGuard } from "../../scheduler/run-guard.ts";
import { sendRun } from "./run-response.ts";

const body = z.strictObject({}).optional();

export function runReconcile(jobs: Jobs, guard: RunGuard) {
  return validated({ body }, async (_input, _req, res) => {
    const outcome = await guard.run("reconcile", null, () => jobs.reconcile({ trigger: "api" }));
    if (!outcome.ran) throw new HttpError("RUN_IN_PROGRESS", "a reconcile run is already in progress");
    sendRun(res, outcome.value);
  });
}
