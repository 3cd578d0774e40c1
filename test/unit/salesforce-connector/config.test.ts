import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseSalesforceConfig, salesforceConfigFromEnv } from "../../../connectors/salesforce/config.ts";
import { createSalesforceLogger } from "../../../connectors/salesforce/logger.ts";

describe("Salesforce config", () => {
  it("applies defaults for a minimal access-token config", () => {
    const r = parseSalesforceConfig({
      auth: { kind: "access_token", instanceUrl: "http://127.0.0.1:1", accessToken: "t" },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.apiVersion).toBe("62.0");
    expect(r.config.budgetStopShare).toBe(0.8);
    expect(r.config.retry.maxAttempts).toBe(5);
  });

  it("lists every problem at once, without echoing secret values", () => {
    const secret = "super-secret-value-123";
    const r = parseSalesforceConfig({
      auth: { kind: "jwt", loginUrl: "not a url", consumerKey: "", username: "u", privateKey: secret },
      apiVersion: "62",
      budgetStopShare: 1.5,
      bulkReadThreshold: -1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join("\n");
    expect(r.problems.length).toBeGreaterThanOrEqual(6);
    for (const path of [
      "auth.loginUrl",
      "auth.consumerKey",
      "auth.privateKey",
      "apiVersion",
      "budgetStopShare",
      "bulkReadThreshold",
    ]) {
      expect(text).toContain(path);
    }
    expect(text).not.toContain(secret);
  });

  it("reads SALESFORCE_* environment variables and reports missing ones", () => {
    const ok = salesforceConfigFromEnv({
      SALESFORCE_AUTH: "refresh_token",
      SALESFORCE_LOGIN_URL: "https://test.salesforce.com",
      SALESFORCE_CLIENT_ID: "cid",
      SALESFORCE_REFRESH_TOKEN: "rt",
      SALESFORCE_BUDGET_STOP_SHARE: "0.5",
      SALESFORCE_BULK_WRITE_THRESHOLD: "5000",
    });
    expect(ok.ok && ok.config.budgetStopShare).toBe(0.5);
    expect(ok.ok && ok.config.bulkWriteThreshold).toBe(5000);
    expect(ok.ok && ok.config.auth.kind).toBe("refresh_token");
    const bad = salesforceConfigFromEnv({
      SALESFORCE_AUTH: "client_credentials",
      SALESFORCE_RETRY_MAX_ATTEMPTS: "many",
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.join("\n")).toMatch(
      /auth.loginUrl[\s\S]*auth.clientId[\s\S]*auth.clientSecret[\s\S]*retry.maxAttempts/,
    );
  });

  it("redacts secrets from log lines", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = createSalesforceLogger({ level: "info" }, sink);
    logger.info(
      {
        config: { auth: { kind: "jwt", privateKey: "-----BEGIN PRIVATE KEY-----abc", clientSecret: "cs1" } },
        token: { access_token: "at1", refresh_token: "rt1" },
        refreshToken: "rt2",
      },
      "hello",
    );
    const out = lines.join("");
    expect(out).toContain("hello");
    for (const s of ["BEGIN PRIVATE KEY", "cs1", "at1", "rt1", "rt2"]) expect(out).not.toContain(s);
    expect(out).toContain("[redacted]");
  });
});
