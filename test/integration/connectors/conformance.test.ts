// The conformance suite (conformance-suite.ts) run against both connectors, each on its emulator.

import { startHarness } from "../hubspot-connector/setup.ts";
import { connectorFor, startProvisionedOrg } from "../salesforce-connector/helpers.ts";
import { type ConformanceSandbox, connectorConformance } from "./conformance-suite.ts";

async function salesforceSandbox(): Promise<ConformanceSandbox & { setUsageNearStop(): void }> {
  let clock = Date.parse("2026-06-01T00:00:00Z");
  const emulator = await startProvisionedOrg({ now: () => clock });
  const { connector } = connectorFor(emulator);
  return {
    connector,
    seed: (values) => values.map((v) => String(emulator.org.insert("Account", { Name: v }).Id)),
    advance: (ms) => {
      clock += ms;
    },
    change: (id, value) => emulator.org.update("Account", id, { Name: value }),
    remove: (id) => emulator.org.delete("Account", id),
    rejectWrites: (value) =>
      emulator.org.setFaults({ failRecords: [{ object: "Account", field: "Name", equals: value }] }),
    setUsageNearStop: () => {
      // The connector stops starting new work at 80% of the daily limit (its default share).
      const { max } = emulator.org.apiUsage();
      emulator.org.setApiUsage(Math.ceil(max * 0.8) - 1);
    },
    close: async () => {
      await connector.close();
      await emulator.close();
    },
  };
}

connectorConformance({
  name: "Salesforce",
  object: "Account",
  textField: "Name",
  start: salesforceSandbox,
  async startNearBudget(n) {
    const sandbox = await salesforceSandbox();
    const ids = sandbox.seed(Array.from({ length: n }, (_, i) => `b-${i}`));
    sandbox.setUsageNearStop();
    return { sandbox, ids };
  },
});

async function hubspotSandbox(
  emulatorOptions: Parameters<typeof startHarness>[0] = { rateLimits: { enabled: false } },
  connectorOptions: Parameters<typeof startHarness>[1] = {},
): Promise<ConformanceSandbox> {
  const h = await startHarness(emulatorOptions, connectorOptions);
  const { portal } = h.emulator;
  return {
    connector: h.connector,
    seed: (values) =>
      portal.createMany(
        "companies",
        values.map((name) => ({ name })),
      ),
    advance: (ms) => {
      h.clock.now += ms;
    },
    change: (id, value) => {
      portal.update("companies", id, { name: value });
    },
    remove: (id) => {
      portal.archive("companies", id);
    },
    rejectWrites: (value) =>
      portal.setFaults({ recordFailures: [{ objectType: "companies", property: "name", equals: value }] }),
    close: async () => {
      await h.connector.close();
      await h.emulator.close();
    },
  };
}

connectorConformance({
  name: "HubSpot",
  object: "companies",
  textField: "name",
  start: () => hubspotSandbox(),
  async startNearBudget(n) {
    // A daily limit of 4 calls and a stop at half of it: one describe and one batch, then stop.
    const sandbox = await hubspotSandbox(
      { rateLimits: { enabled: true, daily: 4 } },
      { dailyBudgetShare: 0.5 },
    );
    const ids = sandbox.seed(Array.from({ length: n }, (_, i) => `b-${i}`));
    await sandbox.connector.describe("companies"); // the response headers tell the daily usage
    return { sandbox, ids };
  },
});
