import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { storeConfigFromEnv } from "../../../src/store/open-store.ts";
import { openStore } from "../../../src/store/store.ts";

describe("embedded store in a data folder", () => {
  const dir = mkdtempSync(join(tmpdir(), "incentives-store-dir-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps data across reopen and serves one opener at a time", async () => {
    const a = await openStore({ backend: "pglite", dataDir: dir });
    await a.partners.upsert([{ id: "P-1", data: { id: "P-1", name: "One" } }]);
    await expect(openStore({ backend: "pglite", dataDir: dir })).rejects.toMatchObject({
      code: "store_busy",
    });
    await a.close();
    const b = await openStore({ backend: "pglite", dataDir: dir });
    expect((await b.partners.get("P-1"))?.name).toBe("One");
    await b.close();
  });

  it("takes over a lock left by a process that no longer exists", async () => {
    writeFileSync(join(dir, "incentives.lock"), "2147483646");
    const s = await openStore({ backend: "pglite", dataDir: dir });
    expect(await s.partners.list()).toHaveLength(1);
    await s.close();
  });

  it("reads DATABASE_URL / DATA_DIR / DATABASE_SCHEMA from the environment", () => {
    expect(storeConfigFromEnv({})).toEqual({ backend: "pglite", dataDir: "./data" });
    expect(storeConfigFromEnv({ DATA_DIR: "/var/lib/x", DATABASE_URL: "" })).toEqual({
      backend: "pglite",
      dataDir: "/var/lib/x",
    });
    expect(storeConfigFromEnv({ DATABASE_URL: "postgres://u@h:5432/db", DATABASE_SCHEMA: "inc" })).toEqual({
      backend: "postgres",
      connectionString: "postgres://u@h:5432/db",
      schema: "inc",
    });
    expect(() => storeConfigFromEnv({ DATABASE_URL: "mysql://x", DATABASE_SCHEMA: "Bad-Name" })).toThrow(
      /DATABASE_URL[\s\S]*DATABASE_SCHEMA/,
    );
  });

  it("an unreachable PostgreSQL server fails at open, not at the first query", async () => {
    await expect(
      openStore({ backend: "postgres", connectionString: "postgres://postgres@127.0.0.1:1/test" }),
    ).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
