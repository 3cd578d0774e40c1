import type { Client } from "@hubspot/api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubSpotEmulator } from "../../../sandbox/hubspot/server.ts";
import { apiError, clientFor, raw, startEmulator } from "./helpers.ts";

let emulator: HubSpotEmulator;
let client: Client;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: { partners: 5, deals: 20 },
    extraProperties: [
      {
        objectType: "deals",
        name: "incentive_amount",
        label: "Incentive amount",
        type: "number",
        fieldType: "number",
        groupName: "partner_program",
        showCurrencySymbol: true,
      },
    ],
  });
  client = clientFor(emulator);
});
afterAll(async () => {
  await emulator.close();
});

describe("properties API", () => {
  it("lists default and preloaded properties with HubSpot's Property shape", async () => {
    const all = await client.crm.properties.coreApi.getAll("deals");
    const names = all.results.map((p) => p.name);
    for (const n of [
      "dealname",
      "amount",
      "dealstage",
      "pipeline",
      "closedate",
      "deal_currency_code",
      "dealtype",
      "hs_salesforceopportunityid",
      "hs_object_id",
      "hs_lastmodifieddate",
      "hs_merged_object_ids",
      "hubspot_owner_id",
      "incentive_amount",
    ]) {
      expect(names).toContain(n);
    }
    const amount = all.results.find((p) => p.name === "amount")!;
    expect(amount).toMatchObject({
      type: "number",
      fieldType: "number",
      showCurrencySymbol: true,
      hubspotDefined: true,
    });
    const companies = await client.crm.properties.coreApi.getAll("companies");
    expect(companies.results.map((p) => p.name)).toEqual(
      expect.arrayContaining(["name", "domain", "salesforceaccountid"]),
    );
  });

  it("creates a property (201), refuses a duplicate with 409 and a bad type/fieldType pair with 400", async () => {
    const input = {
      name: "partner_tier",
      label: "Partner tier",
      type: "enumeration",
      fieldType: "select",
      groupName: "partner_program",
      options: [
        { label: "Gold", value: "gold", hidden: false, displayOrder: 0 },
        { label: "Silver", value: "silver", hidden: false, displayOrder: 1 },
      ],
    };
    const created = await raw(emulator, "POST", "/crm/v3/properties/companies", input);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "partner_tier", hubspotDefined: false, archived: false });
    const dup = await apiError(client.crm.properties.coreApi.create("companies", input as never));
    expect(dup.code).toBe(409);
    expect(dup.body).toMatchObject({ status: "error", category: "OBJECT_ALREADY_EXISTS" });
    const badPair = await raw(emulator, "POST", "/crm/v3/properties/companies", {
      ...input,
      name: "bad_pair",
      type: "number",
      fieldType: "select",
    });
    expect(badPair.status).toBe(400);
    expect(badPair.body.category).toBe("VALIDATION_ERROR");
    const noGroup = await raw(emulator, "POST", "/crm/v3/properties/companies", {
      ...input,
      name: "x_y",
      groupName: "nope",
    });
    expect(noGroup.status).toBe(400);

    // The new property is usable at once and its options are enforced.
    const company = emulator.portal.create("companies", { name: "Tiered" });
    await client.crm.companies.basicApi.update(company.id, { properties: { partner_tier: "gold" } });
    const bad = await apiError(
      client.crm.companies.basicApi.update(company.id, { properties: { partner_tier: "bronze" } }),
    );
    expect(bad.body.errors[0].code).toBe("INVALID_OPTION");
  });

  it("gets, updates and archives a custom property; HubSpot-defined ones cannot be archived", async () => {
    const got = await client.crm.properties.coreApi.getByName("deals", "incentive_amount");
    expect(got.label).toBe("Incentive amount");
    const updated = await client.crm.properties.coreApi.update("deals", "incentive_amount", {
      label: "Incentive",
    });
    expect(updated.label).toBe("Incentive");
    expect((await raw(emulator, "DELETE", "/crm/v3/properties/deals/dealname")).status).toBe(400);
    expect((await raw(emulator, "DELETE", "/crm/v3/properties/deals/incentive_amount")).status).toBe(204);
    const write = await apiError(
      client.crm.deals.basicApi.create({ properties: { incentive_amount: "1" }, associations: [] }),
    );
    expect(write.body.errors[0].code).toBe("PROPERTY_DOESNT_EXIST");
  });

  it("creates (201) and lists property groups", async () => {
    const group = await client.crm.properties.groupsApi.create("deals", {
      name: "incentives",
      label: "Incentives",
      displayOrder: 3,
    });
    expect(group).toMatchObject({ name: "incentives", label: "Incentives", archived: false });
    const groups = await client.crm.properties.groupsApi.getAll("deals");
    expect(groups.results.map((g) => g.name)).toContain("incentives");
    const dup = await raw(emulator, "POST", "/crm/v3/properties/deals/groups", {
      name: "incentives",
      label: "x",
    });
    expect(dup.status).toBe(409);
  });

  it("enforces hasUniqueValue on a property created through the API", async () => {
    await client.crm.properties.coreApi.create("deals", {
      name: "crm_key",
      label: "CRM key",
      type: "string",
      fieldType: "text",
      groupName: "dealinformation",
      hasUniqueValue: true,
    } as never);
    await client.crm.deals.basicApi.create({ properties: { crm_key: "K1" }, associations: [] });
    const dup = await apiError(
      client.crm.deals.basicApi.create({ properties: { crm_key: "K1" }, associations: [] }),
    );
    expect(dup.code).toBe(409);
    const byKey = await client.crm.deals.basicApi.getById(
      "K1",
      ["crm_key"],
      undefined,
      undefined,
      false,
      "crm_key",
    );
    expect(byKey.properties.crm_key).toBe("K1");
  });
});

