import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentHash } from "../../../src/store/repos/program-versions.ts";
import type { Store } from "../../../src/store/store.ts";
import type { TestDb } from "./helpers.ts";
import { BACKENDS, openTestDb } from "./helpers.ts";

describe.each(BACKENDS)("repositories on %s", (backend) => {
  let t: TestDb;
  let store: Store;
  beforeAll(async () => {
    t = await openTestDb(backend);
    store = t.store;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("answers a health ping", async () => {
    expect(await store.ping()).toBe(true);
    expect(store.backend).toBe(backend);
  });

  it("partners: upsert, get, list, tombstone", async () => {
    const raw = { Id: "001A", Name: "Acme", AnnualRevenue: 1e6 };
    const n = await store.partners.upsert([
      { id: "P-ACME", data: { id: "P-ACME", name: "Acme", certifications: 2 }, sourceCrm: "salesforce", raw },
      { id: "P-BETA", data: { id: "P-BETA", name: "Beta" } },
    ]);
    expect(n).toBe(2);
    const acme = await store.partners.get("P-ACME");
    expect(acme).toMatchObject({ name: "Acme", sourceCrm: "salesforce", raw, deleted: false });
    expect(acme?.data.certifications).toBe(2);
    await store.partners.upsert([{ id: "P-ACME", data: { id: "P-ACME", name: "Acme Inc" } }]);
    expect((await store.partners.get("P-ACME"))?.name).toBe("Acme Inc");
    expect(await store.partners.markDeleted("P-BETA")).toBe(true);
    expect(await store.partners.markDeleted("P-NONE")).toBe(false);
    expect((await store.partners.list()).map((p) => p.id)).toEqual(["P-ACME"]);
    expect((await store.partners.list({ includeDeleted: true })).map((p) => p.id)).toEqual([
      "P-ACME",
      "P-BETA",
    ]);
  });

  it("deals: amounts stay decimal strings; list by partner", async () => {
    await store.deals.upsert([
      {
        id: "D-1",
        partnerId: "P-ACME",
        closeDate: "2026-02-14",
        data: { id: "D-1", amount: "120000.10", currency: "USD" },
        sourceCrm: "hubspot",
      },
      { id: "D-2", partnerId: "P-OTHER", closeDate: null, data: { id: "D-2", amount: "1.00" } },
    ]);
    const d = await store.deals.get("D-1");
    expect(d).toMatchObject({ partnerId: "P-ACME", closeDate: "2026-02-14", sourceCrm: "hubspot" });
    expect(d?.data.amount).toBe("120000.10");
    expect((await store.deals.listByPartner("P-ACME")).map((x) => x.id)).toEqual(["D-1"]);
    await store.deals.markDeleted("D-1");
    expect(await store.deals.listByPartner("P-ACME")).toEqual([]);
    expect((await store.deals.get("D-1"))?.deleted).toBe(true);
  });

  it("crm links are unique both ways", async () => {
    const link = { canonicalId: "P-ACME", crm: "salesforce", object: "Account", crmId: "001A" };
    expect(await store.crmLinks.link(link)).toBe("created");
    expect(await store.crmLinks.link(link)).toBe("exists");
    expect(await store.crmLinks.link({ ...link, canonicalId: "P-OTHER" })).toBe("conflict");
    expect(await store.crmLinks.link({ ...link, crmId: "001B" })).toBe("conflict");
    expect(await store.crmLinks.link({ ...link, crm: "hubspot", object: "companies", crmId: "42" })).toBe(
      "created",
    );
    expect(await store.crmLinks.canonicalFor("salesforce", "Account", "001A")).toBe("P-ACME");
    expect(await store.crmLinks.crmIdFor("P-ACME", "hubspot", "companies")).toBe("42");
    expect((await store.crmLinks.linksOf("P-ACME")).map((l) => l.crm)).toEqual(["hubspot", "salesforce"]);
    expect(await store.crmLinks.unlink("hubspot", "companies", "42")).toBe(true);
    expect(await store.crmLinks.crmIdFor("P-ACME", "hubspot", "companies")).toBeNull();
  });

  it("records: getMany and keyset pages (deleted and raw on request)", async () => {
    await store.deals.upsert(
      ["D-P1", "D-P2", "D-P3", "D-P4", "D-P5"].map((id) => ({
        id,
        data: { id },
        raw: { sides: { x: id } },
        partnerId: null,
        closeDate: "2026-01-31",
      })),
    );
    await store.deals.markDeleted("D-P3");
    expect((await store.deals.getMany(["D-P4", "D-P3", "D-NONE"])).map((d) => [d.id, d.deleted])).toEqual([
      ["D-P3", true],
      ["D-P4", false],
    ]);
    expect(await store.deals.getMany([])).toEqual([]);
    const first = await store.deals.page({ limit: 2, afterId: "D-P" });
    expect(first.map((d) => d.id)).toEqual(["D-P1", "D-P2"]);
    expect(first[0]?.raw).toEqual({ sides: { x: "D-P1" } });
    const next = await store.deals.page({ limit: 2, afterId: "D-P2" });
    expect(next.map((d) => d.id)).toEqual(["D-P4", "D-P5"]);
    const all = await store.deals.page({ limit: 10, afterId: "D-P2", includeDeleted: true, withRaw: false });
    expect(all.map((d) => d.id)).toEqual(["D-P3", "D-P4", "D-P5"]);
    expect(all[0]?.raw).toBeNull();
    expect(all[0]?.closeDate).toBe("2026-01-31");
    await store.partners.upsert([{ id: "P-PAGE", data: { id: "P-PAGE", name: "Paged" }, raw: { a: 1 } }]);
    const partners = await store.partners.page({ limit: 100, withRaw: false });
    expect(partners.find((p) => p.id === "P-PAGE")).toMatchObject({ name: "Paged", raw: null });
    expect((await store.partners.getMany(["P-PAGE"]))[0]?.raw).toEqual({ a: 1 });
  });

  it("crm links: batch lookup and keyset pages per object", async () => {
    for (const [id, crmId] of [
      ["D-L1", "006A"],
      ["D-L2", "006B"],
      ["D-L3", "006C"],
    ] as const) {
      await store.crmLinks.link({ canonicalId: id, crm: "salesforce", object: "Opportunity", crmId });
    }
    await store.crmLinks.link({ canonicalId: "D-L1", crm: "hubspot", object: "deals", crmId: "9" });
    const found = await store.crmLinks.canonicalForMany("salesforce", "Opportunity", [
      "006A",
      "006C",
      "006Z",
    ]);
    expect([...found].sort()).toEqual([
      ["006A", "D-L1"],
      ["006C", "D-L3"],
    ]);
    expect((await store.crmLinks.canonicalForMany("salesforce", "Opportunity", [])).size).toBe(0);
    const p1 = await store.crmLinks.page("salesforce", "Opportunity", { limit: 2 });
    expect(p1.map((l) => l.crmId)).toEqual(["006A", "006B"]);
    const p2 = await store.crmLinks.page("salesforce", "Opportunity", { limit: 2, afterCrmId: "006B" });
    expect(p2.map((l) => [l.crmId, l.canonicalId])).toEqual([["006C", "D-L3"]]);
  });

  it("sync cursors and write-back state round-trip", async () => {
    expect(await store.syncCursors.get("hubspot", "deals")).toBeNull();
    await store.syncCursors.set("hubspot", "deals", { after: "2026-01-01T00:00:00Z", page: 3 });
    await store.syncCursors.set("hubspot", "deals", { after: "2026-01-02T00:00:00Z", page: 4 });
    expect(await store.syncCursors.get("hubspot", "deals")).toEqual({
      after: "2026-01-02T00:00:00Z",
      page: 4,
    });
    await store.syncCursors.clear("hubspot", "deals");
    expect(await store.syncCursors.get("hubspot", "deals")).toBeNull();

    await store.writeback.record([
      {
        crm: "salesforce",
        object: "Opportunity",
        recordId: "006A",
        field: "Incentive__c",
        value: "400.00",
        hash: "h1",
      },
      {
        crm: "salesforce",
        object: "Opportunity",
        recordId: "006A",
        field: "Eligible__c",
        value: true,
        hash: "h2",
      },
    ]);
    await store.writeback.record([
      {
        crm: "salesforce",
        object: "Opportunity",
        recordId: "006A",
        field: "Incentive__c",
        value: "450.00",
        hash: "h3",
      },
    ]);
    const w = await store.writeback.get("salesforce", "Opportunity", "006A", "Incentive__c");
    expect(w).toMatchObject({ value: "450.00", hash: "h3" });
    expect(
      (await store.writeback.forRecord("salesforce", "Opportunity", "006A")).map((e) => e.value),
    ).toEqual([true, "450.00"]);
  });

  it("program versions are keyed by content hash", async () => {
    const yaml = "program: FY26\ncurrency: USD\n";
    const a = await store.programVersions.save({
      name: "FY26",
      yaml,
      effectiveFrom: "2026-01-01",
      createdBy: "ann",
    });
    const b = await store.programVersions.save({
      name: "FY26",
      yaml,
      effectiveFrom: "2026-04-01",
      createdBy: "bob",
    });
    expect(a.created).toBe(true);
    expect(b).toEqual({ version: a.version, created: false });
    expect(a.version.contentHash).toBe(contentHash(yaml));
    const c = await store.programVersions.save({
      name: "FY26",
      yaml: `${yaml}# v2\n`,
      effectiveFrom: "2026-04-01",
      createdBy: "bob",
    });
    expect((await store.programVersions.effectiveOn("FY26", "2026-03-31"))?.id).toBe(a.version.id);
    expect((await store.programVersions.effectiveOn("FY26", "2026-04-01"))?.id).toBe(c.version.id);
    expect(await store.programVersions.effectiveOn("FY26", "2025-12-31")).toBeNull();
    expect(await store.programVersions.get(c.version.id)).toEqual(c.version);
  });

  it("runs keep an owner and a heartbeat; running() says how long each has been silent", async () => {
    const id = await store.runs.start("reconcile", "host-a:123:abcd");
    const before = (await store.runs.running()).find((r) => r.id === id);
    expect(before).toMatchObject({ owner: "host-a:123:abcd", outcome: "running" });
    expect(before!.silentMs).toBeGreaterThanOrEqual(0);
    expect(before!.silentMs).toBeLessThan(60_000);
    expect(before!.heartbeatAt).not.toBeNull();
    await store.runs.heartbeat(id);
    await store.runs.finish(id, { outcome: "failed", message: "interrupted" });
    expect((await store.runs.running()).some((r) => r.id === id)).toBe(false);
  });

  it("runs record counts and outcome", async () => {
    const id = await store.runs.start("sync");
    expect((await store.runs.get(id))?.outcome).toBe("running");
    await store.runs.finish(id, {
      outcome: "partial",
      counts: { read: 10, failed: 1 },
      message: "1 quarantined",
    });
    const run = await store.runs.get(id);
    expect(run).toMatchObject({ kind: "sync", outcome: "partial", counts: { read: 10, failed: 1 } });
    expect(run?.finishedAt).not.toBeNull();
    expect((await store.runs.list({ kind: "sync" }))[0]?.id).toBe(id);
    const later = await store.runs.start("sync");
    expect((await store.runs.list({ kind: "sync", limit: 1 })).map((r) => r.id)).toEqual([later]);
    expect((await store.runs.list({ kind: "sync", limit: 1, beforeId: later })).map((r) => r.id)).toEqual([
      id,
    ]);
  });

  it("record errors: one open error per record field, attempts counted", async () => {
    const e = { crm: "hubspot", object: "deals", recordId: "77", field: "amount", reason: "not a number" };
    const first = await store.recordErrors.report({ ...e, class: "permanent", code: "INVALID" });
    const second = await store.recordErrors.report({ ...e, class: "permanent", code: "INVALID" });
    expect(second.id).toBe(first.id);
    expect(second.attempts).toBe(2);
    await store.recordErrors.report({ ...e, field: "", reason: "locked", class: "retryable" });
    expect(await store.recordErrors.list({ status: "open" })).toHaveLength(2);
    expect(await store.recordErrors.resolveRecord("hubspot", "deals", "77")).toBe(2);
    const again = await store.recordErrors.report({ ...e, class: "permanent" });
    expect(again.id).not.toBe(first.id);
    expect(await store.recordErrors.requestRetry(again.id)).toBe(true);
    expect((await store.recordErrors.list({ retryRequested: true })).map((x) => x.id)).toEqual([again.id]);
    expect(await store.recordErrors.setStatus(again.id, "dismissed", "test data")).toBe(true);
    expect(await store.recordErrors.setStatus(again.id, "dismissed")).toBe(false);
    expect(await store.recordErrors.requestRetry(again.id)).toBe(false);
    expect(await store.recordErrors.get(again.id)).toMatchObject({
      status: "dismissed",
      statusReason: "test data",
      retryRequested: false,
      fields: ["amount"],
    });
    expect(await store.recordErrors.list({ status: "open" })).toEqual([]);
    const withFields = await store.recordErrors.report({
      crm: "salesforce",
      object: "Opportunity",
      recordId: "006",
      fields: ["Amount", "StageName"],
      code: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
      reason: "validation rule",
      class: "permanent",
    });
    expect(withFields.fields).toEqual(["Amount", "StageName"]);
    const page1 = await store.recordErrors.list({ limit: 2 });
    const page2 = await store.recordErrors.list({ limit: 2, afterId: page1.at(-1)!.id });
    expect([...page1, ...page2].map((x) => x.id)).toEqual((await store.recordErrors.list()).map((x) => x.id));
  });

  it("store.transaction commits together or not at all", async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.partners.upsert([{ id: "P-TX", data: { id: "P-TX" } }]);
        await tx.syncCursors.set("hubspot", "companies", { page: 1 });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await store.partners.get("P-TX")).toBeNull();
    expect(await store.syncCursors.get("hubspot", "companies")).toBeNull();
    await store.transaction(async (tx) => {
      await tx.partners.upsert([{ id: "P-TX", data: { id: "P-TX" } }]);
      await tx.syncCursors.set("hubspot", "companies", { page: 1 });
    });
    expect(await store.partners.get("P-TX")).not.toBeNull();
  });
});
