// Issue #20, point 2: no timeout on CRM calls. Pointed at a server that accepts connections and
// never answers, each call hung ~300 s (undici's header timeout) and HubSpot's retry hung again.
// Now every call has connect and response timeouts (configurable), a timeout is retried with the
// connector's backoff up to its attempt cap, after which the connector stops calling that CRM
// for a minute, so the run ends with an error that says what happened. Short timeouts here; the
// defaults (Salesforce 5 × 20 s, HubSpot 6 × 15 s, plus backoff) keep a run under two minutes.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHubSpotConnector } from "../../connectors/hubspot/index.ts";
import { createSalesforceConnector } from "../../connectors/salesforce/index.ts";
import { type DeadServer, startDeadServer } from "./dead-server.ts";
import { reconcileProcess } from "./reconcile-process.ts";

let dead: DeadServer;
let dataDir: string;
beforeEach(async () => {
  dead = await startDeadServer();
  dataDir = await mkdtemp(join(tmpdir(), "incentives-dead-crm-"));
});
afterEach(async () => {
  await dead?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const quiet = { level: "silent" } as const;

describe("a CRM that accepts and never answers", () => {
  it("Salesforce: each call times out, is retried up to the cap, then the connector fails fast", async () => {
    const { pino } = await import("pino");
    const sf = createSalesforceConnector(
      {
        auth: { kind: "access_token", instanceUrl: dead.url, accessToken: "00Dxx!token-for-a-dead-org" },
        timeouts: { connectMs: 1_000, responseMs: 300 },
        retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
      },
      { logger: pino(quiet) },
    );
    const error = await sf.budget().then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(error?.code).toBe("UND_ERR_HEADERS_TIMEOUT");
    expect(error?.message).toBe("Salesforce no response within 300 ms (3 attempts)");
    expect(dead.connections()).toBe(3); // the first try and two retries
    // The next call does not wait again: the org stopped answering, say so at once.
    const next = await sf.describe("Account").then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(next?.code).toBe("SALESFORCE_UNREACHABLE");
    expect(next?.message).toMatch(
      /Salesforce is unreachable \(3 calls in a row: no response within 300 ms\)/,
    );
    expect(dead.connections()).toBe(3);
  });

  it("HubSpot: each call times out, is retried up to the cap, then the connector fails fast", async () => {
    const hs = createHubSpotConnector(
      {
        auth: { kind: "private-app", accessToken: "pat-na1-token-for-a-dead-portal" },
        basePath: dead.url,
        timeouts: { connectMs: 1_000, responseMs: 300 },
        retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
      },
      { random: () => 0 },
    );
    const error = await hs.describe("deals").then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(error?.code).toBe("HUBSPOT_NETWORK");
    expect(error?.message).toMatch(/HubSpot did not answer within 300 ms \(after 3 attempts\)/);
    expect(dead.connections()).toBe(3);
    const next = await hs.describe("companies").then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(next?.code).toBe("HUBSPOT_UNREACHABLE");
    expect(dead.connections()).toBe(3);
  });

  const reconcile = (env: Record<string, string>) => reconcileProcess(dataDir, env);

  it("a reconcile against a dead Salesforce ends with a clear error naming the dead CRM", async () => {
    const run = await reconcile({
      SALESFORCE_AUTH: "access_token",
      SALESFORCE_INSTANCE_URL: dead.url,
      SALESFORCE_ACCESS_TOKEN: "00Dxx!token-for-a-dead-org",
      SALESFORCE_RESPONSE_TIMEOUT_MS: "500",
      SALESFORCE_RETRY_MAX_ATTEMPTS: "3",
      SALESFORCE_RETRY_BASE_DELAY_MS: "10",
    });
    expect(run.status, run.output).toBe(1);
    expect(run.output).toMatch(
      /reconcile failed run \d+: Salesforce is unreachable \(3 calls in a row: no response within 500 ms\)/,
    );
    // Three calls time out once each (identity, then the breaker stops the read and the budget
    // check); the rest is process start-up. Before: ~300 s per call.
    expect(dead.connections()).toBe(3);
  });

  it("a reconcile against a dead HubSpot ends with a clear error naming the dead CRM", async () => {
    const run = await reconcile({
      HUBSPOT_ACCESS_TOKEN: "pat-na1-token-for-a-dead-portal",
      HUBSPOT_BASE_PATH: dead.url,
      HUBSPOT_RESPONSE_TIMEOUT_MS: "500",
      HUBSPOT_RETRY_MAX_ATTEMPTS: "3",
    });
    expect(run.status, run.output).toBe(1);
    expect(run.output).toMatch(
      /reconcile failed run \d+: .*HubSpot is unreachable \(3 calls in a row: HubSpot did not answer within 500 ms\)/,
    );
    expect(dead.connections()).toBe(3);
  });
});
