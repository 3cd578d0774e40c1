import { afterEach, describe, expect, it } from "vitest";
import type { HubSpotEmulator } from "../../../sandbox/hubspot/server.ts";
import { apiError, clientFor, raw, startEmulator, TOKEN } from "./helpers.ts";

const emulators: HubSpotEmulator[] = [];
afterEach(async () => {
  while (emulators.length > 0) await emulators.pop()!.close();
});
async function start(options: Parameters<typeof startEmulator>[0] = {}) {
  const e = await startEmulator(options);
  emulators.push(e);
  return e;
}
const props = ["hs_updated_by_user_id", "hs_created_by_user_id", "dealname"];

describe("hs_updated_by_user_id / hs_created_by_user_id", () => {
  it("API writes are attributed to the token's user, back-door writes to the sandbox user", async () => {
    const e = await start();
    const client = clientFor(e);
    const created = await client.crm.deals.basicApi.create({
      properties: { dealname: "By API" },
      associations: [],
    });
    expect(created.properties).toMatchObject({
      hs_updated_by_user_id: "7000001",
      hs_created_by_user_id: "7000001",
    });
    // A person edits it in the UI (the back door): the updater changes, the creator stays.
    e.portal.update("deals", created.id, { dealname: "By hand" });
    const afterUi = await client.crm.deals.basicApi.getById(created.id, props);
    expect(afterUi.properties).toMatchObject({
      hs_updated_by_user_id: "7000100",
      hs_created_by_user_id: "7000001",
    });
    // Batch writes too; a write that changes nothing does not change the updater.
    await client.crm.deals.batchApi.update({ inputs: [{ id: created.id, properties: { amount: "5" } }] });
    expect(e.portal.get("deals", created.id)?.properties.hs_updated_by_user_id).toBe("7000001");
    e.portal.update("deals", created.id, { amount: "5" });
    expect(e.portal.get("deals", created.id)?.properties.hs_updated_by_user_id).toBe("7000001");
    // Seeded / back-door records are the sandbox user's.
    const seeded = e.portal.create("companies", { name: "Seeded" });
    expect(seeded.properties.hs_updated_by_user_id).toBe("7000100");
  });

  it("is read-only through the API, searchable, and per-token / per-OAuth-app configurable", async () => {
    const e = await start({
      accessTokens: [TOKEN, "pat-na1-other-app"],
      users: { byToken: { "pat-na1-other-app": 42 }, backdoorUserId: null },
      oauth: { clientId: "cid", clientSecret: "cs", refreshTokens: ["rt"] },
    });
    const rejected = await apiError(
      clientFor(e).crm.deals.basicApi.create({
        properties: { dealname: "x", hs_updated_by_user_id: "1" },
        associations: [],
      }),
    );
    expect(rejected.code).toBe(400);
    expect(JSON.stringify(rejected.body)).toContain("READ_ONLY_VALUE");

    const other = await raw(
      e,
      "POST",
      "/crm/v3/objects/companies",
      { properties: { name: "Other" } },
      "pat-na1-other-app",
    );
    expect(other.body.properties.hs_updated_by_user_id).toBe("42");
    // backdoorUserId null: the back door leaves the updater as it was.
    e.portal.update("companies", other.body.id, { name: "Other, renamed" });
    expect(e.portal.get("companies", other.body.id)?.properties.hs_updated_by_user_id).toBe("42");
    expect(
      e.portal.create("companies", { name: "Unattributed" }).properties.hs_updated_by_user_id,
    ).toBeUndefined();

    const token = await fetch(`${e.url}/oauth/v1/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=refresh_token&client_id=cid&client_secret=cs&refresh_token=rt",
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const viaOauth = await raw(
      e,
      "POST",
      "/crm/v3/objects/companies",
      { properties: { name: "OAuth" } },
      token.access_token,
    );
    expect(viaOauth.body.properties.hs_updated_by_user_id).toBe("7000002");
    const info = await raw(e, "GET", `/oauth/v1/access-tokens/${token.access_token}`, undefined, null);
    expect(info.body.user_id).toBe(7_000_002);

    const found = await raw(e, "POST", "/crm/v3/objects/companies/search", {
      filterGroups: [{ filters: [{ propertyName: "hs_updated_by_user_id", operator: "EQ", value: "42" }] }],
      properties: ["name"],
    });
    expect(found.body.results.map((r: { properties: { name: string } }) => r.properties.name)).toEqual([
      "Other, renamed",
    ]);
  });
});

describe("private-app access token info", () => {
  it("answers the token's user, portal and scopes; an unknown token is refused", async () => {
    const e = await start({ users: { byToken: { [TOKEN]: 55 } } });
    const info = await raw(
      e,
      "POST",
      "/oauth/v2/private-apps/get/access-token-info",
      { tokenKey: TOKEN },
      null,
    );
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ userId: 55, hubId: 62_515 });
    expect(info.body.scopes).toContain("crm.objects.deals.write");
    const bad = await raw(
      e,
      "POST",
      "/oauth/v2/private-apps/get/access-token-info",
      { tokenKey: "nope" },
      null,
    );
    expect(bad.status).toBe(401);
  });
});
