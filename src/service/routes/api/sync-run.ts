// POST /api/sync { crm?, records? }: an incremental (or targeted) sync now; answers with the
// run's summary. Shares the scheduler's run guard, so a manual run never overlaps a scheduled
// one here or on another replica: 409 RUN_IN_PROGRESS instead.
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { validated } from "../../middleware/validate.ts";
import type { Jobs } from "../../ports.ts";
import type { RunGuard } from "../../scheduler/run-guard.ts";
import { sendRun } from "./run-response.ts";
import { crmParam, idParam } from "./schemas.ts";

const body = z
  .strictObject({
    crm: crmParam.optional(),
    records: z
      .array(z.strictObject({ object: z.string().min(1).max(80), id: idParam }))
      .min(1)
      .max(200)
      .optional(),
  })
  .optional();

export function runSync(jobs: Jobs, guard: RunGuard) {
  return validated({ body }, async ({ body }, _req, res) => {
    const outcome = await guard.run("sync", null, () =>
      jobs.sync({
        trigger: "api",
        ...(body?.crm ? { crm: body.crm } : {}),
        ...(body?.records ? { records: body.records } : {}),
      }),
    );
    if (!outcome.ran) throw new HttpError("RUN_IN_PROGRESS", "a sync run is already in progress");
    sendRun(res, outcome.value);
  });
}
