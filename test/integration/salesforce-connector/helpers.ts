import pino from "pino";
import { createSalesforceConnector } from "../../../connectors/salesforce/index.ts";
import { loadSalesforceMetadata } from "../../../connectors/salesforce/metadata-loader.ts";
import type { CrmConnector, ReadPage, ReadRequest } from "../../../connectors/types.ts";
import { startSalesforceEmulator } from "../../../sandbox/salesforce/server.ts";

export type Emulator = Awaited<ReturnType<typeof startSalesforceEmulator>>;

/** An emulated org that looks provisioned: it loads the connector's own SFDX metadata. */
export async function startProvisionedOrg(options: Parameters<typeof startSalesforceEmulator>[0] = {}) {
  const meta = await loadSalesforceMetadata();
  return startSalesforceEmulator({ customObjects: meta.objects, customFields: meta.fields, ...options });
}

export function connectorFor(emulator: Emulator, overrides: Record<string, unknown> = {}) {
  const sleeps: number[] = [];
  const connector = createSalesforceConnector(
    {
      auth: { kind: "access_token", instanceUrl: emulator.url, accessToken: emulator.accessToken },
      retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 2_000 },
      bulkPollIntervalMs: 20,
      ...overrides,
    },
    {
      logger: pino({ level: "silent" }),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  );
  return { connector, sleeps };
}

export async function readAll(connector: CrmConnector, request: ReadRequest): Promise<ReadPage[]> {
  const pages: ReadPage[] = [];
  for await (const page of connector.read(request)) pages.push(page);
  return pages;
}
