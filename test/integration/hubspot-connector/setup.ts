// Shared setup: the HubSpot emulator and a connector on one fake clock. The connector's sleeps
// advance that clock instead of waiting, so backoffs and the search limiter cost no real time
// while the emulator's rate limiter still sees time pass.
import { pino } from "pino";
import type { HubSpotConfigInput } from "../../../connectors/hubspot/config.ts";
import { createHubSpotConnector, type HubSpotConnector } from "../../../connectors/hubspot/index.ts";
import type { CrmRecord, ReadPage, ReadRequest } from "../../../connectors/types.ts";
import type { EmulatorOptionsInput, HubSpotEmulator } from "../../../sandbox/hubspot/server.ts";
import { startHubSpotEmulator } from "../../../sandbox/hubspot/server.ts";

export const TOKEN = "pat-na1-connector-test-0001";

export interface Harness {
  emulator: HubSpotEmulator;
  connector: HubSpotConnector;
  clock: { now: number };
  sleeps: number[];
  newConnector(overrides?: Partial<HubSpotConfigInput>): HubSpotConnector;
}

export async function startHarness(
  emulatorOptions: EmulatorOptionsInput = {},
  connectorOptions: Partial<HubSpotConfigInput> = {},
): Promise<Harness> {
  const clock = { now: Date.UTC(2026, 5, 1, 9) };
  const sleeps: number[] = [];
  const emulator = await startHubSpotEmulator({
    accessTokens: [TOKEN],
    now: () => clock.now,
    ...emulatorOptions,
  });
  const newConnector = (overrides: Partial<HubSpotConfigInput> = {}) =>
    createHubSpotConnector(
      {
        auth: { kind: "private-app", accessToken: TOKEN },
        basePath: emulator.url,
        searchLagMs: 0,
        searchRatePerSecond: 5,
        ...connectorOptions,
        ...overrides,
      },
      {
        logger: pino({ level: "silent" }),
        clock: () => clock.now,
        sleep: async (ms) => {
          sleeps.push(ms);
          clock.now += Math.ceil(ms);
        },
      },
    );
  return { emulator, connector: newConnector(), clock, sleeps, newConnector };
}

export async function readAll(
  connector: HubSpotConnector,
  request: ReadRequest,
): Promise<{ records: CrmRecord[]; pages: ReadPage[]; cursor: ReadPage["cursor"] | null }> {
  const pages: ReadPage[] = [];
  for await (const page of connector.read(request)) pages.push(page);
  return { records: pages.flatMap((p) => p.records), pages, cursor: pages.at(-1)?.cursor ?? null };
}

/** Search calls the emulator counted for one object type. */
export function searchCalls(emulator: HubSpotEmulator, objectType: string): number {
  return emulator.portal.calls().byEndpoint[`POST /crm/v3/objects/${objectType}/search`] ?? 0;
}
