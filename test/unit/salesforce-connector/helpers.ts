import nock from "nock";
import pino from "pino";
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
