// Simulations as background jobs: starting one answers at once with a job id; the console polls
// the job for its progress and its result. One simulation computes at a time (each holds the
// engine's data for every deal; two at once would double the memory for no gain on two cores),
// the others queue. A finished job is the answer for the same draft, period and data version:
// asking again returns it at once instead of computing it again.
import { createHash, randomUUID } from "node:crypto";
import type { Store } from "../../store/index.ts";
import type { Problem, SimulationJob } from "../ports.ts";
import type { SimulationOutcome, SimulationProgress, Simulator } from "./simulator.ts";

export interface SimulationJobs {
  /** Starts (or finds) the simulation of `draft` for `period`; resolves once it is queued. */
  start(request: { text: string; period: string; by: string }): Promise<SimulationJob>;
  get(id: string): SimulationJob | null;
  /** Resolves when the job has finished (done or failed). */
  settled(id: string): Promise<SimulationJob | null>;
}

interface Entry {
  job: SimulationJob;
  key: string;
  finished: Promise<void>;
}

/** Finished jobs kept for reading back and as the cache (each holds one result). */
const KEEP_FINISHED = 20;

export function createSimulationJobs(deps: {
  store: Store;
  simulator: Simulator;
  clock?: () => Date;
  onFinished?: (job: SimulationJob, seconds: number) => void;
}): SimulationJobs {
  const clock = deps.clock ?? (() => new Date());
  const jobs = new Map<string, Entry>();
  const byKey = new Map<string, string>();
  // The queue: each job starts when the one before it has settled.
  let tail: Promise<void> = Promise.resolve();

  const evict = () => {
    const finished = [...jobs.values()].filter((e) => e.job.finishedAt !== null);
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      jobs.delete(e.job.id);
      if (byKey.get(e.key) === e.job.id) byKey.delete(e.key);
    }
  };

  const settle = (e: Entry, outcome: SimulationOutcome | { ok: false; problems: Problem[] }) => {
    const end = clock();
    e.job.finishedAt = end.toISOString();
    e.job.durationMs = end.getTime() - Date.parse(e.job.startedAt);
    e.job.progress = { phase: "done", done: null, total: null };
    if (outcome.ok) {
      e.job.status = "done";
      e.job.result = outcome.result;
      e.job.baseline = outcome.baseline;
    } else {
      e.job.status = "failed";
      e.job.problems = outcome.problems;
      // A failure is not an answer to cache: the same request computes again.
      if (byKey.get(e.key) === e.job.id) byKey.delete(e.key);
    }
    deps.onFinished?.(e.job, e.job.durationMs / 1000);
    evict();
  };

  return {
    async start({ text, period, by }) {
      const version = await deps.store.simulationInputs.dataVersion();
      const draftHash = createHash("sha256").update(text).digest("hex");
      const key = `${draftHash}|${period}|${version.version}`;
      const known = byKey.get(key);
      if (known && jobs.has(known)) {
        const job = jobs.get(known)!.job;
        return job.status === "done" ? { ...job, cached: true } : job;
      }
      const job: SimulationJob = {
        id: randomUUID(),
        status: "queued",
        period,
        draftHash,
        dataVersion: version.version,
        requestedBy: by,
        cached: false,
        progress: { phase: "queued", done: null, total: null },
        baseline: null,
        startedAt: clock().toISOString(),
        finishedAt: null,
        durationMs: null,
      };
      const entry: Entry = { job, key, finished: Promise.resolve() };
      const onProgress = (p: SimulationProgress) => {
        job.progress = p;
      };
      entry.finished = tail.then(async () => {
        job.status = "running";
        try {
          // Read again: the data may have moved while the job waited in the queue.
          const current = await deps.store.simulationInputs.dataVersion();
          job.dataVersion = current.version;
          settle(entry, await deps.simulator.run({ text, period, version: current }, onProgress));
        } catch (error) {
          settle(entry, {
            ok: false,
            problems: [{ path: "", message: `simulation failed: ${(error as Error).message}` }],
          });
        }
      });
      tail = entry.finished;
      jobs.set(job.id, entry);
      byKey.set(key, job.id);
      return job;
    },
    get(id) {
      return jobs.get(id)?.job ?? null;
    },
    async settled(id) {
      const e = jobs.get(id);
      if (!e) return null;
      await e.finished;
      return e.job;
    },
  };
}
