// A PostgreSQL server through a node-postgres pool. Cross-process safety comes from
// transaction-scoped advisory locks keyed by schema, so test schemas never block each other.
import pg from "pg";
import type { QueryResult, SqlExecutor, SqlTransaction } from "./sql.ts";
import { assertSchemaName } from "./sql.ts";

export interface PgOptions {
  connectionString: string;
  schema?: string;
  /** Pool size; the store needs few connections. */
  max?: number;
}

function wrap(client: pg.PoolClient): SqlTransaction {
  return {
    inTransaction: true,
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await client.query(sql, params ? [...params] : undefined);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
  };
}

export async function openPostgres(options: PgOptions): Promise<SqlExecutor> {
  const schema = assertSchemaName(options.schema ?? "public");
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 4,
    // Every connection resolves unqualified names in the configured schema only.
    options: `-c search_path=${schema}`,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  // Fail at open, not at the first real query, when the server is unreachable.
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  let closed = false;

  return {
    backend: "postgres",
    schema,
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await pool.query(sql, params ? [...params] : undefined);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const value = await fn(wrap(client));
        await client.query("COMMIT");
        return value;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async lockInTransaction(tx: SqlTransaction, key: string): Promise<void> {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", [schema, key]);
    },
    async trySessionLock(key: string) {
      // Its own connection, outside the pool: a session lock is held by the connection, and a
      // pooled one would go back to the pool still holding it.
      // https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
      const client = new pg.Client({ connectionString: options.connectionString });
      client.on("error", () => {}); // a dropped connection drops the lock; the run notices on its own queries
      await client.connect();
      try {
        const r = await client.query<{ locked: boolean }>(
          "SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked",
          [schema, key],
        );
        if (r.rows[0]?.locked !== true) {
          await client.end();
          return null;
        }
      } catch (error) {
        await client.end().catch(() => {});
        throw error;
      }
      return {
        async release() {
          // Ending the session releases every advisory lock it holds.
          await client.end().catch(() => {});
        },
      };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
