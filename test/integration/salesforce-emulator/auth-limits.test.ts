import { generateKeyPairSync, sign } from "node:crypto";
import { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSalesforceMetadata } from "../../../connectors/salesforce/metadata-loader.ts";
import type { RunningSalesforceEmulator } from "../../../sandbox/salesforce/server.ts";
import { startSalesforceEmulator } from "../../../sandbox/salesforce/server.ts";
import { API_VERSION, connect, raw, startEmulator } from "./fixtures.ts";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const other = generateKeyPairSync("rsa", { modulusLength: 2048 });

function jwt(claims: Record<string, unknown>, key = privateKey): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const body = `${enc({ alg: "RS256" })}.${enc(claims)}`;
  return `${body}.${sign("RSA-SHA256", Buffer.from(body), key).toString("base64url")}`;
}

describe("Salesforce emulator: OAuth, sessions, limits, describe", () => {
  let emu: RunningSalesforceEmulator;
  let clock = Date.parse("2026-11-20T09:00:00Z");

  beforeAll(async () => {
    emu = await startEmulator({
      now: () => clock,
      tokenTtlSeconds: 600,
      jwtCertificate: publicKey.export({ type: "spki", format: "pem" }) as string,
    });
  });
  afterAll(() => emu.close());

  it("issues tokens by client_credentials and password with the identity URL jsforce needs", async () => {
    const conn = new Connection({
      oauth2: {
        clientId: "sandbox-consumer-key",
        clientSecret: "sandbox-consumer-secret",
        loginUrl: emu.url,
      },
      version: API_VERSION,
    });
    const info = await conn.authorize({ grant_type: "client_credentials" });
    expect(info.organizationId).toBe(emu.org.orgId);
    expect(info.id).toBe(emu.org.users.integration);
    expect(conn.instanceUrl).toBe(emu.url);
    const identity = await conn.identity();
    expect(identity.username).toBe("integration@partner-incentives.sandbox");
    const pw = new Connection({
      oauth2: {
        clientId: "sandbox-consumer-key",
        clientSecret: "sandbox-consumer-secret",
        loginUrl: emu.url,
      },
      version: API_VERSION,
    });
    await pw.login("integration@partner-incentives.sandbox", "sandbox-password");
    expect((await pw.query("SELECT COUNT() FROM User")).totalSize).toBe(2);
    await expect(pw.login("integration@partner-incentives.sandbox", "wrong")).rejects.toMatchObject({
      name: "invalid_grant",
      message: "authentication failure",
    });
    const bad = await fetch(`${emu.url}/services/oauth2/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=x&client_secret=y",
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: "invalid_client",
      error_description: "invalid client credentials",
    });
  });

  it("verifies JWT bearer assertions: signature, iss, sub, aud, exp", async () => {
    const claims = {
      iss: "sandbox-consumer-key",
      sub: "integration@partner-incentives.sandbox",
      aud: "https://login.salesforce.com",
      exp: Math.floor(clock / 1000) + 180,
    };
    const conn = new Connection({ loginUrl: emu.url, version: API_VERSION });
    const grant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    await conn.authorize({ grant_type: grant, assertion: jwt(claims) });
    expect(conn.accessToken).toMatch(/^00D/);
    expect((await conn.query("SELECT COUNT() FROM Account")).totalSize).toBe(0);
    const fresh = () => new Connection({ loginUrl: emu.url, version: API_VERSION });
    await expect(
      fresh().authorize({ grant_type: grant, assertion: jwt(claims, other.privateKey) }),
    ).rejects.toMatchObject({
      name: "invalid_grant",
      message: "invalid assertion",
    });
    await expect(
      fresh().authorize({ grant_type: grant, assertion: jwt({ ...claims, aud: "https://evil" }) }),
    ).rejects.toMatchObject({
      message: "audience is invalid",
    });
    await expect(
      fresh().authorize({
        grant_type: grant,
        assertion: jwt({ ...claims, exp: Math.floor(clock / 1000) - 1 }),
      }),
    ).rejects.toMatchObject({ name: "invalid_grant" });
    await expect(
      fresh().authorize({ grant_type: grant, assertion: jwt({ ...claims, sub: "someone@else" }) }),
    ).rejects.toMatchObject({
      name: "invalid_grant",
    });
  });

  it("answers 401 INVALID_SESSION_ID for expired tokens; jsforce refreshes with refresh_token and replays", async () => {
    const conn = new Connection({
      oauth2: {
        clientId: "sandbox-consumer-key",
        clientSecret: "sandbox-consumer-secret",
        loginUrl: emu.url,
      },
      instanceUrl: emu.url,
      accessToken: emu.org.issueToken({ ttlSeconds: 60 }),
      refreshToken: "5Aep861SANDBOX.refresh-token",
      version: API_VERSION,
    });
    let refreshed = 0;
    conn.on("refresh", () => {
      refreshed++;
    });
    expect((await conn.query("SELECT COUNT() FROM User")).totalSize).toBe(2);
    clock += 61_000;
    const res = await raw({ ...emu, accessToken: conn.accessToken! }, "GET", "/services/data/v62.0/limits");
    expect(res.status).toBe(401);
    expect(res.body).toEqual([{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
    emu.org.resetCalls();
    expect((await conn.query("SELECT COUNT() FROM User")).totalSize).toBe(2);
    expect(refreshed).toBe(1);
    const calls = emu.org.calls();
    expect(calls.byEndpoint["POST /services/oauth2/token"]).toBe(1);
    expect(calls.byEndpoint["GET /services/data/vXX.X/query"]).toBe(2);
  });

  it("puts Sforce-Limit-Info on responses (jsforce limitInfo) and serves /limits", async () => {
    const conn = connect(emu);
    emu.org.setApiUsage(41);
    await conn.query("SELECT Id FROM User");
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 42, limit: 100_000 } });
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 100_000, Remaining: 100_000 - 43 });
    expect(limits.DailyBulkV2QueryJobs?.Max).toBeGreaterThan(0);
    const fresh = connect(emu);
    expect((await fresh.identity()).user_id).toBe(emu.org.users.integration);
    const versions = await raw(emu, "GET", "/services/data");
    expect((versions.body as { version: string }[]).at(-1)?.version).toBe("62.0");
    expect(versions.headers.get("sforce-limit-info")).toBeNull();
  });

  it("refuses with 403 REQUEST_LIMIT_EXCEEDED once the daily budget is spent", async () => {
    const small = await startEmulator({ dailyApiLimit: 3 });
    try {
      const conn = connect(small);
      for (let i = 0; i < 3; i++) await conn.query("SELECT COUNT() FROM User");
      await expect(conn.query("SELECT COUNT() FROM User")).rejects.toMatchObject({
        errorCode: "REQUEST_LIMIT_EXCEEDED",
        message: "TotalRequests Limit exceeded.",
      });
      const res = await raw(small, "GET", "/services/data/v62.0/limits");
      expect(res.status).toBe(403);
      expect(res.headers.get("sforce-limit-info")).toBe("api-usage=3/3");
    } finally {
      await small.close();
    }
  });

  it("describes objects, including declared custom fields and objects", async () => {
    const conn = connect(emu);
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).toEqual(
      expect.arrayContaining(["Account", "Opportunity", "User", "Incentive_Payout__c"]),
    );
    const opp = await conn.describe("Opportunity");
    const byName = new Map(opp.fields.map((f) => [f.name, f]));
    expect(byName.get("Amount")).toMatchObject({
      type: "currency",
      precision: 18,
      scale: 2,
      updateable: true,
    });
    expect(byName.get("IsWon")).toMatchObject({ type: "boolean", createable: false, updateable: false });
    expect(byName.get("PartnerAccountId")).toMatchObject({
      type: "reference",
      referenceTo: ["Account"],
      relationshipName: "PartnerAccount",
    });
    expect(byName.get("Type")?.picklistValues?.map((p) => p.value)).toEqual(
      expect.arrayContaining(["New Business", "Existing Customer - Upgrade", "Renewal"]),
    );
    expect(byName.get("Incentive_Amount__c")).toMatchObject({
      type: "currency",
      custom: true,
      precision: 16,
      scale: 2,
    });
    expect(byName.get("Incentive_Key__c")).toMatchObject({ externalId: true, unique: true, length: 64 });
    const account = await conn.describe("Account");
    const tier = account.fields.find((f) => f.name === "Partner_Tier__c")!;
    expect(tier).toMatchObject({ type: "picklist", restrictedPicklist: true });
    expect(tier.picklistValues).toEqual([
      { value: "Bronze", label: "Bronze", active: true, defaultValue: true, validFor: null },
      { value: "Silver", label: "Silver", active: true, defaultValue: false, validFor: null },
      { value: "Gold", label: "Gold", active: true, defaultValue: false, validFor: null },
    ]);
    expect(account.childRelationships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          childSObject: "Incentive_Payout__c",
          relationshipName: "Incentive_Payouts__r",
        }),
      ]),
    );
    await expect(conn.describe("Nope__c")).rejects.toMatchObject({ errorCode: "NOT_FOUND" });
  });

  it("deploys the project's own SFDX metadata so describe shows every declared field", async () => {
    const metadata = await loadSalesforceMetadata();
    const deployed = await startSalesforceEmulator({
      customObjects: metadata.objects,
      customFields: metadata.fields,
    });
    try {
      const conn = connect(deployed);
      for (const decl of metadata.fields) {
        const [object, name] = decl.fullName.split(".") as [string, string];
        const describe = await conn.describe$(object);
        expect(
          describe.fields.find((f) => f.name === name),
          decl.fullName,
        ).toMatchObject({ custom: true });
      }
      for (const object of metadata.objects) {
        const describe = await conn.describe(object.fullName);
        expect(describe.custom).toBe(true);
        expect(describe.fields.map((f) => f.name)).toEqual(
          expect.arrayContaining(object.fields.map((f) => f.fullName)),
        );
      }
    } finally {
      await deployed.close();
    }
  });
});
