// Every sync, compute, reconcile and posting, with its counts and outcome.
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp, isoTimestampOrNull } from "../sql.ts";

export type RunKind = "sync" | "compute" | "reconcile" | "post";
export type RunOutcome = "running" | "ok" | "partial" | "failed";
/**
 * What can start a run, kept with it: schedule, webhook, api (the service), startup (the sandbox's
 * first reconcile), cli (`incentives sync`/`reconcile`), demo (`incentives demo`), bench (the bench
 * scripts). The one list: the run listing (/api/runs) reads a trigger against it.
 */
export const RUN_TRIGGERS = ["schedule", "webhook", "api", "startup", "cli", "demo", "bench"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export interface Run {
  id: number;
  kind: RunKind;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  outcome: RunOutcome;
  message: string | null;
  /** `host:pid` of the process running it. */
  owner: string | null;
  /** Last sign of life while running. */
  heartbeatAt: string | null;
  /** What started it (one of RUN_TRIGGERS when written now); null for runs from before it was kept. */
  trigger: string | null;
}

export interface RunsRepo {
  start(kind: RunKind, owner?: string, trigger?: RunTrigger): Promise<number>;
  /** A running run's sign of life. */
  heartbeat(id: number): Promise<void>;
  /** Runs still marked running (oldest first), with how long each has been silent (database clock). */
  running(): Promise<Array<Run & { silentMs: number }>>;
  finish(
    id: number,
    result: {
      outcome: Exclude<RunOutcome, "running">;
      counts?: Record<string, number>;
      message?: string | null;
    },
  ): Promise<void>;
  get(id: number): Promise<Run | null>;
  /** Most recent first; `beforeId` continues after the last run of the previous page. */
  list(options?: { kind?: RunKind; limit?: number; beforeId?: number }): Promise<Run[]>;
}

function map(r: Record<string, unknown>): Run {
  return {
    id: Number(r.id),
    kind: r.kind as RunKind,
    startedAt: isoTimestamp(r.started_at),
    finishedAt: isoTimestampOrNull(r.finished_at),
    counts: (r.counts ?? {}) as Record<string, number>,
    outcome: r.outcome as RunOutcome,
    message: (r.message as string | null) ?? null,
    owner: (r.owner as string | null) ?? null,
    heartbeatAt: isoTimestampOrNull(r.heartbeat_at),
    trigger: (r.trigger as string | null) ?? null,
  };
}

export function runsRepo(db: SqlExecutor): RunsRepo {
  return {
    async start(kind, owner, trigger) {
      const r = await db.query<{ id: number }>(
        "INSERT INTO runs (kind, owner, trigger, heartbeat_at) VALUES ($1, $2, $3, now()) RETURNING id",
        [kind, owner ?? null, trigger ?? null],
      );
      return Number(r.rows[0]!.id);
    },
    async heartbeat(id) {
      await db.query("UPDATE runs SET heartbeat_at = now() WHERE id = $1 AND outcome = 'running'", [id]);
    },
    async running() {
      const r = await db.query<Record<string, unknown>>(
        `SELECT *, (extract(epoch FROM now() - coalesce(heartbeat_at, started_at)) * 1000)::float8 AS silent_ms
           FROM runs WHERE outcome = 'running' ORDER BY id`,
      );
      return r.rows.map((row) => ({ ...map(row), silentMs: Number(row.silent_ms) }));
    },
    async finish(id, result) {
      await db.query(
        `UPDATE runs SET finished_at = now(), outcome = $2, counts = coalesce($3::jsonb, counts), message = $4
          WHERE id = $1`,
        [id, result.outcome, result.counts ? JSON.stringify(result.counts) : null, result.message ?? null],
      );
    },
    async get(id) {
      const r = await db.query<Record<string, unknown>>("SELECT * FROM runs WHERE id = $1", [id]);
      return r.rows[0] ? map(r.rows[0]) : null;
    },
    async list(options) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT * FROM runs WHERE ($1::text IS NULL OR kind = $1) AND ($3::int IS NULL OR id < $3)
          ORDER BY id DESC LIMIT $2`,
        [options?.kind ?? null, options?.limit ?? 50, options?.beforeId ?? null],
      );
      return r.rows.map(map);
    },
  };
}
