import { generateKeyPairSync, verify } from "node:crypto";
import nock from "nock";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { jwtAudience } from "../../../connectors/salesforce/auth.ts";
import { createSalesforceConnector } from "../../../connectors/salesforce/index.ts";
import { buildJwtAssertion } from "../../../connectors/salesforce/jwt.ts";
import { BASE, INSTANCE, JSON_HEADERS, setupNock } from "./helpers.ts";

beforeEach(setupNock);
afterEach(() => nock.cleanAll());

const LOGIN = "http://login.unit.test";
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

function tokenReply(token: string) {
  return {
    access_token: token,
    instance_url: INSTANCE,
    id: `${LOGIN}/id/00D000000000001AAA/005000000000001AAA`,
    token_type: "Bearer",
    scope: "api",
  };
}

describe("JWT bearer assertion", () => {
  it("is an RS256 JWT with iss/sub/aud/exp that verifies with the public key", () => {
    const jwt = buildJwtAssertion(
      {
        consumerKey: "ck",
        username: "int@example.com",
        audience: "https://login.salesforce.com",
        nowSeconds: 1000,
      },
      pem,
    );
    const [h, p, s] = jwt.split(".") as [string, string, string];
    expect(JSON.parse(Buffer.from(h, "base64url").toString())).toEqual({ alg: "RS256", typ: "JWT" });
    expect(JSON.parse(Buffer.from(p, "base64url").toString())).toEqual({
      iss: "ck",
      sub: "int@example.com",
      aud: "https://login.salesforce.com",
      exp: 1180,
    });
    expect(verify("RSA-SHA256", Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, "base64url"))).toBe(true);
  });

  it("uses the authorization server as audience, also behind My Domain", () => {
    expect(jwtAudience("https://acme.my.salesforce.com")).toBe("https://login.salesforce.com");
    expect(jwtAudience("https://acme--uat.sandbox.my.salesforce.com")).toBe("https://test.salesforce.com");
    expect(jwtAudience("https://test.salesforce.com")).toBe("https://test.salesforce.com");
    expect(jwtAudience("http://127.0.0.1:4010/")).toBe("http://127.0.0.1:4010");
  });

  it("does not echo the key when it cannot be parsed", () => {
    const bad = "-----BEGIN PRIVATE KEY-----\nnot-a-key-material-xyz\n-----END PRIVATE KEY-----";
    expect(() =>
      buildJwtAssertion({ consumerKey: "c", username: "u", audience: "a", nowSeconds: 0 }, bad),
    ).toThrow(/could not be parsed/);
    try {
      buildJwtAssertion({ consumerKey: "c", username: "u", audience: "a", nowSeconds: 0 }, bad);
    } catch (e) {
      expect((e as Error).message).not.toContain("xyz");
    }
  });
});

describe("session refresh", () => {
  it("logs in with the JWT grant, refreshes once on 401 INVALID_SESSION_ID and replays the call", async () => {
    const grants: Array<Record<string, string>> = [];
    nock(LOGIN)
      .post("/services/oauth2/token", (body) => {
        grants.push(body);
        return true;
      })
      .times(2)
      .reply(200, () => tokenReply(`token-${grants.length}`), { "content-type": "application/json" });
    const first = nock(INSTANCE, { reqheaders: { authorization: "Bearer token-1" } })
      .get(`${BASE}/limits`)
      .reply(401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }], JSON_HEADERS);
    const second = nock(INSTANCE, { reqheaders: { authorization: "Bearer token-2" } })
      .get(`${BASE}/limits`)
      .reply(200, { DailyApiRequests: { Max: 1000, Remaining: 900 } }, JSON_HEADERS);
    const connector = createSalesforceConnector(
      {
        auth: {
          kind: "jwt",
          loginUrl: LOGIN,
          consumerKey: "ck",
          username: "int@example.com",
          privateKey: pem,
        },
      },
      { logger: pino({ level: "silent" }) },
    );
    const budget = await connector.budget();
    expect(budget.limit).toBe(1000);
    expect(grants).toHaveLength(2);
    expect(grants[0]!.grant_type).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(grants[0]!.assertion?.split(".")).toHaveLength(3);
    expect(first.isDone() && second.isDone()).toBe(true);
  });

  it("does not loop when the freshly issued token is rejected too", async () => {
    let grants = 0;
    nock(LOGIN)
      .post("/services/oauth2/token")
      .times(3)
      .reply(200, () => tokenReply(`token-${++grants}`), { "content-type": "application/json" });
    nock(INSTANCE)
      .get(`${BASE}/limits`)
      .times(3)
      .reply(401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }], JSON_HEADERS);
    const connector = createSalesforceConnector(
      {
        auth: {
          kind: "refresh_token",
          loginUrl: LOGIN,
          clientId: "cid",
          clientSecret: "csecret",
          refreshToken: "r1",
        },
      },
      { logger: pino({ level: "silent" }) },
    );
    await expect(connector.budget()).rejects.toThrow(/refresh/i);
    expect(grants).toBe(2); // the first login and exactly one refresh
  });

  it("reports a failed token request without secrets", async () => {
    nock(LOGIN).post("/services/oauth2/token").reply(
      400,
      { error: "invalid_grant", error_description: "authentication failure" },
      {
        "content-type": "application/json",
      },
    );
    const connector = createSalesforceConnector(
      {
        auth: {
          kind: "client_credentials",
          loginUrl: LOGIN,
          clientId: "cid",
          clientSecret: "very-secret-cs",
        },
      },
      { logger: pino({ level: "silent" }) },
    );
    const error = await connector.budget().catch((e: Error & { code?: string }) => e);
    expect(error).toMatchObject({ code: "AUTH_FAILED" });
    expect((error as Error).message).toContain("invalid_grant");
    expect((error as Error).message).not.toContain("very-secret-cs");
  });
});
