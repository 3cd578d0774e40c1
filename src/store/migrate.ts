// Applies pending migrations in one transaction holding an advisory lock, so two processes
// starting at once apply each migration exactly once and re-running is a no-op.
import type { Migration } from "./migrations/index.ts";
import { migrations as all } from "./migrations/index.ts";
import type { SqlExecutor } from "./sql.ts";

export interface MigrateResult {
  applied: number[];
}

export async function migrate(
  db: SqlExecutor,
  migrations: readonly Migration[] = all,
): Promise<MigrateResult> {
  return db.transaction(async (tx) => {
    await db.lockInTransaction(tx, "schema_migrations");
    // Under the lock: two migrators racing on CREATE SCHEMA would otherwise hit a unique violation.
    if (db.schema !== "public") await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${db.schema}`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = await tx.query<{ version: number }>("SELECT version FROM schema_migrations");
    const have = new Set(done.rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (have.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
      applied.push(m.version);
    }
    return { applied };
  });
}