describe("associations v4", () => {
  it("seeds deals with a labelled Partner association and a primary customer association", async () => {
    const dealId = (await client.crm.deals.basicApi.getPage(1)).results[0]!.id;
    const page = await client.crm.associations.v4.basicApi.getPage("deals", dealId, "companies");
    const labels = page.results.flatMap((r) =>
      r.associationTypes.map((t) => `${t.category}:${t.typeId}:${t.label}`),
    );
    expect(labels).toEqual(
      expect.arrayContaining([
        "USER_DEFINED:100:Partner",
        "HUBSPOT_DEFINED:341:null",
        "HUBSPOT_DEFINED:5:Primary",
      ]),
    );
    expect(page.results).toHaveLength(2);
  });

  it("creates labelled (201) and default (200) associations and batch-reads them with labels", async () => {
    const deal = emulator.portal.create("deals", { dealname: "Assoc" });
    const partner = emulator.portal.create("companies", { name: "Partner Co" });
    const customer = emulator.portal.create("companies", { name: "Customer Co" });
    const labels = await client.crm.associations.v4.schema.definitionsApi.getAll("deals", "companies");
    const partnerType = labels.results.find((l) => l.label === "Partner")!;
    const labelled = await raw(
      emulator,
      "PUT",
      `/crm/v4/objects/deals/${deal.id}/associations/companies/${partner.id}`,
      [{ associationCategory: partnerType.category, associationTypeId: partnerType.typeId }],
    );
    expect(labelled.status).toBe(201);
    expect(labelled.body).toMatchObject({
      fromObjectTypeId: "0-3",
      toObjectTypeId: "0-2",
      labels: ["Partner"],
    });
    const plain = await raw(
      emulator,
      "PUT",
      `/crm/v4/objects/deals/${deal.id}/associations/default/companies/${customer.id}`,
    );
    expect(plain.status).toBe(200);
    expect(plain.body.results[0].associationSpec).toEqual({
      associationCategory: "HUBSPOT_DEFINED",
      associationTypeId: 341,
    });

    const lonely = emulator.portal.create("deals", { dealname: "No companies" });
    const batch = await raw(emulator, "POST", "/crm/v4/associations/deals/companies/batch/read", {
      inputs: [{ id: deal.id }, { id: lonely.id }],
    });
    expect(batch.status).toBe(207);
    expect(batch.body.errors[0]).toMatchObject({
      category: "OBJECT_NOT_FOUND",
      context: { fromObjectId: [lonely.id] },
    });
    const viaClient = await client.crm.associations.v4.batchApi.getPage("deals", "companies", {
      inputs: [{ id: deal.id }],
    });
    const to = viaClient.results[0]!.to;
    const byCompany = new Map(to.map((t) => [String(t.toObjectId), t.associationTypes.map((a) => a.label)]));
    expect(byCompany.get(partner.id)).toEqual(expect.arrayContaining(["Partner", null]));
    expect(byCompany.get(customer.id)).toEqual([null]);

    // The inverse direction carries the inverse label.
    const inverse = await client.crm.associations.v4.basicApi.getPage("companies", partner.id, "deals");
    expect(inverse.results[0]!.associationTypes.map((t) => t.label)).toEqual(
      expect.arrayContaining(["Partner deal", null]),
    );

    // Removing the label keeps the default association; DELETE removes everything (204).
    await client.crm.associations.v4.batchApi.archiveLabels("deals", "companies", {
      inputs: [
        {
          _from: { id: deal.id },
          to: { id: partner.id },
          types: [{ associationCategory: "USER_DEFINED" as never, associationTypeId: partnerType.typeId }],
        },
      ],
    });
    const afterLabelRemoval = await client.crm.associations.v4.basicApi.getPage(
      "deals",
      deal.id,
      "companies",
    );
    expect(
      afterLabelRemoval.results
        .find((r) => String(r.toObjectId) === partner.id)!
        .associationTypes.map((t) => t.typeId),
    ).toEqual([341]);
    expect(
      (await raw(emulator, "DELETE", `/crm/v4/objects/deals/${deal.id}/associations/companies/${partner.id}`))
        .status,
    ).toBe(204);
    const afterDelete = await client.crm.associations.v4.basicApi.getPage("deals", deal.id, "companies");
    expect(afterDelete.results.map((r) => String(r.toObjectId))).toEqual([customer.id]);
  });

  it("keeps one primary company per deal and rejects unknown association types", async () => {
    const deal = emulator.portal.create("deals", { dealname: "Primary" });
    const a = emulator.portal.create("companies", { name: "A" });
    const b = emulator.portal.create("companies", { name: "B" });
    const primary = [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 5 }];
    await raw(emulator, "PUT", `/crm/v4/objects/deals/${deal.id}/associations/companies/${a.id}`, primary);
    await raw(emulator, "PUT", `/crm/v4/objects/deals/${deal.id}/associations/companies/${b.id}`, primary);
    const page = await client.crm.associations.v4.basicApi.getPage("deals", deal.id, "companies");
    const primaries = page.results
      .filter((r) => r.associationTypes.some((t) => t.typeId === 5))
      .map((r) => String(r.toObjectId));
    expect(primaries).toEqual([b.id]);
    const bad = await raw(
      emulator,
      "PUT",
      `/crm/v4/objects/deals/${deal.id}/associations/companies/${a.id}`,
      [{ associationCategory: "USER_DEFINED", associationTypeId: 9999 }],
    );
    expect(bad.status).toBe(400);
  });

  it("creates a user-defined label through the labels API and uses it in create-time associations", async () => {
    const created = await client.crm.associations.v4.schema.definitionsApi.create("deals", "companies", {
      label: "Referrer",
      name: "referrer",
    });
    const typeId = created.results[0]!.typeId;
    const company = emulator.portal.create("companies", { name: "Ref" });
    const deal = await client.crm.deals.basicApi.create({
      properties: { dealname: "Referred" },
      associations: [
        {
          to: { id: company.id },
          types: [{ associationCategory: "USER_DEFINED" as never, associationTypeId: typeId }],
        },
      ],
    });
    const withAssoc = await client.crm.deals.basicApi.getById(deal.id, undefined, undefined, ["companies"]);
    expect(withAssoc.associations?.companies?.results.map((r) => r.type)).toEqual(
      expect.arrayContaining(["referrer", "deal_to_company_unlabeled"]),
    );
  });
});

