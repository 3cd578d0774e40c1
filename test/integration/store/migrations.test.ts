import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "../../../src/store/migrate.ts";
import { migrations } from "../../../src/store/migrations/index.ts";
import { openExecutor, openStore } from "../../../src/store/store.ts";
import { BACKENDS, configFor, dropSchema, uniqueSchema } from "./helpers.ts";

describe.each(BACKENDS)("migrations on %s", (backend) => {
  const schemas: string[] = [];
  afterAll(async () => {
    if (backend === "postgres") for (const s of schemas) await dropSchema(s);
  });

  it("applies every migration once; re-running is a no-op", async () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    const db = await openExecutor(configFor(backend, schema));
    try {
      expect((await migrate(db)).applied).toEqual(migrations.map((m) => m.version));
      expect((await migrate(db)).applied).toEqual([]);
      const r = await db.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
      expect(r.rows.map((row) => Number(row.version))).toEqual(migrations.map((m) => m.version));
      // The tables landed in the configured schema, not in public.
      const t = await db.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'ledger_entries'",
        [schema],
      );
      expect(t.rows[0]?.n).toBe("1");
    } finally {
      await db.close();
    }
  });

  it("two migrators starting at once apply each migration exactly once", async () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    if (backend === "pglite") {
      // One embedded database per process: two migrators share it and queue on its mutex.
      const db = await openExecutor(configFor(backend, schema));
      try {
        const [a, b] = await Promise.all([migrate(db), migrate(db)]);
        expect([a.applied, b.applied]).toEqual([migrations.map((m) => m.version), []]);
      } finally {
        await db.close();
      }
      return;
    }
    // Separate pools, as two processes would have; the schema does not exist yet either.
    const [a, b] = await Promise.all([
      openExecutor(configFor(backend, schema)),
      openExecutor(configFor(backend, schema)),
    ]);
    try {
      const results = await Promise.all([migrate(a), migrate(b)]);
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, migrations.length]);
      const r = await a.query<{ n: string }>("SELECT count(*)::text AS n FROM schema_migrations");
      expect(r.rows[0]?.n).toBe(String(migrations.length));
      // And full stores opening concurrently on a migrated schema work too.
      const stores = await Promise.all([
        openStore(configFor(backend, schema)),
        openStore(configFor(backend, schema)),
      ]);
      for (const s of stores) await s.close();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a schema isolates one store's rows from another's", async () => {
    if (backend === "pglite") return;
    const [s1, s2] = [uniqueSchema(), uniqueSchema()];
    schemas.push(s1, s2);
    const a = await openStore(configFor(backend, s1));
    const b = await openStore(configFor(backend, s2));
    try {
      await a.partners.upsert([{ id: "P-1", data: { id: "P-1", name: "One" } }]);
      expect(await a.partners.get("P-1")).not.toBeNull();
      expect(await b.partners.get("P-1")).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
