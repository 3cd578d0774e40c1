import { Writable } from "node:stream";
import { pino } from "pino";
import type { HubSpotConfigInput } from "../../../connectors/hubspot/config.ts";
import { createHubSpotConnector } from "../../../connectors/hubspot/index.ts";

// nock 15 calls a one-argument reply function with the fetch Request.
export const BASE = "http://hubspot.test";
export const TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";

export function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
}

export function makeConnector(overrides: Partial<HubSpotConfigInput> = {}) {
  const sleeps: number[] = [];
  const log = logCapture();
  let now = Date.UTC(2026, 5, 1);
  const connector = createHubSpotConnector(
    { auth: { kind: "private-app", accessToken: TOKEN }, basePath: BASE, searchLagMs: 0, ...overrides },
    {
      logger: log.logger,
      clock: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      random: () => 0.5,
    },
  );
  return { connector, sleeps, log, advance: (ms: number) => (now += ms) };
}

const prop = (name: string, type: string, fieldType: string, extra: Record<string, unknown> = {}) => ({
  name,
  label: name,
  type,
  fieldType,
  groupName: "partner_incentives",
  ...extra,
});

export const DEAL_PROPERTIES = {
  results: [
    prop("hs_object_id", "number", "number"),
    prop("hs_lastmodifieddate", "datetime", "date"),
    prop("hs_merged_object_ids", "enumeration", "checkbox"),
    prop("dealname", "string", "text"),
    prop("amount", "number", "number"),
    prop("closedate", "datetime", "date"),
    prop("incentive_amount", "number", "number", { showCurrencySymbol: true }),
    prop("incentive_status", "enumeration", "select", {
      options: ["pending", "earned", "paid"].map((v) => ({ label: v, value: v })),
    }),
    prop("payout_date", "date", "date"),
    prop("incentive_key", "string", "text", { hasUniqueValue: true }),
    prop("is_partner_deal", "bool", "booleancheckbox"),
  ],
};
