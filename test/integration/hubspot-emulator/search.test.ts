import type { Client } from "@hubspot/api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubSpotEmulator } from "../../../sandbox/hubspot/server.ts";
import { apiError, clientFor, type Json, raw, startEmulator } from "./helpers.ts";

let emulator: HubSpotEmulator;
let client: Client;
const DEALS = 10_500;

beforeAll(async () => {
  emulator = await startEmulator({ seed: { partners: 50, deals: DEALS }, rateLimits: { enabled: false } });
  client = clientFor(emulator);
});
afterAll(async () => {
  await emulator.close();
});

type Filter = {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
  values?: string[];
};

async function search(filterGroups: Array<{ filters: Filter[] }>, extra: Record<string, unknown> = {}) {
  return client.crm.deals.searchApi.doSearch({
    filterGroups,
    properties: ["dealname", "amount", "dealstage", "closedate", "csat"],
    limit: 200,
    ...extra,
  } as never);
}

describe("search filters", () => {
  it("applies EQ/NEQ/IN/NOT_IN on enumerations, numeric GT/LT on amounts and OR across groups", async () => {
    const won = await search([
      { filters: [{ propertyName: "dealstage", operator: "EQ", value: "closedwon" }] },
    ]);
    const notWon = await search([
      { filters: [{ propertyName: "dealstage", operator: "NEQ", value: "closedwon" }] },
    ]);
    expect(won.total + notWon.total).toBe(DEALS);
    expect(won.results.every((r) => r.properties.dealstage === "closedwon")).toBe(true);
    const inList = await search([
      { filters: [{ propertyName: "dealstage", operator: "IN", values: ["closedwon", "closedlost"] }] },
    ]);
    const notIn = await search([
      { filters: [{ propertyName: "dealstage", operator: "NOT_IN", values: ["closedwon", "closedlost"] }] },
    ]);
    expect(inList.total + notIn.total).toBe(DEALS);
    const big = await search([{ filters: [{ propertyName: "amount", operator: "GT", value: "300000" }] }]);
    // Numeric, not lexicographic: "99999" > "300000" as strings but not as numbers.
    expect(big.results.every((r) => Number(r.properties.amount) > 300_000)).toBe(true);
    const either = await search([
      { filters: [{ propertyName: "amount", operator: "GT", value: "300000" }] },
      { filters: [{ propertyName: "amount", operator: "LT", value: "2500" }] },
    ]);
    const small = await search([{ filters: [{ propertyName: "amount", operator: "LT", value: "2500" }] }]);
    expect(either.total).toBe(big.total + small.total);
  });

  it("supports BETWEEN on datetimes (ms epoch), HAS_PROPERTY / NOT_HAS_PROPERTY and CONTAINS_TOKEN", async () => {
    const q1 = await search([
      {
        filters: [
          {
            propertyName: "closedate",
            operator: "BETWEEN",
            value: String(Date.UTC(2026, 0, 1)),
            highValue: String(Date.UTC(2026, 2, 31)),
          },
        ],
      },
    ]);
    expect(q1.total).toBeGreaterThan(0);
    for (const r of q1.results) expect(r.properties.closedate! < "2026-04-01").toBe(true);
    const has = await search([{ filters: [{ propertyName: "csat", operator: "HAS_PROPERTY" }] }]);
    const hasNot = await search([{ filters: [{ propertyName: "csat", operator: "NOT_HAS_PROPERTY" }] }]);
    expect(has.total + hasNot.total).toBe(DEALS);
    expect(has.results.every((r) => r.properties.csat !== null)).toBe(true);
    const renewals = await search([
      { filters: [{ propertyName: "dealname", operator: "CONTAINS_TOKEN", value: "renewal" }] },
    ]);
    expect(renewals.total).toBeGreaterThan(0);
    expect(renewals.results.every((r) => r.properties.dealname!.startsWith("Renewal"))).toBe(true);
  });

  it("sorts by one property in either direction and never returns archived records", async () => {
    const desc = await search([], {
      sorts: [{ propertyName: "amount", direction: "DESCENDING" }],
      limit: 50,
    });
    const amounts = desc.results.map((r) => Number(r.properties.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const top = desc.results[0]!.id;
    await client.crm.deals.basicApi.archive(top);
    const after = await search([], {
      sorts: [{ propertyName: "amount", direction: "DESCENDING" }],
      limit: 50,
    });
    expect(after.results.map((r) => r.id)).not.toContain(top);
    expect(after.total).toBe(DEALS - 1);
  });

  it("compares hs_lastmodifieddate numerically against a ms epoch value", async () => {
    await new Promise((r) => setTimeout(r, 5));
    const since = Date.now();
    const target = (await search([], { limit: 1 })).results[0]!.id;
    await client.crm.deals.basicApi.update(target, { properties: { description: "touched" } });
    const changed = await search([
      { filters: [{ propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(since) }] },
    ]);
    expect(changed.results.map((r) => r.id)).toEqual([target]);
  });
});

describe("search paging and limits", () => {
  it("pages with `after` up to the 10,000-result cap, then answers 400", async () => {
    const first = await search([], { limit: 200 });
    expect(first.results).toHaveLength(200);
    expect(first.total).toBeGreaterThan(10_000);
    expect(first.paging?.next?.after).toBe("200");
    const seen = new Set(first.results.map((r) => r.id));
    let after = first.paging?.next?.after;
    let pages = 1;
    while (after !== undefined) {
      const page = await search([], { limit: 200, after });
      for (const r of page.results) seen.add(r.id);
      pages++;
      after = page.paging?.next?.after;
      if (after === "10000") break;
    }
    expect(pages).toBe(50);
    expect(seen.size).toBe(10_000);
    const past = await apiError(search([], { limit: 200, after: "10000" }));
    expect(past.code).toBe(400);
    expect(past.body.category).toBe("VALIDATION_ERROR");
    expect(past.body.message).toContain("10000");
  });

  it("enforces limit ≤ 200 and the filter limits: 5 groups, 10 filters a group, 25 in all", async () => {
    const f = (n: number): Filter[] =>
      Array.from({ length: n }, () => ({ propertyName: "amount", operator: "GT", value: "0" }));
    expect((await apiError(search([], { limit: 201 }))).code).toBe(400);
    const ok = await search(
      Array.from({ length: 5 }, () => ({ filters: f(5) })),
      { limit: 1 },
    );
    expect(ok.total).toBeGreaterThan(0);
    const sixGroups = await apiError(search(Array.from({ length: 6 }, () => ({ filters: f(1) }))));
    expect(sixGroups.code).toBe(400);
    const elevenInGroup = await apiError(search([{ filters: f(11) }]));
    expect(elevenInGroup.code).toBe(400);
    const twentySix = await apiError(search([{ filters: f(10) }, { filters: f(10) }, { filters: f(6) }]));
    expect(twentySix.code).toBe(400);
    expect(twentySix.body.message).toContain("25");
  });

  it("emulates search-index lag when asked: API writes reach search only after searchIndexLagMs", async () => {
    let now = Date.UTC(2026, 5, 1);
    const lagging = await startEmulator({
      now: () => now,
      searchIndexLagMs: 2_000,
      rateLimits: { enabled: false },
    });
    try {
      const c = clientFor(lagging);
      const find = async (amount: string) =>
        (
          await c.crm.deals.searchApi.doSearch({
            filterGroups: [{ filters: [{ propertyName: "amount", operator: "EQ", value: amount }] }],
            properties: ["amount"],
            limit: 10,
          } as never)
        ).results.map((r) => [r.id, r.properties.amount]);
      const created = await c.crm.deals.basicApi.create({ properties: { amount: "10" }, associations: [] });
      expect(await find("10")).toEqual([]);
      now += 2_001;
      expect(await find("10")).toEqual([[created.id, "10"]]);
      await c.crm.deals.basicApi.update(created.id, { properties: { amount: "20" } });
      expect(await find("20")).toEqual([]);
      expect(await find("10")).toEqual([[created.id, "10"]]);
      expect((await c.crm.deals.basicApi.getById(created.id, ["amount"])).properties.amount).toBe("20");
      now += 2_001;
      expect(await find("10")).toEqual([]);
      expect(await find("20")).toEqual([[created.id, "20"]]);
    } finally {
      await lagging.close();
    }
  });

  it("applies its own stricter per-second limit (429, SECONDLY) and no rate-limit headers", async () => {
    const frozen = await startEmulator({
      now: () => Date.UTC(2026, 5, 1),
      rateLimits: { searchPerSecond: 5 },
    });
    try {
      const statuses: number[] = [];
      let limited: { status: number; body: Json; headers: Headers } | undefined;
      for (let i = 0; i < 7; i++) {
        const r = await raw(frozen, "POST", "/crm/v3/objects/deals/search", { limit: 1 });
        statuses.push(r.status);
        if (r.status === 429) limited ??= r;
        else expect(r.headers.get("x-hubspot-ratelimit-max")).toBeNull();
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(limited!.body).toMatchObject({
        status: "error",
        errorType: "RATE_LIMIT",
        policyName: "SECONDLY",
        message: "You have reached your secondly limit.",
      });
      // Other endpoints are not held back by the search window.
      expect((await raw(frozen, "GET", "/crm/v3/objects/deals")).status).toBe(200);
    } finally {
      await frozen.close();
    }
  });
});
