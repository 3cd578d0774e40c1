// A company whose deals live in one CRM runs the sync with that CRM alone.
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
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

it("reconciles HubSpot alone: reads, computes, posts and writes back, and a re-run writes nothing", async () => {
  const hs = await loadMapping("mappings/hubspot.yaml", "hubspot");
  if (!hs.ok) throw new Error("shipped HubSpot mapping invalid");
  const runtime = createSyncRuntime({
    store: h.store,
    connectors: { hubspot: h.sandbox.connectors().hubspot },
    mappings: { hubspot: hs.mapping },
    fx: h.sandbox.fx,
    logger: pino({ level: "silent" }),
  });
  const first = await runtime.reconcile();
  expect(first.outcome).not.toBe("failed");
  expect(Object.keys(first.api)).toEqual(["hubspot"]);
  expect(first.api.hubspot!.writes).toBeGreaterThan(0);
  expect(await h.store.ledger.count()).toBeGreaterThan(0);
  const second = await runtime.reconcile();
  expect(second.api.hubspot!.writes).toBe(0);
});
