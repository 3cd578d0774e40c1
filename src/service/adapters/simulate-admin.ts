// Simulate: a draft program against the stored canonical data (simulator.ts), either waited for
// (POST /api/simulate) or as a background job the console polls (POST /api/simulations). Both go
// through the same job queue, so they share its cache and never compute two at once.
import type { Data } from "../../engine/index.ts";
import { parseProgram } from "../../engine/index.ts";
import type { Store } from "../../store/index.ts";
import type { Metrics } from "../metrics.ts";
import type { Outcome, SimulateAdmin, SimulationJob } from "../ports.ts";
import { engineProblems, programText } from "./programs-admin.ts";
import { createSimulationJobs } from "./simulation-jobs.ts";
import { createThreadSimulator } from "./simulation-thread.ts";
import { createSimulator, type Simulator } from "./simulator.ts";

export { componentDeltas } from "./simulator.ts";

export function createSimulateAdmin(deps: {
  store: Store;
  fx?: Data["fx"];
  metrics?: Metrics;
  /**
   * Options of the simulator: how long its data is kept, whether posted statements are reused
   * (tests compare), and `inline` to compute on this thread instead of a worker (tests).
   */
  simulator?: { keepDataMs?: number; reusePosted?: boolean; inline?: boolean };
}): SimulateAdmin & { simulator: Simulator } {
  const { inline, ...options } = deps.simulator ?? {};
  const make = inline ? createSimulator : createThreadSimulator;
  const simulator = make({ store: deps.store, ...(deps.fx ? { fx: deps.fx } : {}), ...options });
  const jobs = createSimulationJobs({
    store: deps.store,
    simulator,
    onFinished: (job, seconds) => {
      if (!job.cached) deps.metrics?.computeDuration.observe({ kind: "simulate" }, seconds);
    },
  });

  const start = async (request: {
    program: unknown;
    period: string;
    by: string;
  }): Promise<Outcome<{ job: SimulationJob }>> => {
    const text = programText(request.program as never);
    // Parsing is cheap and names each problem's path: an invalid draft never becomes a job.
    const draft = parseProgram(text);
    if (!draft.ok) return { ok: false, problems: engineProblems(draft.problems) };
    return {
      ok: true,
      job: await jobs.start({ text, period: request.period, by: request.by }),
    };
  };

  return {
    simulator,
    start,
    job: (id) => jobs.get(id),
    async simulate({ program, period }) {
      const started = await start({ program, period, by: "api" });
      if (!started.ok) return started;
      const job = started.job.status === "done" ? started.job : await jobs.settled(started.job.id);
      if (job?.status !== "done" || !job.result)
        return { ok: false, problems: job?.problems ?? [{ path: "", message: "the simulation was lost" }] };
      return { ok: true, result: job.result };
    },
  };
}
