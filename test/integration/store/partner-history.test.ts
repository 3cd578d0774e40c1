// Partner attributes over time (program format §6) in the store: the migration gives partners
// already stored their baseline entry (the values the engine reads), and the repository keeps
// entries in date then recording order. Both back-ends.
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "../../../src/store/migrate.ts";
import { migrations } from "../../../src/store/migrations/index.ts";
import { createStore, openExecutor } from "../../../src/store/store.ts";
import { BACKENDS, configFor, dropSchema, openTestDb, uniqueSchema } from "./helpers.ts";

describe.each(BACKENDS)("partner history on %s", (backend) => {
  const schemas: string[] = [];
  afterAll(async () => {
    if (backend === "postgres") for (const s of schemas) await dropSchema(s);
  });

  it("the migration records a baseline entry for every partner an existing store holds", async () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    const db = await openExecutor(configFor(backend, schema));
    try {
      // A store as it was before the history existed.
      const version = migrations.find((m) => m.name === "partner-history")!.version;
      await migrate(
        db,
        migrations.filter((m) => m.version < version),
      );
      const old = createStore(db);
      await old.partners.upsert([
        {
          id: "P-1",
          data: {
            name: "Acme",
            type: "integrator",
            certifications: 3,
            agreement_signed: true,
            compliance_ok: false,
          },
        },
        // What the engine reads for missing values: type other, 0 certifications, false flags.
        { id: "P-2", data: { name: "Bare", type: null, certifications: "x" } },
      ]);
      await db.query("UPDATE partners SET updated_at = '2026-05-04T10:00:00Z' WHERE id = 'P-1'");
      expect((await migrate(db)).applied).toContain(version);
      const store = createStore(db);
      const entries = await store.partnerHistory.list();
      expect(
        entries.map(
          ({ partnerId, effectiveFrom, type, certifications, agreement_signed, compliance_ok, source }) => ({
            partnerId,
            effectiveFrom,
            type,
            certifications,
            agreement_signed,
            compliance_ok,
            source,
          }),
        ),
      ).toEqual([
        {
          partnerId: "P-1",
          effectiveFrom: "2026-05-04",
          type: "integrator",
          certifications: 3,
          agreement_signed: true,
          compliance_ok: false,
          source: "baseline",
        },
        {
          partnerId: "P-2",
          effectiveFrom: entries[1]!.effectiveFrom,
          type: "other",
          certifications: 0,
          agreement_signed: false,
          compliance_ok: false,
          source: "baseline",
        },
      ]);
      expect(entries[1]!.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } finally {
      await db.close();
    }
  });

  it("lists in date then recording order and gives each partner's latest entry", async () => {
    const t = await openTestDb(backend);
    try {
      const base = { type: "reseller", certifications: 1, agreement_signed: true, compliance_ok: true };
      await t.store.partnerHistory.append([
        { partnerId: "P-1", effectiveFrom: "2026-03-01", source: "first_seen", ...base },
        { partnerId: "P-1", effectiveFrom: "2026-06-01", source: "salesforce", ...base, certifications: 2 },
        // Same date as the previous entry: recorded later, so it wins.
        {
          partnerId: "P-1",
          effectiveFrom: "2026-06-01",
          source: "hubspot",
          ...base,
          certifications: 3,
          runId: 7,
        },
        { partnerId: "P-2", effectiveFrom: "2026-01-05", source: "first_seen", ...base, type: "var" },
      ]);
      const p1 = await t.store.partnerHistory.list("P-1");
      expect(p1.map((e) => [e.effectiveFrom, e.certifications, e.source, e.runId])).toEqual([
        ["2026-03-01", 1, "first_seen", null],
        ["2026-06-01", 2, "salesforce", null],
        ["2026-06-01", 3, "hubspot", 7],
      ]);
      const latest = await t.store.partnerHistory.latest();
      expect(latest.get("P-1")!.certifications).toBe(3);
      expect(latest.get("P-2")!.type).toBe("var");
      expect((await t.store.partnerHistory.list()).length).toBe(4);
      expect(await t.store.partnerHistory.append([])).toBe(0);
    } finally {
      await t.cleanup();
    }
  });
});