describe("company currency", () => {
  it("accepts the portal's company currency on deals and fills amount_in_home_currency only for it", async () => {
    const sek = await startEmulator({ companyCurrency: "SEK" });
    try {
      const c = clientFor(sek);
      const home = await c.crm.deals.basicApi.create({
        properties: { amount: "100", deal_currency_code: "SEK" },
        associations: [],
      });
      expect(home.properties.amount_in_home_currency).toBe("100");
      const foreign = await c.crm.deals.basicApi.create({
        properties: { amount: "100", deal_currency_code: "EUR" },
        associations: [],
      });
      expect(foreign.properties.amount_in_home_currency).toBeUndefined();
      const bad = await apiError(
        c.crm.deals.basicApi.create({ properties: { deal_currency_code: "XYZ" }, associations: [] }),
      );
      expect(bad.body.errors[0].code).toBe("INVALID_OPTION");
    } finally {
      await sek.close();
    }
  });
});

describe("associations v4 batch read paging", () => {
  it("pages each input's targets with paging.next.after (absent on the last page), through the real client", async () => {
    const e = await startEmulator({ associationPageSize: 2, rateLimits: { enabled: false } });
    try {
      const companies = e.portal.createMany(
        "companies",
        Array.from({ length: 5 }, (_, i) => ({ name: `C${i}` })),
      );
      const [many, few] = e.portal.createMany("deals", [{ dealname: "Many" }, { dealname: "Few" }]) as [
        string,
        string,
      ];
      for (const c of companies) e.portal.associate("deals", many, "companies", c);
      e.portal.associate("deals", few, "companies", companies[0]!);
      const client = clientFor(e);
      const seen: string[] = [];
      let inputs: Array<{ id: string; after?: string }> = [{ id: many }, { id: few }];
      let requests = 0;
      const cursors: string[] = [];
      while (inputs.length > 0) {
        requests++;
        const page = await client.crm.associations.v4.batchApi.getPage("deals", "companies", { inputs });
        inputs = [];
        for (const r of page.results) {
          const ids = r.to.map((t) => String(t.toObjectId));
          expect(ids.length).toBeLessThanOrEqual(2);
          if (r._from.id === many) seen.push(...ids);
          const after = r.paging?.next?.after;
          if (after) {
            cursors.push(after);
            inputs.push({ id: r._from.id, after });
          }
          if (r._from.id === few) expect(r.paging).toBeUndefined();
        }
      }
      expect(seen).toEqual(companies);
      expect(requests).toBe(3);
      // Opaque, URL-encoded base64 like HubSpot's.
      expect(cursors.every((c) => /^[A-Za-z0-9+/]+(%3D)*$/.test(c))).toBe(true);

      const bad = await raw(e, "POST", "/crm/v4/associations/deals/companies/batch/read", {
        inputs: [{ id: many, after: "not-a-cursor" }],
      });
      expect(bad.status).toBe(207);
      expect(bad.body.errors[0]).toMatchObject({ category: "VALIDATION_ERROR" });
    } finally {
      await e.close();
    }
  });
});

