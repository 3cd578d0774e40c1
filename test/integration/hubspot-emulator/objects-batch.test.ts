import type { Client } from "@hubspot/api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubSpotEmulator } from "../../../sandbox/hubspot/server.ts";
import { apiError, clientFor, raw, startEmulator } from "./helpers.ts";

let emulator: HubSpotEmulator;
let client: Client;

beforeAll(async () => {
  emulator = await startEmulator({ seed: { partners: 10, deals: 50 } });
  client = clientFor(emulator);
});
afterAll(async () => {
  await emulator.close();
});

const noAssoc = [] as never[];

describe("auth", () => {
  it("answers 401 INVALID_AUTHENTICATION with HubSpot's body for a missing or unknown token", async () => {
    const missing = await raw(emulator, "GET", "/crm/v3/objects/deals", undefined, null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("content-type")).toBe("application/json;charset=utf-8");
    expect(missing.body).toMatchObject({ status: "error", category: "INVALID_AUTHENTICATION" });
    expect(missing.body.message).toContain("Authentication credentials not found");
    expect(typeof missing.body.correlationId).toBe("string");
    const wrong = await apiError(
      clientFor(emulator, { accessToken: "pat-na1-wrong" }).crm.deals.basicApi.getPage(),
    );
    expect(wrong.code).toBe(401);
    expect(wrong.body.category).toBe("INVALID_AUTHENTICATION");
  });
});

describe("basic objects", () => {
  it("creates (201), reads, updates (200) and archives (204) a deal through the real client", async () => {
    const created = await client.crm.deals.basicApi.create({
      properties: {
        dealname: "Client deal",
        amount: "1500.50",
        dealstage: "contractsent",
        closedate: "2026-03-31",
      },
      associations: noAssoc,
    });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.properties.hs_object_id).toBe(created.id);
    expect(created.properties.closedate).toBe("2026-03-31T00:00:00.000Z");
    expect(created.createdAt).toBeInstanceOf(Date);
    const createRaw = await raw(emulator, "POST", "/crm/v3/objects/deals", {
      properties: { dealname: "raw" },
    });
    expect(createRaw.status).toBe(201);

    const updated = await client.crm.deals.basicApi.update(created.id, { properties: { amount: "2000" } });
    expect(updated.properties.amount).toBe("2000");
    const read = await client.crm.deals.basicApi.getById(
      created.id,
      ["amount", "nonexistent_prop", "description"],
      ["amount"],
    );
    expect(read.properties.amount).toBe("2000");
    expect(read.properties.description).toBeNull();
    expect(read.properties).not.toHaveProperty("nonexistent_prop");
    expect(read.propertiesWithHistory?.amount?.map((h) => h.value)).toEqual(["2000", "1500.50"]);

    const del = await raw(emulator, "DELETE", `/crm/v3/objects/deals/${created.id}`);
    expect(del.status).toBe(204);
    expect(del.headers.get("content-type")).toBeNull();
    const gone = await apiError(client.crm.deals.basicApi.getById(created.id));
    expect(gone.code).toBe(404);
    expect(gone.body.category).toBe("OBJECT_NOT_FOUND");
    const archived = await client.crm.deals.basicApi.getById(
      created.id,
      undefined,
      undefined,
      undefined,
      true,
    );
    expect(archived.archived).toBe(true);
  });

  it("lists with limit ≤ 100 and paging.next.after until the last page; archived=true lists archived only", async () => {
    const all = await client.crm.deals.getAll(100, undefined, ["dealname"]);
    expect(all.length).toBe(emulator.portal.count("deals"));
    const first = await client.crm.deals.basicApi.getPage(20);
    expect(first.results).toHaveLength(20);
    const second = await client.crm.deals.basicApi.getPage(20, first.paging!.next!.after);
    expect(second.results[0]!.id).not.toBe(first.results[19]!.id);
    expect(Number(second.results[0]!.id)).toBeGreaterThan(Number(first.results[19]!.id));
    expect((await raw(emulator, "GET", "/crm/v3/objects/deals?limit=101")).status).toBe(400);

    const victim = first.results[0]!.id;
    await client.crm.deals.basicApi.archive(victim);
    const archived = await client.crm.deals.basicApi.getPage(
      100,
      undefined,
      undefined,
      undefined,
      undefined,
      true,
    );
    expect(archived.results.map((r) => r.id)).toContain(victim);
    expect(archived.results.every((r) => r.archived)).toBe(true);
    const live = await client.crm.deals.getAll(100);
    expect(live.map((r) => r.id)).not.toContain(victim);
  });

  it("honours repeated and comma-separated properties query parameters and idProperty", async () => {
    const byRepeat = await raw(
      emulator,
      "GET",
      "/crm/v3/objects/companies?limit=1&properties=name&properties=partner_id",
    );
    const byComma = await raw(
      emulator,
      "GET",
      "/crm/v3/objects/companies?limit=1&properties=name,partner_id",
    );
    expect(byRepeat.body.results[0].properties.partner_id).toBe("P-00001");
    expect(byComma.body.results[0].properties).toEqual(byRepeat.body.results[0].properties);
    const company = await client.crm.companies.basicApi.getById(
      "P-00002",
      ["name"],
      undefined,
      undefined,
      false,
      "partner_id",
    );
    expect(company.properties.name).toBe("Blue Integrations 2");
  });
});

