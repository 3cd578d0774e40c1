// Issue #20, point 2: the CONNECT timeout (dead-crm.test.ts covers the response timeout). The
// peer here never completes the TCP handshake (handshake-hang.ts: a listener that never accepts,
// its accept queue full, so the kernel drops our SYNs), which is what a blackholed CRM host or a
// firewall that drops packets looks like. The connect timeout is short (1 s) and the response
// timeout long (30 s): a call that only gave up on the response deadline would take 30 s an
// attempt, so three attempts well under one response deadline prove it was the connect timer.
// A run then ends with the "unreachable" error naming the connect deadline.
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHubSpotConnector } from "../../connectors/hubspot/index.ts";
import { createSalesforceConnector } from "../../connectors/salesforce/index.ts";
import { type HandshakeHang, startHandshakeHang } from "./handshake-hang.ts";
import { reconcileProcess } from "./reconcile-process.ts";

const CONNECT_MS = 1_000;
// Far above the connect deadline: an error naming the connect deadline (and its code) shows the
// connect timer ended each attempt, not the response timer. No wall-clock assertion needed.
const RESPONSE_MS = 30_000;
const timeouts = { connectMs: CONNECT_MS, responseMs: RESPONSE_MS };
const retry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 };

let hang: HandshakeHang;
let dataDir: string;
beforeAll(async () => {
  hang = await startHandshakeHang();
  dataDir = await mkdtemp(join(tmpdir(), "incentives-connect-timeout-"));
});
afterAll(async () => {
  await hang?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A pino logger whose lines the test can read. */
function capturedLogger() {
  const lines: { msg?: string; attempt?: number; code?: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: "warn" }, stream), lines };
}

const failure = (e: unknown) => e as { code?: string; message?: string };

describe("a CRM host whose TCP handshake never completes", () => {
  it("the premise: a plain connect to the peer neither connects nor fails for 2.5 s", async () => {
    const socket = connect(hang.port, "127.0.0.1");
    const events: string[] = [];
    socket.on("connect", () => events.push("connect"));
    socket.on("error", (e) => events.push(`error ${(e as { code?: string }).code}`));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const stillConnecting = socket.connecting;
    socket.destroy();
    expect(events).toEqual([]);
    expect(stillConnecting).toBe(true);
  });

  it("Salesforce: each attempt gives up at the connect deadline, retried up to the cap, then fails fast", async () => {
    const { logger, lines } = capturedLogger();
    const sf = createSalesforceConnector(
      {
        auth: { kind: "access_token", instanceUrl: hang.url, accessToken: "00Dxx!token-for-a-dead-host" },
        timeouts,
        retry,
      },
      { logger },
    );
    const error = await sf.budget().then(() => null, failure);
    expect(error?.code).toBe("UND_ERR_CONNECT_TIMEOUT");
    expect(error?.message).toBe(`Salesforce could not connect within ${CONNECT_MS} ms (3 attempts)`);
    // The first try and two retries, each after a connect timeout.
    const retries = lines.filter((l) => l.msg === "salesforce read retry");
    expect(retries.map((l) => [l.attempt, l.code])).toEqual([
      [1, "UND_ERR_CONNECT_TIMEOUT"],
      [2, "UND_ERR_CONNECT_TIMEOUT"],
    ]);
    const next = await sf.describe("Account").then(() => null, failure);
    expect(next?.code).toBe("SALESFORCE_UNREACHABLE");
    expect(next?.message).toMatch(
      /Salesforce is unreachable \(3 calls in a row: could not connect within 1000 ms\)/,
    );
  });

  it("HubSpot client calls: each attempt gives up at the connect deadline, retried up to the cap, then fail fast", async () => {
    const { logger, lines } = capturedLogger();
    const hs = createHubSpotConnector(
      {
        auth: { kind: "private-app", accessToken: "pat-na1-token-for-a-dead-host" },
        basePath: hang.url,
        timeouts,
        retry,
      },
      { random: () => 0, logger },
    );
    try {
      const error = await hs.describe("deals").then(() => null, failure);
      expect(error?.code).toBe("HUBSPOT_NETWORK");
      expect(error?.message).toMatch(/could not connect to HubSpot within 1000 ms \(after 3 attempts\)/);
      const retries = lines.filter((l) => l.msg === "hubspot call failed, retrying");
      expect(retries.map((l) => l.attempt)).toEqual([1, 2]);
      const next = await hs.describe("companies").then(() => null, failure);
      expect(next?.code).toBe("HUBSPOT_UNREACHABLE");
      expect(next?.message).toMatch(/3 calls in a row: could not connect to HubSpot within 1000 ms/);
    } finally {
      await hs.close();
    }
  });

  it("HubSpot plain requests (the token's user): the connect deadline too, not the response one", async () => {
    const { logger, lines } = capturedLogger();
    const hs = createHubSpotConnector(
      {
        auth: { kind: "private-app", accessToken: "pat-na1-token-for-a-dead-host" },
        basePath: hang.url,
        timeouts,
        retry,
      },
      { random: () => 0, logger },
    );
    try {
      // The lookup is best effort: it says null (and logs why) rather than failing the run.
      expect(await hs.integrationUserId()).toBeNull();
      const retries = lines.filter((l) => l.msg === "hubspot call failed, retrying");
      expect(retries.map((l) => l.attempt)).toEqual([1, 2]);
      expect(lines.map((l) => l.msg)).toContain(
        "hubspot unreachable: 3 calls in a row: could not connect to HubSpot within 1000 ms",
      );
    } finally {
      await hs.close();
    }
  });

  const reconcile = (env: Record<string, string>) => reconcileProcess(dataDir, env);

  it("a reconcile against that Salesforce ends with the unreachable error naming the connect deadline", async () => {
    const run = await reconcile({
      SALESFORCE_AUTH: "access_token",
      SALESFORCE_INSTANCE_URL: hang.url,
      SALESFORCE_ACCESS_TOKEN: "00Dxx!token-for-a-dead-host",
      SALESFORCE_CONNECT_TIMEOUT_MS: String(CONNECT_MS),
      SALESFORCE_RESPONSE_TIMEOUT_MS: String(RESPONSE_MS),
      SALESFORCE_RETRY_MAX_ATTEMPTS: "3",
      SALESFORCE_RETRY_BASE_DELAY_MS: "10",
    });
    expect(run.status, run.output).toBe(1);
    expect(run.output).toMatch(
      /reconcile failed run \d+: Salesforce is unreachable \(3 calls in a row: could not connect within 1000 ms\)/,
    );
  });

  it("a reconcile against that HubSpot ends with the unreachable error naming the connect deadline", async () => {
    const run = await reconcile({
      HUBSPOT_ACCESS_TOKEN: "pat-na1-token-for-a-dead-host",
      HUBSPOT_BASE_PATH: hang.url,
      HUBSPOT_CONNECT_TIMEOUT_MS: String(CONNECT_MS),
      HUBSPOT_RESPONSE_TIMEOUT_MS: String(RESPONSE_MS),
      HUBSPOT_RETRY_MAX_ATTEMPTS: "3",
    });
    expect(run.status, run.output).toBe(1);
    expect(run.output).toMatch(
      /reconcile failed run \d+: .*HubSpot is unreachable \(3 calls in a row: could not connect to HubSpot within 1000 ms\)/,
    );
  });
});
