import { afterEach, describe, expect, it } from "vitest";
import { type Harness, readAll, searchCalls, startHarness } from "./setup.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

const DEAL_FIELDS = ["dealname", "amount", "dealstage", "closedate"];

describe("HubSpot connector reads against the emulator", () => {
  it("full read, then incremental reads that return exactly what changed", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const { portal } = h.emulator;
    const ids = portal.createMany(
      "deals",
      Array.from({ length: 230 }, (_, i) => ({
        dealname: `D${i}`,
        amount: `${1000 + i}.50`,
        dealstage: "closedwon",
      })),
    );
    const full = await readAll(h.connector, {
      object: "deals",
      fields: DEAL_FIELDS,
      mode: "full",
      cursor: null,
    });
    expect(full.records).toHaveLength(230);
    expect(full.records.find((r) => r.id === ids[5])?.fields.amount).toBe("1005.50");
    expect(full.cursor).toMatchObject({ phase: "done" });

    h.clock.now += 60_000;
    portal.update("deals", ids[3] as string, { amount: "9.99" });
    h.clock.now += 1;
    portal.update("deals", ids[200] as string, { dealname: "renamed" });
    h.clock.now += 1_000;
    const inc = await readAll(h.connector, {
      object: "deals",
      fields: DEAL_FIELDS,
      mode: "incremental",
      cursor: full.cursor,
    });
    expect(inc.records.map((r) => r.id)).toEqual([ids[3], ids[200]]);
    expect(inc.records[0]?.fields.amount).toBe("9.99");

    // Nothing changed since: an empty run that still hands back a cursor.
    h.clock.now += 1_000;
    const again = await readAll(h.connector, {
      object: "deals",
      fields: DEAL_FIELDS,
      mode: "incremental",
      cursor: inc.cursor,
    });
    expect(again.records).toEqual([]);
    expect(again.cursor).toMatchObject({ phase: "done" });
  });

  it("modifiedBy is the user of the last change: ours (the token's user) or a person's", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    await h.connector.provision({ check: false });
    const { portal } = h.emulator;
    const [ours, theirs] = portal.createMany("deals", [{ dealname: "Ours" }, { dealname: "Theirs" }]) as [
      string,
      string,
    ];
    const full = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      mode: "full",
      cursor: null,
    });
    // Seeded through the back door: the sandbox's UI user.
    expect(full.records.map((r) => r.modifiedBy)).toEqual(["7000100", "7000100"]);

    h.clock.now += 60_000;
    await h.connector.write({
      object: "deals",
      operation: "update",
      records: [
        { key: ours, fields: { incentive_status: "earned" } },
        { key: theirs, fields: { incentive_status: "pending" } },
      ],
    });
    h.clock.now += 1;
    portal.update("deals", theirs, { dealname: "Theirs, edited by a person" });
    h.clock.now += 1_000;
    const inc = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname", "incentive_status"],
      mode: "incremental",
      cursor: full.cursor,
    });
    expect(inc.records.map((r) => [r.id, r.modifiedBy])).toEqual([
      [ours, "7000001"],
      [theirs, "7000100"],
    ]);
    const byId = await h.connector.readByIds("deals", [ours], ["dealname"]);
    expect(byId[0]?.modifiedBy).toBe("7000001");
    // The connector knows its own user, so the sync can tell the echo from the person's edit.
    h.emulator.portal.resetCalls();
    const me = await h.connector.integrationUserId();
    expect(me).toBe("7000001");
    expect(await h.connector.integrationUserId()).toBe(me);
    expect(h.emulator.portal.calls().byEndpoint["POST /oauth/v2/private-apps/get/access-token-info"]).toBe(1);
    expect(inc.records.filter((r) => r.modifiedBy !== me).map((r) => r.id)).toEqual([theirs]);
  });

  it("splits a window holding more than 10,000 changes by time; the count equals the emulator's", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const { portal } = h.emulator;
    const base = h.clock.now - 20_000_000;
    portal.createMany(
      "deals",
      Array.from({ length: 12_345 }, (_, i) => ({
        dealname: `W${i}`,
        hs_lastmodifieddate: new Date(base + i * 1_000).toISOString(),
      })),
    );
    portal.resetCalls();
    const seen = new Set<string>();
    let records = 0;
    for await (const page of h.connector.read({
      object: "deals",
      fields: ["dealname"],
      mode: "incremental",
      cursor: null,
    })) {
      for (const r of page.records) {
        records++;
        seen.add(r.id);
      }
    }
    expect(records).toBe(portal.count("deals"));
    expect(seen.size).toBe(12_345);
    const calls = searchCalls(h.emulator, "deals");
    // ≥ 62 pages of 200, plus the probes that found a window over the cap.
    expect(calls).toBeGreaterThanOrEqual(62);
    expect(calls).toBeLessThan(70);
    expect(portal.calls().byStatus["400"]).toBeUndefined();
  }, 120_000);

  it("walks more than 10,000 records sharing one timestamp by hs_object_id", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const { portal } = h.emulator;
    const at = new Date(h.clock.now - 5_000).toISOString();
    portal.createMany(
      "companies",
      Array.from({ length: 10_050 }, (_, i) => ({ name: `C${i}`, hs_lastmodifieddate: at })),
    );
    portal.createMany("companies", [
      { name: "before", hs_lastmodifieddate: new Date(h.clock.now - 9_000).toISOString() },
    ]);
    portal.createMany("companies", [
      { name: "after", hs_lastmodifieddate: new Date(h.clock.now - 1_000).toISOString() },
    ]);
    const { records } = await readAll(h.connector, {
      object: "companies",
      fields: ["name"],
      mode: "incremental",
      cursor: null,
    });
    expect(records).toHaveLength(10_052);
    expect(new Set(records.map((r) => r.id)).size).toBe(10_052);
    expect(portal.calls().byStatus["400"]).toBeUndefined();
  }, 120_000);

  it("reports archived records as tombstones and merges on the survivor", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const { portal } = h.emulator;
    const ids = portal.createMany(
      "deals",
      Array.from({ length: 10 }, (_, i) => ({ dealname: `A${i}` })),
    );
    const first = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      mode: "incremental",
      cursor: null,
    });
    expect(first.records).toHaveLength(10);
    h.clock.now += 10_000;
    portal.archive("deals", ids[1] as string);
    portal.archive("deals", ids[2] as string);
    h.clock.now += 1;
    portal.merge("deals", ids[4] as string, ids[5] as string);
    h.clock.now += 1_000;
    const next = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      mode: "incremental",
      cursor: first.cursor,
    });
    const tombstones = next.records
      .filter((r) => r.deleted)
      .map((r) => r.id)
      .sort();
    expect(tombstones).toEqual([ids[1], ids[2], ids[5]].sort());
    const survivor = next.records.find((r) => r.id === ids[4]);
    expect(survivor?.mergedIds).toEqual([ids[5]]);
    // The survivor comes before the tombstone of what merged into it, so links move first.
    expect(next.records.findIndex((r) => r.id === ids[4])).toBeLessThan(
      next.records.findIndex((r) => r.id === ids[5]),
    );
    const byIds = await h.connector.readByIds(
      "deals",
      [ids[1] as string, ids[4] as string, "999999"],
      ["dealname"],
    );
    expect(byIds.map((r) => [r.id, r.deleted])).toEqual(
      expect.arrayContaining([
        [ids[4], false],
        [ids[1], true],
        ["999999", true],
      ]),
    );
  });

  it("keeps only the partner-labelled company association and exposes the Salesforce mirror id", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const { portal } = h.emulator;
    const [customer, partner] = portal.createMany("companies", [
      { name: "Customer Inc", salesforceaccountid: "001000000000001AAA" },
      { name: "Partner LLC" },
    ]) as [string, string];
    const [deal] = portal.createMany("deals", [
      { dealname: "Mirrored", hs_salesforceopportunityid: "006000000000009AAA" },
    ]) as [string];
    portal.associate("deals", deal, "companies", customer, { primary: true });
    portal.associate("deals", deal, "companies", partner, { label: "Partner" });
    const { records } = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      associations: [
        { toObject: "companies", label: "Partner", as: "partner" },
        { toObject: "companies", as: "byConfig" },
      ],
      mode: "incremental",
      cursor: null,
    });
    const d = records.find((r) => r.id === deal);
    expect(d?.associations).toEqual({ partner: [partner], byConfig: [partner] });
    expect(d?.mirrorOf).toEqual({ crm: "salesforce", id: "006000000000009AAA" });
    const companies = await h.connector.readByIds("companies", [customer], ["name"]);
    expect(companies[0]?.mirrorOf).toEqual({ crm: "salesforce", id: "001000000000001AAA" });
  });

  it("follows v4 association pages: a Partner link on a later page is found, each page read once", async () => {
    h = await startHarness({ rateLimits: { enabled: false }, associationPageSize: 2 });
    const { portal } = h.emulator;
    const companies = portal.createMany(
      "companies",
      Array.from({ length: 7 }, (_, i) => ({ name: `C${i}` })),
    );
    const deals = portal.createMany(
      "deals",
      Array.from({ length: 3 }, (_, i) => ({ dealname: `D${i}` })),
    );
    // Deal 0: six customer links, the partner (the last company) on page 4; deal 1: one partner
    // link; deal 2: none (HubSpot's 207 NO_ASSOCIATIONS_FOUND).
    for (const c of companies.slice(0, 6)) portal.associate("deals", deals[0]!, "companies", c);
    portal.associate("deals", deals[0]!, "companies", companies[6]!, { label: "Partner" });
    portal.associate("deals", deals[1]!, "companies", companies[2]!, { label: "Partner" });
    const v4Reads = { full: 0, incremental: 0 };
    for (const mode of ["full", "incremental"] as const) {
      portal.resetCalls();
      const { records } = await readAll(h.connector, {
        object: "deals",
        fields: ["dealname"],
        associations: [
          { toObject: "companies", as: "partner" },
          { toObject: "companies", label: "", as: "all" },
        ],
        mode,
        cursor: null,
      });
      const byId = new Map(records.map((r) => [r.id, r.associations]));
      expect(byId.get(deals[0]!)?.partner).toEqual([companies[6]]);
      expect(byId.get(deals[1]!)?.partner).toEqual([companies[2]]);
      expect(byId.get(deals[2]!)?.partner).toEqual([]);
      // Every link carries the unlabelled default type: all seven, across the four pages.
      expect(byId.get(deals[0]!)?.all).toEqual(companies);
      v4Reads[mode] = portal.calls().byEndpoint["POST /crm/v4/associations/deals/companies/batch/read"] ?? 0;
    }
    // 7 links at 2 per page: 4 requests (the first covers every deal). A search page reads them
    // once per association request; a list page's fallback (type names not yet known this run)
    // once for both.
    expect(v4Reads).toEqual({ full: 4, incremental: 8 });
  });

  it("applies a mapping's scope the same way in full (client-side) and incremental (search) reads", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    h.emulator.portal.createMany(
      "deals",
      Array.from({ length: 300 }, (_, i) => ({
        dealname: `S${i}`,
        dealstage: i % 3 === 0 ? "closedwon" : "appointmentscheduled",
        amount: String(i * 10),
      })),
    );
    const scope = [
      { field: "dealstage", op: "eq" as const, value: "closedwon" },
      { field: "amount", op: "gte" as const, value: "1000" },
    ];
    const full = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      scope,
      mode: "full",
      cursor: null,
    });
    const inc = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      scope,
      mode: "incremental",
      cursor: null,
    });
    const ids = (r: typeof full) => r.records.map((x) => x.id).sort();
    expect(full.records).toHaveLength(66);
    expect(ids(inc)).toEqual(ids(full));
  });

  it("resumes exactly from a saved page cursor after a crash", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const base = h.clock.now - 100_000;
    h.emulator.portal.createMany(
      "deals",
      Array.from({ length: 1_000 }, (_, i) => ({
        dealname: `R${i}`,
        hs_lastmodifieddate: new Date(base + Math.floor(i / 3) * 10).toISOString(),
      })),
    );
    const seen: string[] = [];
    let saved: Record<string, unknown> | null = null;
    let pages = 0;
    for await (const page of h.connector.read({
      object: "deals",
      fields: ["dealname"],
      mode: "incremental",
      cursor: null,
    })) {
      seen.push(...page.records.map((r) => r.id));
      saved = { ...page.cursor };
      if (++pages === 3) break; // the process dies after applying page 3
    }
    // The cursor travels through the store as JSON.
    const restored = JSON.parse(JSON.stringify(saved)) as Record<string, unknown>;
    const fresh = h.newConnector();
    const rest = await readAll(fresh, {
      object: "deals",
      fields: ["dealname"],
      mode: "incremental",
      cursor: restored,
    });
    const all = [...seen, ...rest.records.map((r) => r.id)];
    expect(all).toHaveLength(1_000);
    expect(new Set(all).size).toBe(1_000);
  });
});