describe("property validation", () => {
  it("rejects an unknown property with 400 VALIDATION_ERROR / PROPERTY_DOESNT_EXIST", async () => {
    const error = await apiError(
      client.crm.deals.basicApi.create({
        properties: { dealname: "x", not_a_prop: "1" },
        associations: noAssoc,
      }),
    );
    expect(error.code).toBe(400);
    expect(error.body.category).toBe("VALIDATION_ERROR");
    expect(error.body.message).toMatch(/^Property values were not valid: /);
    expect(error.body.errors).toEqual([
      {
        message: 'Property "not_a_prop" does not exist',
        code: "PROPERTY_DOESNT_EXIST",
        context: { propertyName: ["not_a_prop"] },
      },
    ]);
  });

  it.each([
    [{ dealstage: "won" }, "INVALID_OPTION"],
    [{ amount: "12,000" }, "INVALID_DECIMAL"],
    [{ cancelled_on: "2026-03-31T10:00:00Z" }, "INVALID_DATE"],
    [{ cancelled_on: String(Date.UTC(2026, 2, 31, 1)) }, "INVALID_DATE"],
    [{ hs_object_id: "5" }, "READ_ONLY_VALUE"],
    [{ hs_lastmodifieddate: "2026-01-01" }, "READ_ONLY_VALUE"],
  ])("rejects %j with %s", async (properties, code) => {
    const error = await apiError(client.crm.deals.basicApi.create({ properties, associations: noAssoc }));
    expect(error.code).toBe(400);
    expect(error.body.errors[0].code).toBe(code);
  });

  it("accepts createdate on create (single, batch, upsert of a new record) and refuses it on update", async () => {
    const backdated = "2024-03-15T08:30:00.000Z";
    const single = await client.crm.deals.basicApi.create({
      properties: { dealname: "Imported", createdate: String(Date.parse(backdated)) },
      associations: noAssoc,
    });
    expect(single.properties.createdate).toBe(backdated);
    expect(single.createdAt.toISOString()).toBe(backdated);
    // Last modified is the write itself, not the backdated creation.
    expect(single.properties.hs_lastmodifieddate).not.toBe(backdated);
    const batch = await client.crm.deals.batchApi.create({
      inputs: [{ properties: { dealname: "Imported 2", createdate: backdated }, associations: [] }],
    });
    expect(batch.results[0]?.properties.createdate).toBe(backdated);

    const patch = await apiError(
      client.crm.deals.basicApi.update(single.id, { properties: { createdate: "2023-01-01T00:00:00.000Z" } }),
    );
    expect(patch.code).toBe(400);
    expect(patch.body.errors[0].code).toBe("READ_ONLY_VALUE");
    const batchUpdate = await apiError(
      client.crm.deals.batchApi.update({
        inputs: [{ id: single.id, properties: { createdate: "2023-01-01T00:00:00.000Z" } }],
      }),
    );
    expect(batchUpdate.code).toBe(400);

    await client.crm.properties.coreApi.create("deals", {
      name: "import_key",
      label: "Import key",
      type: "string" as never,
      fieldType: "text" as never,
      groupName: "dealinformation",
      hasUniqueValue: true,
    });
    const upsertNew = await raw(emulator, "POST", "/crm/v3/objects/deals/batch/upsert", {
      inputs: [{ id: "imp-1", idProperty: "import_key", properties: { createdate: backdated } }],
    });
    expect(upsertNew.status).toBe(200);
    expect(upsertNew.body.results[0].properties.createdate).toBe(backdated);
    const upsertExisting = await raw(emulator, "POST", "/crm/v3/objects/deals/batch/upsert", {
      inputs: [
        { id: "imp-1", idProperty: "import_key", properties: { createdate: "2023-01-01T00:00:00.000Z" } },
      ],
    });
    expect(upsertExisting.status).toBe(400);
    expect(upsertExisting.body.errors[0].code).toBe("READ_ONLY_VALUE");
  });

  it("accepts date properties at midnight UTC (ms or YYYY-MM-DD) and stores them as dates", async () => {
    const ms = await client.crm.deals.basicApi.create({
      properties: { cancelled_on: String(Date.UTC(2026, 2, 31)) },
      associations: noAssoc,
    });
    expect(ms.properties.cancelled_on).toBe("2026-03-31");
  });

  it("answers 409 CONFLICT for a duplicate unique value", async () => {
    const error = await apiError(
      client.crm.companies.basicApi.create({
        properties: { name: "dup", partner_id: "P-00001" },
        associations: noAssoc,
      }),
    );
    expect(error.code).toBe(409);
    expect(error.body.category).toBe("CONFLICT");
  });
});

