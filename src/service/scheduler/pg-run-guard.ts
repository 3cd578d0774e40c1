// Run guard for replicas sharing one PostgreSQL.
//  1. pg_try_advisory_lock(job) on a dedicated pooled connection, held for the whole run: no two
//     runs of a job overlap anywhere, and the lock dies with the connection if the process does.
//  2. For scheduled ticks, INSERT (job, tick) into scheduled_ticks ON CONFLICT DO NOTHING while
//     holding the lock: a replica that fires the tick late, after another finished it and
//     released the lock, finds the row and skips. Try-lock alone would let it run again.
// The table is created here with CREATE TABLE IF NOT EXISTS until the store's migrations take it
// over. Rows older than 14 days are pruned as ticks are claimed.
// https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS
import pg from "pg";
import type { RunGuard } from "./run-guard.ts";

export interface PgRunGuardOptions {
  connectionString: string;
  /** Schema holding scheduled_ticks; also namespaces the lock keys. */
  schema?: string;
  /** Identifies this replica in claimed rows (diagnostics only). */
  owner?: string;
}

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export function createPgRunGuard(options: PgRunGuardOptions): RunGuard {
  const schema = options.schema ?? "public";
  const table = `${quoteIdent(schema)}.scheduled_ticks`;
  const owner = options.owner ?? `${process.pid}`;
  // One connection per concurrent run (sync and reconcile) plus one for pruning headroom.
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 4 });
  // An idle connection dropped by the server must not crash the process; the next tick reconnects.
  pool.on("error", () => {});
  const busy = new Set<string>();
  let ready: Promise<void> | null = null;

  const ensureTable = (): Promise<void> => {
    ready ??= pool
      .query(
        `CREATE TABLE IF NOT EXISTS ${table} (
           job text NOT NULL,
           tick timestamptz NOT NULL,
           claimed_by text NOT NULL,
           claimed_at timestamptz NOT NULL DEFAULT now(),
           PRIMARY KEY (job, tick))`,
      )
      .then(
        () => undefined,
        (error: unknown) => {
          // Two replicas creating the table at once: one loses the race on the catalog's unique
          // index (23505) or sees it already created (42P07). Either way the table exists.
          const code = (error as { code?: string }).code;
          if (code === "23505" || code === "42P07") return;
          ready = null; // retry on the next tick
          throw error;
        },
      );
    return ready;
  };

  return {
    async run(job, tick, fn) {
      // Cheap local check first: no connection spent on a tick this process cannot run.
      if (busy.has(job)) return { ran: false, reason: "overlap" };
      busy.add(job);
      try {
        await ensureTable();
        const client = await pool.connect();
        let locked = false;
        try {
          const key = `${schema}.scheduler.${job}`;
          const lock = await client.query<{ locked: boolean }>(
            "SELECT pg_try_advisory_lock(hashtext($1)) AS locked",
            [key],
          );
          locked = lock.rows[0]?.locked === true;
          if (!locked) {
            // Either a sibling is running this very tick, or an earlier run is still going.
            if (tick) {
              const seen = await client.query(`SELECT 1 FROM ${table} WHERE job = $1 AND tick = $2`, [
                job,
                tick,
              ]);
              if (seen.rowCount) return { ran: false, reason: "claimed_elsewhere" };
            }
            return { ran: false, reason: "overlap" };
          }
          if (tick) {
            const claim = await client.query(
              `INSERT INTO ${table} (job, tick, claimed_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
              [job, tick, owner],
            );
            if (claim.rowCount !== 1) return { ran: false, reason: "claimed_elsewhere" };
            await client.query(`DELETE FROM ${table} WHERE job = $1 AND tick < now() - interval '14 days'`, [
              job,
            ]);
          }
          return { ran: true, value: await fn() };
        } finally {
          try {
            if (locked)
              await client.query("SELECT pg_advisory_unlock(hashtext($1))", [`${schema}.scheduler.${job}`]);
            client.release();
          } catch (error) {
            // A broken connection drops its locks with it; do not reuse it.
            client.release(error instanceof Error ? error : true);
          }
        }
      } finally {
        busy.delete(job);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
