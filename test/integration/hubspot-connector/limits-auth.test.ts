import { afterEach, describe, expect, it } from "vitest";
import { type Harness, readAll, startHarness } from "./setup.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

describe("HubSpot limits and auth against the emulator", () => {
  it("rides the emulator's real ten-secondly and search limits without losing a record", async () => {
    h = await startHarness({ rateLimits: { enabled: true, tenSecondly: 15, searchPerSecond: 2 } });
    h.emulator.portal.createMany(
      "deals",
      Array.from({ length: 3_000 }, (_, i) => ({ dealname: `R${i}` })),
    );
    const full = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      mode: "full",
      cursor: null,
    });
    expect(full.records).toHaveLength(3_000);
    const inc = await readAll(h.connector, {
      object: "deals",
      fields: ["dealname"],
      mode: "incremental",
      cursor: null,
    });
    expect(inc.records).toHaveLength(3_000);
    const calls = h.emulator.portal.calls();
    expect(calls.byStatus["429"] ?? 0).toBeGreaterThan(0);
    expect(h.connector.stats().retries).toBe(calls.byStatus["429"]);
  });

  it("stops at the configured share of the daily limit and says so", async () => {
    h = await startHarness({ rateLimits: { enabled: true, daily: 20 } });
    const ids = h.emulator.portal.createMany(
      "deals",
      Array.from({ length: 2_000 }, (_, i) => ({ dealname: `B${i}` })),
    );
    const connector = h.newConnector({ dailyBudgetShare: 0.5 });
    await connector.describe("deals"); // 1 call; headers now tell the daily usage
    const result = await connector.write({
      object: "deals",
      operation: "update",
      records: ids.map((id) => ({ key: id, fields: { dealname: "x" } })),
    });
    expect(result.stoppedForBudget).toBe(true);
    expect(h.emulator.portal.calls().total).toBe(10); // 50% of 20: never more
    expect(result.results.filter((r) => r.ok)).toHaveLength(900);
    expect(result.results.filter((r) => !r.ok && r.failure.code === "API_BUDGET")).toHaveLength(1_100);
    expect(await connector.budget()).toEqual({ used: 10, limit: 20, stopAtShare: 0.5 });
  });

  it("OAuth: refreshes the access token and reads with it", async () => {
    h = await startHarness({
      rateLimits: { enabled: false },
      oauth: {
        clientId: "cid",
        clientSecret: "csecret",
        refreshTokens: ["rt-1"],
        accessTokenTtlSeconds: 1800,
      },
    });
    h.emulator.portal.createMany("companies", [{ name: "OAuth Co" }]);
    const connector = h.newConnector({
      auth: { kind: "oauth", clientId: "cid", clientSecret: "csecret", refreshToken: "rt-1" },
    });
    const { records } = await readAll(connector, {
      object: "companies",
      fields: ["name"],
      mode: "full",
      cursor: null,
    });
    expect(records.map((r) => r.fields.name)).toEqual(["OAuth Co"]);
    // Its writes carry the OAuth user, and the connector can say who that is.
    expect(await connector.integrationUserId()).toBe("7000002");
    const id = records[0]!.id;
    await connector.write({
      object: "companies",
      operation: "update",
      records: [{ key: id, fields: { name: "OAuth Co 2" } }],
    });
    expect((await connector.readByIds("companies", [id], ["name"]))[0]?.modifiedBy).toBe("7000002");
    const bad = h.newConnector({
      auth: { kind: "oauth", clientId: "cid", clientSecret: "csecret", refreshToken: "rt-unknown" },
    });
    await expect(bad.describe("companies")).rejects.toMatchObject({ code: "HUBSPOT_AUTH" });
  });
});
