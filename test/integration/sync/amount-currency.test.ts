// A HubSpot connector told to convert from another currency than the program pays in would put
// wrong money on every deal: the run stops before writing anything.
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHubSpotConnector } from "../../../connectors/hubspot/index.ts";
import { loadMapping } from "../../../src/sync/mapping/index.ts";
import { createSyncRuntime } from "../../../src/sync/runtime.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("pglite");
});
afterAll(async () => {
  await h?.close();
});

it("fails the run, with zero CRM writes, when HubSpot's program currency is not the program's", async () => {
  const env = h.sandbox.env;
  const hubspot = createHubSpotConnector(
    {
      auth: { kind: "private-app", accessToken: env.HUBSPOT_ACCESS_TOKEN! },
      basePath: env.HUBSPOT_BASE_PATH!,
      searchLagMs: 0,
      currency: { programCurrency: "EUR", companyCurrency: "USD", rates: { EUR: "1.10" } },
    },
    { logger: pino({ level: "silent" }) },
  );
  expect(hubspot.amountCurrency?.()).toBe("EUR");
  const sf = await loadMapping("mappings/salesforce.yaml", "salesforce");
  const hs = await loadMapping("mappings/hubspot.yaml", "hubspot");
  if (!sf.ok || !hs.ok) throw new Error("shipped mappings invalid");
  const runtime = createSyncRuntime({
    store: h.store,
    connectors: { salesforce: h.sandbox.connectors().salesforce, hubspot },
    mappings: { salesforce: sf.mapping, hubspot: hs.mapping },
    fx: h.sandbox.fx,
    logger: pino({ level: "silent" }),
  });
  const report = await runtime.reconcile();
  expect(report.outcome).toBe("failed");
  expect(report.message).toContain("hubspot converts amounts from EUR, but the program pays in USD");
  expect(report.api.hubspot?.writes).toBe(0);
  expect(report.api.salesforce?.writes).toBe(0);
});
