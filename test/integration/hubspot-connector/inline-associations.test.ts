// Full reads take associations from the list response: one call per 100 deals, plus one v4
// read per run while the inline type names are unknown; labels decide, never names.
import { afterEach, describe, expect, it } from "vitest";
import type { AssociationRequest, CrmRecord } from "../../../connectors/types.ts";
import { type Harness, readAll, startHarness } from "./setup.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

const LIST = "GET /crm/v3/objects/deals";
const V4 = "POST /crm/v4/associations/deals/companies/batch/read";
const PARTNER: AssociationRequest[] = [{ toObject: "companies", label: "Partner", as: "partner" }];

const byId = (records: CrmRecord[]) => new Map(records.map((r) => [r.id, r.associations]));

describe("HubSpot full reads with inline associations", () => {
  it("reads n seeded deals with their partners in ceil(n/100) list calls and one v4 read", async () => {
    h = await startHarness({ rateLimits: { enabled: false }, seed: { partners: 20, deals: 450 } });
    const { portal } = h.emulator;
    const n = portal.count("deals");
    expect(n).toBeGreaterThan(400);
    portal.resetCalls();
    const full = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      associations: PARTNER,
      mode: "full",
      cursor: null,
    });
    const calls = portal.calls();
    expect(full.records).toHaveLength(n);
    expect(calls.byEndpoint[LIST]).toBe(Math.ceil(n / 100));
    // The first page's links teach the type names; every later page is answered inline.
    expect(calls.byEndpoint[V4]).toBe(1);
    expect(calls.total).toBe(Math.ceil(n / 100) + 2); // + the properties read
    // Every seeded deal has exactly one Partner-labelled company besides its primary customer.
    expect(full.records.every((r) => r.associations.partner?.length === 1)).toBe(true);

    // Same answer as the search path, which reads every page's associations through v4.
    const inc = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      associations: PARTNER,
      mode: "incremental",
      cursor: null,
    });
    expect(byId(full.records)).toEqual(byId(inc.records));

    // Each run learns afresh (a label may have been renamed in between): one v4 read again.
    portal.resetCalls();
    await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      associations: PARTNER,
      mode: "full",
      cursor: null,
    });
    expect(portal.calls().byEndpoint[V4]).toBe(1);
  });

  it("also when every deal is linked to its partner alone (the label always beside the default)", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const { portal } = h.emulator;
    const partners = portal.createMany(
      "companies",
      Array.from({ length: 7 }, (_, i) => ({ name: `P${i}` })),
    );
    const deals = portal.createMany(
      "deals",
      Array.from({ length: 250 }, (_, i) => ({ dealname: `D${i}` })),
    );
    deals.forEach((d, i) => {
      portal.associate("deals", d, "companies", partners[i % 7]!, { label: "Partner" });
    });
    portal.resetCalls();
    const { records } = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      associations: PARTNER,
      mode: "full",
      cursor: null,
    });
    expect(records.map((r) => r.associations.partner)).toEqual(deals.map((_, i) => [partners[i % 7]]));
    expect(portal.calls().byEndpoint).toMatchObject({ [LIST]: 3, [V4]: 1 });
  });

  it("honours the display label, not the internal name: a non-Partner company is not the partner", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const { portal } = h.emulator;
    const types = portal.state.associationTypes;
    // The label whose internal name is "partner" now reads "Former partner"; "Partner" is a
    // label named "channel".
    const old = types.findLabel("deals", "companies", "partner");
    if (!old) throw new Error("the emulator's Partner label is missing");
    old.label = "Former partner";
    types.createLabel("deals", "companies", "channel", "Partner");
    const [customer, current, former, other] = portal.createMany("companies", [
      { name: "Customer" },
      { name: "Current partner" },
      { name: "Former partner" },
      { name: "Unlabelled" },
    ]) as [string, string, string, string];

    // First page: 100 deals that show every name (teaching them), alternating partners.
    const first = portal.createMany(
      "deals",
      Array.from({ length: 100 }, (_, i) => ({ dealname: `T${i}` })),
    );
    first.forEach((d, i) => {
      portal.associate("deals", d, "companies", customer, { primary: true });
      portal.associate("deals", d, "companies", i % 2 === 0 ? current : former, {
        label: i % 2 === 0 ? "channel" : "partner",
      });
    });
    // Second page, answered inline.
    const [formerOnly, currentOnly, unlabelled, bothOnOne] = portal.createMany("deals", [
      { dealname: "former only" },
      { dealname: "current only" },
      { dealname: "unlabelled only" },
      { dealname: "partner is also the primary" },
    ]) as [string, string, string, string];
    portal.associate("deals", formerOnly, "companies", customer, { primary: true });
    portal.associate("deals", formerOnly, "companies", former, { label: "partner" });
    portal.associate("deals", currentOnly, "companies", current, { label: "channel" });
    portal.associate("deals", unlabelled, "companies", other);
    portal.associate("deals", bothOnOne, "companies", current, { primary: true, label: "channel" });
    portal.resetCalls();

    const { records } = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      // The configured HUBSPOT_PARTNER_LABEL ("Partner") and an explicit one.
      associations: [
        { toObject: "companies", as: "partner" },
        { toObject: "companies", label: "Former partner", as: "former" },
      ],
      mode: "full",
      cursor: null,
    });
    const got = byId(records);
    expect(got.get(first[0]!)).toEqual({ partner: [current], former: [] });
    expect(got.get(first[1]!)).toEqual({ partner: [], former: [former] });
    expect(got.get(formerOnly)).toEqual({ partner: [], former: [former] });
    expect(got.get(currentOnly)).toEqual({ partner: [current], former: [] });
    expect(got.get(unlabelled)).toEqual({ partner: [], former: [] });
    expect(got.get(bothOnOne)).toEqual({ partner: [current], former: [] });
    expect(portal.calls().byEndpoint[LIST]).toBe(2);
    expect(portal.calls().byEndpoint[V4]).toBe(1);
  });

  it("falls back to the v4 read for a record whose inline associations were truncated", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const { portal } = h.emulator;
    const [customer, partner] = portal.createMany("companies", [
      { name: "Customer" },
      { name: "Partner" },
    ]) as [string, string];
    const crowd = portal.createMany(
      "companies",
      Array.from({ length: 120 }, (_, i) => ({ name: `Crowd ${i}` })),
    );
    const lateP = portal.createMany("companies", [{ name: "Late partner" }])[0] as string;
    const first = portal.createMany(
      "deals",
      Array.from({ length: 100 }, (_, i) => ({ dealname: `T${i}` })),
    );
    for (const d of first) {
      portal.associate("deals", d, "companies", customer, { primary: true });
      portal.associate("deals", d, "companies", partner, { label: "Partner" });
    }
    // Second page: a deal whose Partner link lies past the 100 inline entries, and one that fits.
    const [crowded, plain] = portal.createMany("deals", [{ dealname: "Crowded" }, { dealname: "Plain" }]) as [
      string,
      string,
    ];
    for (const c of crowd) portal.associate("deals", crowded, "companies", c);
    portal.associate("deals", crowded, "companies", lateP, { label: "Partner" });
    portal.associate("deals", plain, "companies", partner, { label: "Partner" });
    portal.resetCalls();
    const pages: Array<{ ids: string[]; v4: number }> = [];
    for await (const page of h.connector.read({
      object: "deals",
      fields: ["dealname"],
      associations: PARTNER,
      mode: "full",
      cursor: null,
    })) {
      pages.push({ ids: page.records.map((r) => r.id), v4: portal.calls().byEndpoint[V4] ?? 0 });
      for (const r of page.records) {
        if (r.id === crowded) expect(r.associations.partner).toEqual([lateP]);
        if (r.id === plain) expect(r.associations.partner).toEqual([partner]);
        if (first.includes(r.id)) expect(r.associations.partner).toEqual([partner]);
      }
    }
    // Page 1: one v4 read (names unknown). Page 2: one more, for the truncated deal ("Plain"
    // is answered inline; the unit test checks the v4 inputs), 121 links in one v4 page.
    expect(pages.filter((p) => p.ids.length > 0).map((p) => p.v4)).toEqual([1, 2]);
    expect(portal.calls().byEndpoint[LIST]).toBe(2);
  });
});