describe("batch", () => {
  it("answers batch read with missing ids as 207 multi-status with OBJECT_NOT_FOUND", async () => {
    const ids = (await client.crm.deals.basicApi.getPage(3)).results.map((r) => r.id);
    const response = await raw(emulator, "POST", "/crm/v3/objects/deals/batch/read", {
      inputs: [...ids.map((id) => ({ id })), { id: "999" }, { id: "998" }],
      properties: ["dealname"],
      propertiesWithHistory: [],
    });
    expect(response.status).toBe(207);
    expect(response.body).toMatchObject({ status: "COMPLETE", numErrors: 1 });
    expect(response.body.results).toHaveLength(3);
    expect(response.body.errors[0]).toMatchObject({
      status: "error",
      category: "OBJECT_NOT_FOUND",
      context: { ids: ["999", "998"] },
    });
    const viaClient = await client.crm.deals.batchApi.read({
      inputs: [{ id: ids[0]! }, { id: "999" }],
      properties: ["dealname"],
      propertiesWithHistory: [],
    });
    expect(viaClient.results).toHaveLength(1);
    expect((viaClient as { numErrors?: number }).numErrors).toBe(1);
  });

  it("creates (201), updates (200 / 207 with a missing id) and archives (204) in batches", async () => {
    const created = await client.crm.deals.batchApi.create({
      inputs: [1, 2, 3].map((i) => ({
        properties: { dealname: `Batch ${i}`, amount: `${i}00` },
        associations: noAssoc,
      })),
    });
    expect(created.results).toHaveLength(3);
    const createdRaw = await raw(emulator, "POST", "/crm/v3/objects/deals/batch/create", {
      inputs: [{ properties: { dealname: "raw batch" } }],
    });
    expect(createdRaw.status).toBe(201);
    const ids = created.results.map((r) => r.id);
    const updated = await raw(emulator, "POST", "/crm/v3/objects/deals/batch/update", {
      inputs: [
        ...ids.map((id) => ({ id, properties: { amount: "42" } })),
        { id: "12345", properties: { amount: "1" } },
      ],
    });
    expect(updated.status).toBe(207);
    expect(updated.body.results).toHaveLength(3);
    expect(updated.body.errors[0]).toMatchObject({
      category: "OBJECT_NOT_FOUND",
      context: { ids: ["12345"] },
    });
    expect(emulator.portal.get("deals", ids[0]!)!.properties.amount).toBe("42");
    const clean = await raw(emulator, "POST", "/crm/v3/objects/deals/batch/update", {
      inputs: ids.map((id) => ({ id, properties: { amount: "43" } })),
    });
    expect(clean.status).toBe(200);
    expect(clean.body.errors).toBeUndefined();
    const archived = await raw(emulator, "POST", "/crm/v3/objects/deals/batch/archive", {
      inputs: ids.map((id) => ({ id })),
    });
    expect(archived.status).toBe(204);
    expect(emulator.portal.get("deals", ids[0]!)!.archived).toBe(true);
  });

  it("rejects a whole batch update with 400 when one input has an invalid property", async () => {
    const ids = (await client.crm.deals.basicApi.getPage(2)).results.map((r) => r.id);
    const before = emulator.portal.get("deals", ids[0]!)!.properties.dealname;
    const error = await apiError(
      client.crm.deals.batchApi.update({
        inputs: [
          { id: ids[0]!, properties: { dealname: "changed" } },
          { id: ids[1]!, properties: { dealstage: "not-a-stage" } },
        ],
      }),
    );
    expect(error.code).toBe(400);
    expect(error.body.errors[0]).toMatchObject({
      code: "INVALID_OPTION",
      context: { propertyName: ["dealstage"] },
    });
    expect(emulator.portal.get("deals", ids[0]!)!.properties.dealname).toBe(before);
    const dupes = await raw(emulator, "POST", "/crm/v3/objects/deals/batch/update", {
      inputs: [
        { id: ids[0], properties: { amount: "1" } },
        { id: ids[0], properties: { amount: "2" } },
      ],
    });
    expect(dupes.status).toBe(400);
  });

  it("rejects more than 100 inputs (and more than 50 with property histories) with 400 VALIDATION_ERROR", async () => {
    const tooMany = await apiError(
      client.crm.deals.batchApi.create({
        inputs: Array.from({ length: 101 }, (_, i) => ({
          properties: { dealname: `n${i}` },
          associations: noAssoc,
        })),
      }),
    );
    expect(tooMany.code).toBe(400);
    expect(tooMany.body.category).toBe("VALIDATION_ERROR");
    expect(emulator.portal.count("deals")).toBeLessThan(200);
    const histories = await raw(emulator, "POST", "/crm/v3/objects/deals/batch/read", {
      inputs: Array.from({ length: 51 }, (_, i) => ({ id: String(i + 1) })),
      properties: [],
      propertiesWithHistory: ["amount"],
    });
    expect(histories.status).toBe(400);
    expect(histories.body.message).toContain("property histories is 50");
  });

  it("upserts by a unique property: new records are created, existing ones updated", async () => {
    const result = await client.crm.deals.batchApi.upsert({
      inputs: [
        { id: "D-0000010", idProperty: "external_deal_id", properties: { amount: "777" } },
        { id: "D-NEW-1", idProperty: "external_deal_id", properties: { dealname: "Upserted" } },
      ],
    });
    const byKey = new Map(result.results.map((r) => [r.properties.external_deal_id, r]));
    expect(byKey.get("D-0000010")?._new).toBe(false);
    expect(byKey.get("D-0000010")?.properties.amount).toBe("777");
    expect(byKey.get("D-NEW-1")?._new).toBe(true);
    const bad = await raw(emulator, "POST", "/crm/v3/objects/deals/batch/upsert", {
      inputs: [{ id: "x", idProperty: "dealname", properties: {} }],
    });
    expect(bad.status).toBe(400);
  });
});

