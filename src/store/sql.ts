// The tiny SQL surface every repository is written against. Two implementations exist
// (embedded PGlite and a node-postgres pool); nothing above this file knows which one it has.

export type Backend = "pglite" | "postgres";

export interface QueryResult<R> {
  rows: R[];
  /** Rows inserted/updated/deleted by the statement (0 for SELECT on PGlite). */
  rowCount: number;
}

/** Something that runs SQL: the executor itself or one open transaction. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several `;`-separated statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlTransaction extends Queryable {
  readonly inTransaction: true;
}

export interface SqlExecutor extends Queryable {
  readonly backend: Backend;
  /** The schema every unqualified name resolves to (`search_path`). */
  readonly schema: string;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Called on a transaction-bound executor it joins the open transaction.
   */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /**
   * Takes a lock on `key` until the current transaction ends, so two writers (in this process
   * or another one on the same database) never interleave. Only valid inside `transaction`.
   */
  lockInTransaction(tx: SqlTransaction, key: string): Promise<void>;
  /**
   * Tries to take a lock on `key` held until `release` (not tied to a transaction): a session
   * advisory lock on a connection of its own (PostgreSQL), so it spans a whole run and dies
   * with the process. null when another session holds it. PGlite: always granted (one process
   * owns the data folder; see dir-lock.ts).
   */
  trySessionLock(key: string): Promise<SessionLock | null>;
  close(): Promise<void>;
}

export interface SessionLock {
  release(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names are interpolated into SQL (search_path), so only plain identifiers pass. */
export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name '${schema}': use lower-case letters, digits and _`);
  }
  return schema;
}

/** A FIFO async mutex: PGlite has one connection, so writers queue here instead of on a lock. */
export class AsyncMutex {
  #tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** timestamptz values come back as Date from both drivers; the store hands out ISO strings. */
export function isoTimestamp(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string") return new Date(value).toISOString();
  throw new Error(`expected a timestamp, got ${typeof value}`);
}

export function isoTimestampOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : isoTimestamp(value);
}

/** An executor view of one open transaction: nested `transaction` calls join it. */
export function bindToTransaction(parent: SqlExecutor, tx: SqlTransaction): SqlExecutor {
  return {
    backend: parent.backend,
    schema: parent.schema,
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    transaction: (fn) => fn(tx),
    lockInTransaction: (_tx, key) => parent.lockInTransaction(tx, key),
    trySessionLock: (key) => parent.trySessionLock(key),
    close: async () => {},
  };
}
