// Embedded PostgreSQL (PGlite, WASM). One connection per process, so transactions are
// serialized by an in-process mutex; advisory locks would be no-ops here anyway.
import { mkdirSync } from "node:fs";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { lockDataDir } from "./dir-lock.ts";
import type { QueryResult, SqlExecutor, SqlTransaction } from "./sql.ts";
import { AsyncMutex, assertSchemaName } from "./sql.ts";

export interface PgliteOptions {
  /** Data folder; `null` keeps everything in memory (tests). */
  dataDir: string | null;
  schema?: string;
}

function txQueryable(tx: Transaction): SqlTransaction {
  return {
    inTransaction: true,
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await tx.query<R>(sql, params ? [...params] : undefined);
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await tx.exec(sql);
    },
  };
}

/**
 * PostgreSQL's 128 MB default shared_buffers lives inside the WASM heap, which never shrinks:
 * a long sync ends up with all of it resident. The OS page cache sits behind PGlite's files
 * anyway, so 32 MB keeps the embedded store's footprint ~100 MB smaller at no measured cost.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"];

export async function openPglite(options: PgliteOptions): Promise<SqlExecutor> {
  const schema = assertSchemaName(options.schema ?? "public");
  let release = () => {};
  if (options.dataDir !== null) {
    mkdirSync(options.dataDir, { recursive: true });
    release = lockDataDir(options.dataDir);
  }
  let db: PGlite;
  try {
    const settings = { startParams: PGLITE_START_PARAMS };
    db = options.dataDir === null ? new PGlite(settings) : new PGlite(options.dataDir, settings);
    await db.waitReady;
    if (schema !== "public") await db.exec(`SET search_path TO ${schema}`);
  } catch (error) {
    release();
    throw error;
  }
  const mutex = new AsyncMutex();
  let closed = false;

  return {
    backend: "pglite",
    schema,
    query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      return mutex.run(async () => {
        const result = await db.query<R>(sql, params ? [...params] : undefined);
        return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
      });
    },
    exec(sql: string): Promise<void> {
      return mutex.run(async () => {
        await db.exec(sql);
      });
    },
    transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
      return mutex.run(() => db.transaction((tx) => fn(txQueryable(tx))));
    },
    async lockInTransaction(): Promise<void> {
      // The mutex held by `transaction` already excludes every other writer of this database.
    },
    async trySessionLock() {
      // No other process can open this data folder (its lock file), and runs of one runtime
      // are serialized in process: nothing to exclude.
      return { release: async () => {} };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await mutex.run(() => db.close());
      } finally {
        release();
      }
    },
  };
}
