// A run killed mid-way (SIGKILL, OOM, a lost container) cannot mark itself finished. Every run
// records its owner and a heartbeat; the next run closes the ones whose process is gone, or that
// have been silent for longer than any live run can be, as failed with the reason. Nothing else
// needs repair: pages, postings and writes are committed as they go, and the next run resumes.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Store } from "../store/index.ts";
import { processAlive } from "../store/index.ts";

export const HEARTBEAT_MS = 30_000;
/** Ten missed heartbeats: the run's process is gone or hung. */
export const SILENT_LIMIT_MS = 10 * HEARTBEAT_MS;

export interface RunOwner {
  host: string;
  pid: number;
  /** Tells runtimes of one process apart (tests, replicas in one process). */
  instance: string;
}

export function newRunOwner(): RunOwner {
  return { host: hostname(), pid: process.pid, instance: randomUUID().slice(0, 8) };
}

export const ownerLabel = (o: RunOwner) => `${o.host}:${o.pid}:${o.instance}`;

function parseOwner(label: string | null): RunOwner | null {
  const m = label ? /^(.*):(\d+):([^:]+)$/.exec(label) : null;
  return m ? { host: m[1]!, pid: Number(m[2]), instance: m[3]! } : null;
}

/** Why a running run is abandoned, or null while it may still be alive. */
export function abandonedBecause(
  run: { owner: string | null; silentMs: number },
  self: RunOwner,
  alive: (pid: number) => boolean = processAlive,
): string | null {
  const owner = parseOwner(run.owner);
  if (owner && owner.host === self.host && owner.pid !== self.pid && !alive(owner.pid)) {
    return `its process (${owner.host} pid ${owner.pid}) is gone`;
  }
  if (run.silentMs > SILENT_LIMIT_MS) {
    return `no sign of life for ${Math.round(run.silentMs / 1000)} s`;
  }
  return null;
}

/** Closes abandoned runs as failed; returns their ids. */
export async function closeAbandonedRuns(store: Store, self: RunOwner, log: Logger): Promise<number[]> {
  const closed: number[] = [];
  for (const run of await store.runs.running()) {
    const reason = abandonedBecause(run, self);
    if (!reason) continue;
    await store.runs.finish(run.id, {
      outcome: "failed",
      message: `interrupted: ${reason}; what it had committed stands and later runs resumed from there`,
    });
    log.warn({ abandonedRun: run.id, reason }, "closed a run its process left running");
    closed.push(run.id);
  }
  return closed;
}

/** Beats every HEARTBEAT_MS until stopped; a failed beat is only logged. */
export function startHeartbeat(store: Store, runId: number, log: Logger): () => void {
  const timer = setInterval(() => {
    store.runs.heartbeat(runId).catch((err: unknown) => log.warn({ err }, "run heartbeat failed"));
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}
