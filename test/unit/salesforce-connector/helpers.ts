import { setDispatcher } from "jsforce/lib/request.js";
import nock from "nock";
import pino from "pino";
import { Agent } from "undici";
import { createSalesforceConnector } from "../../../connectors/salesforce/index.ts";

export const INSTANCE = "http://sf.unit.test";
export const BASE = "/services/data/v62.0";
export const JSON_HEADERS = {
  "content-type": "application/json;charset=UTF-8",
  "sforce-limit-info": "api-usage=10/1000",
};

export function setupNock(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  // A fresh dispatcher per test: a kept-alive undici connection from an earlier mocked response
  // can otherwise bypass nock under load (seen as a real ENOTFOUND for the .test host).
  setDispatcher(
    new Agent({ connect: { allowH2: false }, pipelining: 0, keepAliveTimeout: 1, keepAliveMaxTimeout: 1 }),
  );
}

export function makeConnector(overrides: Record<string, unknown> = {}) {
  const sleeps: number[] = [];
  const connector = createSalesforceConnector(
    {
      auth: { kind: "access_token", instanceUrl: INSTANCE, accessToken: "unit-token" },
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000 },
      ...overrides,
    },
    {
      logger: pino({ level: "silent" }),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      clock: () => Date.parse("2026-05-01T00:00:00Z"),
    },
  );
  return { connector, sleeps };
}

export function id18(n: number, prefix = "006"): string {
  return `${prefix}${String(n).padStart(12, "0")}AAA`;
}
