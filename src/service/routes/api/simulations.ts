// POST /api/simulations { program, period }: starts simulating a draft program in the background
// and answers at once — 202 with the job (queued or running), or 200 when the same draft, period
// and data were simulated before (the job is done and holds the result). An invalid draft is
// refused with 400 and each problem's path. GET /api/simulations/:id: the job, its progress and,
// once done, its result (the shape POST /api/simulate answers); 404 when this service does not
// know the id (kept for the last 20 simulations, lost on restart: start it again).
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import { actorOf } from "../../middleware/admin-auth.ts";
import { validated } from "../../middleware/validate.ts";
import type { SimulateAdmin } from "../../ports.ts";
import { periodParam } from "./schemas.ts";

const body = z.strictObject({ program: z.json(), period: periodParam });
const params = z.strictObject({ id: z.uuid() });

export function startSimulation(port: SimulateAdmin) {
  return validated({ body }, async ({ body }, req, res) => {
    const started = await port.start({ program: body.program, period: body.period, by: actorOf(req) });
    if (!started.ok) {
      throw new HttpError("VALIDATION_FAILED", "the draft program is invalid", {
        problems: started.problems.map((p) => ({
          path: p.path ? `body.program.${p.path}` : "body.program",
          message: p.message,
        })),
      });
    }
    res.status(started.job.status === "done" ? 200 : 202).json({ job: started.job });
  });
}

export function getSimulation(port: SimulateAdmin) {
  return validated({ params }, async ({ params }, _req, res) => {
    const job = port.job(params.id);
    if (!job)
      throw new HttpError(
        "NOT_FOUND",
        `no simulation ${params.id} (finished long ago, or the service restarted)`,
      );
    res.json({ job });
  });
}
