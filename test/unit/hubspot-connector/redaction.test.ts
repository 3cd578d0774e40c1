import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHubSpotConnector } from "../../../connectors/hubspot/index.ts";
import { createConnectorLogger } from "../../../connectors/hubspot/logger.ts";
import { BASE, DEAL_PROPERTIES, logCapture, TOKEN } from "./helpers.ts";

const JSON_HEADERS = { "Content-Type": "application/json" };
const REFRESH = "refresh-token-abcdef123456";
const CLIENT_SECRET = "client-secret-zyxwvu987654";
const ACCESS = "oauth-access-token-000111222333";

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterEach(() => nock.cleanAll());

describe("secrets never reach a log line or an error message", () => {
  it("OAuth: refreshes, retries a 401 once, and keeps every token out of logs and errors", async () => {
    const tokenCalls: string[] = [];
    nock(BASE)
      .post("/oauth/v1/token")
      .times(2)
      .reply(async (req: Request) => {
        tokenCalls.push(await req.text());
        return [
          200,
          { access_token: ACCESS, refresh_token: REFRESH, expires_in: 1800, token_type: "bearer" },
          JSON_HEADERS,
        ];
      });
    nock(BASE)
      .get("/crm/v3/properties/deals")
      .matchHeader("authorization", `Bearer ${ACCESS}`)
      .reply(401, { status: "error", message: "expired", category: "INVALID_AUTHENTICATION" }, JSON_HEADERS)
      .get("/crm/v3/properties/deals")
      .reply(200, DEAL_PROPERTIES, JSON_HEADERS)
      .get("/crm/v3/properties/companies")
      .times(6)
      .reply(
        500,
        { status: "error", message: `upstream echoed Bearer ${ACCESS} and ${REFRESH}` },
        JSON_HEADERS,
      );
    const log = logCapture();
    const connector = createHubSpotConnector(
      {
        auth: { kind: "oauth", clientId: "cid", clientSecret: CLIENT_SECRET, refreshToken: REFRESH },
        basePath: BASE,
      },
      { logger: log.logger, sleep: async () => {}, random: () => 0 },
    );
    await connector.describe("deals");
    expect(tokenCalls).toHaveLength(2);
    expect(tokenCalls[0]).toContain("grant_type=refresh_token");
    const err = await connector.describe("companies").catch((e: Error) => e);
    expect(err).toMatchObject({ code: "HUBSPOT_SERVER_ERROR" });
    const everything = `${log.lines.join("\n")}\n${(err as Error).message}\n${JSON.stringify(err)}\n${JSON.stringify(connector.config)}`;
    for (const secret of [ACCESS, REFRESH, CLIENT_SECRET]) expect(everything).not.toContain(secret);
    expect(log.lines.length).toBeGreaterThan(0);
  });

  it("redacts secrets passed in log objects", () => {
    const log = logCapture();
    const logger = createConnectorLogger(log.logger);
    logger.info(
      {
        auth: { kind: "private-app", accessToken: TOKEN },
        accessToken: TOKEN,
        headers: { authorization: `Bearer ${TOKEN}` },
      },
      "x",
    );
    expect(log.lines.join("")).not.toContain(TOKEN);
  });
});