describe("sandbox custom properties", () => {
  it("are the shipped mapping's inputs; preloading one again with the same type is a no-op, another type fails", async () => {
    const e = await startEmulator({
      extraProperties: [
        {
          objectType: "deals",
          name: "deal_kind",
          label: "Kind",
          type: "enumeration",
          fieldType: "select",
          groupName: "dealinformation",
          options: [{ label: "new", value: "new" }],
        },
        {
          objectType: "companies",
          name: "certifications",
          label: "c",
          type: "number",
          fieldType: "number",
          groupName: "companyinformation",
        },
      ],
    });
    try {
      const deals = await raw(e, "GET", "/crm/v3/properties/deals");
      const names = deals.body.results.map((p: { name: string }) => p.name);
      for (const n of [
        "deal_kind",
        "attribution",
        "product_code",
        "csat",
        "time_to_value_days",
        "cancelled_on",
      ])
        expect(names).toContain(n);
      for (const old of ["partner_attribution", "product_line", "csat_score"])
        expect(names).not.toContain(old);
      // The sandbox's definition (all three options) was kept.
      const kind = deals.body.results.find((p: { name: string }) => p.name === "deal_kind");
      expect(kind.options.map((o: { value: string }) => o.value)).toEqual(["new", "expansion", "renewal"]);
      const companies = await raw(e, "GET", "/crm/v3/properties/companies");
      const cnames = companies.body.results.map((p: { name: string }) => p.name);
      for (const n of ["partner_type", "certifications", "agreement_signed", "compliance_ok"])
        expect(cnames).toContain(n);
    } finally {
      await e.close();
    }
    await expect(
      startEmulator({
        extraProperties: [
          {
            objectType: "deals",
            name: "csat",
            label: "CSAT",
            type: "string",
            fieldType: "text",
            groupName: "dealinformation",
          },
        ],
      }),
    ).rejects.toMatchObject({ status: 409 });
  });
});
