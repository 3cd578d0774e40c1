// Issue #20: "a run against a dead CRM ends with a clear error within two minutes", held by
// construction: the worst case is computed from the connectors' default config objects (not
// from figures copied here), connect hang or accept-and-never-answer, with backoff, up to the
// unreachable breaker.
import { describe, expect, it } from "vitest";
import { DEAD_CRM_RUN_LIMIT_MS, deadCrmWorstCaseMs } from "../../connectors/dead-crm-bound.ts";
import { hubSpotConfigFromEnv, parseHubSpotConfig } from "../../connectors/hubspot/config.ts";
import { hubSpotDeadPortalWorstCaseMs } from "../../connectors/hubspot/dead-portal-bound.ts";
import { parseSalesforceConfig, salesforceConfigFromEnv } from "../../connectors/salesforce/config.ts";
import { salesforceDeadOrgWorstCaseMs } from "../../connectors/salesforce/dead-org-bound.ts";

function salesforceDefaults() {
  const r = parseSalesforceConfig({
    auth: { kind: "access_token", instanceUrl: "https://example.my.salesforce.com", accessToken: "t" },
  });
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.config;
}

function hubSpotDefaults() {
  const r = parseHubSpotConfig({ auth: { kind: "private-app", accessToken: "pat-na1-abcdefghijkl" } });
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.config;
}

describe("the worst case of a run against a CRM that never answers", () => {
  it("counts connect + response for every silent attempt up to the breaker, and the backoff between", () => {
    const ms = deadCrmWorstCaseMs({
      connectMs: 1_000,
      responseMs: 2_000,
      silentAttemptsToBreak: 3,
      longestBackoffMs: (attempt) => attempt * 100,
    });
    expect(ms).toBe(3 * 3_000 + 100 + 200);
  });

  it("Salesforce at default settings: under two minutes", () => {
    const config = salesforceDefaults();
    const worst = salesforceDeadOrgWorstCaseMs(config);
    // Each attempt really is both timeouts, and there are as many as the retry policy allows.
    expect(worst).toBeGreaterThanOrEqual(
      config.retry.maxAttempts * (config.timeouts.connectMs + config.timeouts.responseMs),
    );
    expect(worst).toBeLessThan(DEAD_CRM_RUN_LIMIT_MS);
  });

  it("HubSpot at default settings: under two minutes", () => {
    const config = hubSpotDefaults();
    const worst = hubSpotDeadPortalWorstCaseMs(config);
    expect(worst).toBeGreaterThanOrEqual(
      config.retry.maxAttempts * (config.timeouts.connectMs + config.timeouts.responseMs),
    );
    expect(worst).toBeLessThan(DEAD_CRM_RUN_LIMIT_MS);
  });

  it("the old defaults broke the promise (the bound is not vacuous)", () => {
    const sf = salesforceDefaults();
    const old = { ...sf, timeouts: { connectMs: 10_000, responseMs: 20_000 } };
    expect(salesforceDeadOrgWorstCaseMs(old)).toBeGreaterThan(DEAD_CRM_RUN_LIMIT_MS);
    const hs = hubSpotDefaults();
    expect(
      hubSpotDeadPortalWorstCaseMs({ ...hs, timeouts: { connectMs: 10_000, responseMs: 15_000 } }),
    ).toBeGreaterThan(DEAD_CRM_RUN_LIMIT_MS);
  });
});

describe("timeout variables", () => {
  const sfEnv = {
    SALESFORCE_AUTH: "access_token",
    SALESFORCE_INSTANCE_URL: "http://127.0.0.1:1",
    SALESFORCE_ACCESS_TOKEN: "t",
  };
  const hsEnv = { HUBSPOT_ACCESS_TOKEN: "pat-na1-abcdefghijkl" };

  it("are read as milliseconds", () => {
    const sf = salesforceConfigFromEnv({
      ...sfEnv,
      SALESFORCE_CONNECT_TIMEOUT_MS: "1500",
      SALESFORCE_RESPONSE_TIMEOUT_MS: "2500",
    });
    expect(sf.ok && sf.config.timeouts).toEqual({ connectMs: 1_500, responseMs: 2_500 });
    const hs = parseHubSpotConfig(
      hubSpotConfigFromEnv({
        ...hsEnv,
        HUBSPOT_CONNECT_TIMEOUT_MS: "1500",
        HUBSPOT_RESPONSE_TIMEOUT_MS: "2500",
      }),
    );
    expect(hs.ok && hs.config.timeouts).toEqual({ connectMs: 1_500, responseMs: 2_500 });
  });

  it.each([
    [
      "SALESFORCE_CONNECT_TIMEOUT_MS",
      "ten",
      /^SALESFORCE_CONNECT_TIMEOUT_MS \(timeouts\.connectMs\): not a number$/,
    ],
    [
      "SALESFORCE_RESPONSE_TIMEOUT_MS",
      "20s",
      /^SALESFORCE_RESPONSE_TIMEOUT_MS \(timeouts\.responseMs\): not a number$/,
    ],
    ["SALESFORCE_CONNECT_TIMEOUT_MS", "5", /^SALESFORCE_CONNECT_TIMEOUT_MS \(timeouts\.connectMs\): .*100/],
    [
      "SALESFORCE_RESPONSE_TIMEOUT_MS",
      "1.5",
      /^SALESFORCE_RESPONSE_TIMEOUT_MS \(timeouts\.responseMs\): .*int/i,
    ],
  ])("Salesforce: %s=%s is a problem naming the variable", (name, value, expected) => {
    const r = salesforceConfigFromEnv({ ...sfEnv, [name]: value });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([expect.stringMatching(expected)]);
  });

  it.each([
    [
      "HUBSPOT_CONNECT_TIMEOUT_MS",
      "ten",
      /^HUBSPOT_CONNECT_TIMEOUT_MS \(timeouts\.connectMs\): not a number$/,
    ],
    [
      "HUBSPOT_RESPONSE_TIMEOUT_MS",
      "20s",
      /^HUBSPOT_RESPONSE_TIMEOUT_MS \(timeouts\.responseMs\): not a number$/,
    ],
    ["HUBSPOT_CONNECT_TIMEOUT_MS", "5", /^HUBSPOT_CONNECT_TIMEOUT_MS \(timeouts\.connectMs\): .*100/],
    ["HUBSPOT_RESPONSE_TIMEOUT_MS", "1.5", /^HUBSPOT_RESPONSE_TIMEOUT_MS \(timeouts\.responseMs\): .*int/i],
  ])("HubSpot: %s=%s is a problem naming the variable", (name, value, expected) => {
    const r = parseHubSpotConfig(hubSpotConfigFromEnv({ ...hsEnv, [name]: value }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([expect.stringMatching(expected)]);
  });
});
