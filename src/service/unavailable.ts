// Stand-ins used by `incentives serve` until the sync orchestration lands. They never pretend:
// every run is recorded with outcome "unavailable" and a message saying nothing was synced, and
// every admin document operation answers 501 NOT_AVAILABLE. The run log is real (in memory), so
// GET /api/runs shows exactly what the scheduler and API attempted.
import { randomUUID } from "node:crypto";
import { PortUnavailableError } from "./errors.ts";
import type { Admin, Jobs, Page, RunKind, RunSummary, RunsAdmin, RunTrigger } from "./ports.ts";

export const NOT_WIRED_MESSAGE =
  "the sync layer is not wired into this build yet; nothing was read, computed or written";

export interface RunLog extends RunsAdmin {
  record(summary: RunSummary): void;
}

export function createInMemoryRunLog(capacity = 500): RunLog {
  const runs: RunSummary[] = []; // newest first
  return {
    record(summary) {
      runs.unshift(summary);
      runs.length = Math.min(runs.length, capacity);
    },
    async list({ limit, cursor, kind }): Promise<Page<RunSummary>> {
      const matching = kind ? runs.filter((r) => r.kind === kind) : runs;
      const start = cursor ? Math.max(0, Number.parseInt(cursor, 10) || 0) : 0;
      const items = matching.slice(start, start + limit);
      const next = start + limit < matching.length ? String(start + limit) : null;
      return { items, nextCursor: next };
    },
  };
}

export function createUnavailableJobs(log: RunLog, clock: () => Date = () => new Date()): Jobs {
  const run = async (kind: RunKind, trigger: RunTrigger): Promise<RunSummary> => {
    const at = clock().toISOString();
    const summary: RunSummary = {
      runId: randomUUID(),
      kind,
      trigger,
      outcome: "unavailable",
      startedAt: at,
      finishedAt: at,
      counts: {},
      message: NOT_WIRED_MESSAGE,
    };
    log.record(summary);
    return summary;
  };
  return {
    sync: (request) => run("sync", request.trigger),
    reconcile: (request) => run("reconcile", request.trigger),
  };
}

const unavailable = (what: string) => async (): Promise<never> => {
  throw new PortUnavailableError(what);
};

export function createUnavailableAdmin(runs: RunsAdmin): Admin {
  return {
    mappings: {
      get: unavailable("mappings"),
      validate: unavailable("mapping validation"),
      replace: unavailable("mapping replacement"),
    },
    programs: {
      list: unavailable("programs"),
      validate: unavailable("program validation"),
      publish: unavailable("program publishing"),
    },
    simulate: { simulate: unavailable("simulation") },
    statements: { get: unavailable("statements") },
    ledger: { list: unavailable("the ledger") },
    runs,
    quarantine: {
      list: unavailable("quarantine"),
      retry: unavailable("quarantine retry"),
      dismiss: unavailable("quarantine dismissal"),
    },
  };
}
