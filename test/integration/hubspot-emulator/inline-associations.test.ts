// The objects list (and get) with `associations=…`: HubSpot's inline shape, the 100-per-record
// cap with paging, and one counted call per page.
import type { Client } from "@hubspot/api-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HubSpotEmulator } from "../../../sandbox/hubspot/server.ts";
import { clientFor, raw, startEmulator } from "./helpers.ts";

let emulator: HubSpotEmulator;
let client: Client;

beforeEach(async () => {
  emulator = await startEmulator({ rateLimits: { enabled: false } });
  client = clientFor(emulator);
});
afterEach(async () => {
  await emulator.close();
});

describe("inline associations on object reads", () => {
  it("lists each link's types by v3 name: primary, unlabelled default, user-defined label's internal name", async () => {
    const { portal } = emulator;
    const [customer, partner] = portal.createMany("companies", [
      { name: "Customer" },
      { name: "Partner" },
    ]) as [string, string];
    const [linked, alone] = portal.createMany("deals", [{ dealname: "Linked" }, { dealname: "Alone" }]) as [
      string,
      string,
    ];
    portal.associate("deals", linked, "companies", customer, { primary: true });
    portal.associate("deals", linked, "companies", partner, { label: "Partner" });
    portal.resetCalls();

    const page = await client.crm.objects.basicApi.getPage(
      "deals",
      100,
      undefined,
      ["dealname"],
      undefined,
      ["companies"],
      false,
    );
    const byId = new Map(page.results.map((r) => [r.id, r]));
    const types = byId
      .get(linked)
      ?.associations?.companies?.results.map((a) => [a.id, a.type])
      .sort();
    expect(types).toEqual(
      [
        [customer, "deal_to_company"],
        [customer, "deal_to_company_unlabeled"],
        [partner, "deal_to_company_unlabeled"],
        [partner, "partner"],
      ].sort(),
    );
    expect(byId.get(linked)?.associations?.companies?.paging).toBeUndefined();
    // HubSpot leaves the block out when the record has no association of that type.
    expect(byId.get(alone)?.associations).toBeUndefined();
    // Properties and associations in one answer: one call.
    expect(portal.calls()).toMatchObject({ total: 1, byEndpoint: { "GET /crm/v3/objects/deals": 1 } });

    // Raw callers' comma-separated form, and the object type id, name the same blocks.
    const rawPage = await raw(emulator, "GET", "/crm/v3/objects/deals?limit=10&associations=0-2,contacts");
    expect(rawPage.status).toBe(200);
    const rawLinked = rawPage.body.results.find((r: { id: string }) => r.id === linked);
    expect(Object.keys(rawLinked.associations)).toEqual(["companies"]);
    expect(rawLinked.associations.companies.results).toHaveLength(4);
  });

  it("caps a record's inline associations at 100 per type, with paging, on list and get", async () => {
    const { portal } = emulator;
    const companies = portal.createMany(
      "companies",
      Array.from({ length: 120 }, (_, i) => ({ name: `C${i}` })),
    );
    const [deal] = portal.createMany("deals", [{ dealname: "Crowded" }]) as [string];
    for (const c of companies) portal.associate("deals", deal, "companies", c);

    const page = await client.crm.objects.basicApi.getPage("deals", 10, undefined, [], undefined, [
      "companies",
    ]);
    const block = page.results[0]?.associations?.companies;
    expect(block?.results).toHaveLength(100);
    // Target id order: the first hundred companies.
    expect(block?.results.map((a) => a.id)).toEqual(companies.slice(0, 100));
    expect(block?.paging?.next?.after).toBeTruthy();

    const one = await client.crm.objects.basicApi.getById("deals", deal, [], undefined, ["companies"]);
    expect(one.associations?.companies?.results).toHaveLength(100);
    expect(one.associations?.companies?.paging?.next?.after).toBeTruthy();
  });
});