describe("merge", () => {
  it("archives the merged company, records it in hs_merged_object_ids and resolves its id to the survivor", async () => {
    const a = emulator.portal.create("companies", { name: "Survivor Ltd", domain: "survivor.example.com" });
    const b = emulator.portal.create("companies", {
      name: "Merged Ltd",
      website: "https://merged.example.com",
    });
    const c = emulator.portal.create("companies", { name: "Merged Again" });
    const merged = await client.crm.companies.basicApi.merge({
      primaryObjectId: a.id,
      objectIdToMerge: b.id,
    });
    expect(merged.id).toBe(a.id);
    expect(merged.properties.hs_merged_object_ids).toBe(b.id);
    expect(merged.properties.website).toBe("https://merged.example.com");
    await client.crm.companies.basicApi.merge({ primaryObjectId: a.id, objectIdToMerge: c.id });
    const survivor = await client.crm.companies.basicApi.getById(a.id, ["hs_merged_object_ids"]);
    expect(survivor.properties.hs_merged_object_ids).toBe(`${b.id};${c.id}`);
    const viaOldId = await client.crm.companies.basicApi.getById(b.id);
    expect(viaOldId.id).toBe(a.id);
    const archived = await client.crm.companies.basicApi.getPage(
      100,
      undefined,
      undefined,
      undefined,
      undefined,
      true,
    );
    expect(archived.results.map((r) => r.id)).toEqual(expect.arrayContaining([b.id, c.id]));
    const self = await raw(emulator, "POST", "/crm/v3/objects/companies/merge", {
      primaryObjectId: a.id,
      objectIdToMerge: a.id,
    });
    expect(self.status).toBe(400);
  });
});
