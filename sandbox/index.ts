// The sandbox: both CRM emulators in this process, the Salesforce org loaded with the project's
// SFDX metadata, the HubSpot portal provisioned through the connector, both seeded from the
// demo data set. Used by `incentives demo`, `incentives sandbox`, the sync tests and the bench.
import { pino } from "pino";
import { createHubSpotConnector, type HubSpotConnector } from "../connectors/hubspot/index.ts";
import { createSalesforceConnector, type SalesforceConnector } from "../connectors/salesforce/index.ts";
import { loadSalesforceMetadata } from "../connectors/salesforce/metadata-loader.ts";
import { loadReportPackage } from "../connectors/salesforce/report-definitions.ts";
import {
  type DemoPartnerChange,
  demoPartnerChanges,
  PARTNER_TYPES,
  type PartnerAttributeValues,
  sandboxFx,
} from "./demo-data.ts";
import { webhookOptionsSchema } from "./hubspot/options.ts";
import { type HubSpotEmulator, startHubSpotEmulator } from "./hubspot/server.ts";
import { WebhookDispatcher } from "./hubspot/webhooks.ts";
import { PARTNER_TYPE } from "./salesforce/seed.ts";
import { type RunningSalesforceEmulator, startSalesforceEmulator } from "./salesforce/server.ts";
import { type SandboxSeed, type SeedCounts, type SeededPartnerIds, seedSandbox } from "./seed.ts";
import { demoDatasetOptions } from "./seed-options.ts";

export type { SandboxSeed, SeedCounts } from "./seed.ts";
export { seedSandbox } from "./seed.ts";
export { sandboxFx };

export const SANDBOX_HUBSPOT_TOKEN = "pat-na1-sandbox-0000";

/**
 * Custom fields the shipped Salesforce mapping reads (docs/mappings.md); the project's SFDX
 * metadata only declares the fields the product writes.
 */
const INBOUND_SF_FIELDS = [
  {
    fullName: "Account.Partner_Type__c",
    type: "Picklist" as const,
    values: PARTNER_TYPES.map((t) => ({ fullName: PARTNER_TYPE[t] })),
  },
  { fullName: "Account.Certifications__c", type: "Number" as const, precision: 3, scale: 0 },
  { fullName: "Account.Agreement_Signed__c", type: "Checkbox" as const, defaultValue: false },
  { fullName: "Account.Compliance_OK__c", type: "Checkbox" as const, defaultValue: false },
  {
    fullName: "Opportunity.Attribution__c",
    type: "Picklist" as const,
    values: [{ fullName: "Sourced" }, { fullName: "Influenced" }],
  },
  { fullName: "Opportunity.Product_Code__c", type: "Text" as const, length: 40 },
  { fullName: "Opportunity.CSAT__c", type: "Number" as const, precision: 3, scale: 2 },
  { fullName: "Opportunity.Time_To_Value_Days__c", type: "Number" as const, precision: 5, scale: 0 },
  { fullName: "Opportunity.Cancelled_On__c", type: "Date" as const },
];

const YES_NO = [
  { label: "Yes", value: "true" },
  { label: "No", value: "false" },
];

/** HubSpot properties the shipped HubSpot mapping reads that the emulator does not define. */
const INBOUND_HS_PROPERTIES = [
  {
    objectType: "companies" as const,
    name: "certifications",
    type: "number" as const,
    fieldType: "number" as const,
  },
  {
    objectType: "companies" as const,
    name: "agreement_signed",
    type: "bool" as const,
    fieldType: "booleancheckbox" as const,
    options: YES_NO,
  },
  {
    objectType: "companies" as const,
    name: "compliance_ok",
    type: "bool" as const,
    fieldType: "booleancheckbox" as const,
    options: YES_NO,
  },
  {
    objectType: "deals" as const,
    name: "deal_kind",
    type: "enumeration" as const,
    fieldType: "select" as const,
    options: ["new", "expansion", "renewal"].map((v) => ({ label: v, value: v })),
  },
  {
    objectType: "deals" as const,
    name: "attribution",
    type: "enumeration" as const,
    fieldType: "select" as const,
    options: ["sourced", "influenced"].map((v) => ({ label: v, value: v })),
  },
  { objectType: "deals" as const, name: "product_code", type: "string" as const, fieldType: "text" as const },
  { objectType: "deals" as const, name: "csat", type: "number" as const, fieldType: "number" as const },
].map((p) => ({
  ...p,
  label: p.name,
  groupName: p.objectType === "deals" ? "dealinformation" : "companyinformation",
}));

export interface SandboxOptions {
  /** 0 = any free port. */
  salesforcePort?: number;
  hubspotPort?: number;
  host?: string;
  seed?: SandboxSeed | null;
  /** Emulator clock (epoch ms); default Date.now. */
  now?: () => number;
  dailyApiLimit?: number;
  /** Turn off the HubSpot emulator's rate limits (benchmarks count calls; waiting adds nothing). */
  noRateLimits?: boolean;
}

export interface Sandbox {
  salesforce: RunningSalesforceEmulator;
  hubspot: HubSpotEmulator;
  seeded: SeedCounts | null;
  /** Environment that points the CLI's `sync`/`reconcile` at this sandbox. */
  env: Record<string, string>;
  /** FX rates for the demo data's currencies (not a CRM concept: fed to the engine). */
  fx: Record<string, Record<string, string>>;
  connectors(): { salesforce: SalesforceConnector; hubspot: HubSpotConnector };
  /** API calls each emulator has counted (reads/writes), since start or the last reset. */
  calls(): Record<"salesforce" | "hubspot", CallSummary>;
  resetCalls(): void;
  /**
   * The demo data's partner attribute changes during the year (demo-data.ts): until its date a
   * partner had `before`'s values. The seed holds the current values; `incentives demo` replays
   * the year with setPartnerValues (program format §6). Empty without a seed.
   */
  partnerChanges(): DemoPartnerChange[];
  /**
   * Sets a seeded partner's attributes on its Account and its company, through the emulators'
   * back doors, stamped with the emulators' clock (as a person editing both records then would).
   */
  setPartnerValues(partnerId: string, values: Partial<PartnerAttributeValues>): void;
  /** Sends the HubSpot portal's webhooks (signed with `clientSecret`) to `targetUrl` from now on. */
  hubspotWebhooks(options: { targetUrl: string; clientSecret: string }): { close(): void };
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const meta = await loadSalesforceMetadata();
  const host = options.host ?? "127.0.0.1";
  const salesforce = await startSalesforceEmulator({
    port: options.salesforcePort ?? 0,
    host,
    customObjects: meta.objects,
    customFields: [...meta.fields, ...INBOUND_SF_FIELDS],
    reports: await loadReportPackage(),
    dailyApiLimit: options.dailyApiLimit ?? 5_000_000,
    ...(options.now ? { now: options.now } : {}),
  });
  const hubspot = await startHubSpotEmulator({
    port: options.hubspotPort ?? 0,
    host,
    accessTokens: [SANDBOX_HUBSPOT_TOKEN],
    extraProperties: INBOUND_HS_PROPERTIES,
    ...(options.noRateLimits ? { rateLimits: { enabled: false } } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const env: Record<string, string> = {
    SALESFORCE_AUTH: "access_token",
    SALESFORCE_INSTANCE_URL: salesforce.url,
    SALESFORCE_ACCESS_TOKEN: salesforce.accessToken,
    HUBSPOT_ACCESS_TOKEN: SANDBOX_HUBSPOT_TOKEN,
    HUBSPOT_BASE_PATH: hubspot.url,
    HUBSPOT_SEARCH_LAG_MS: "0",
  };
  const connectors = () => sandboxConnectors(env, options.now);
  // The product's own HubSpot properties, created the way a real portal gets them.
  const provisioning = connectors().hubspot;
  const report = await provisioning.provision({ check: false });
  if (report.problems.length > 0) {
    throw new Error(`sandbox HubSpot provisioning: ${report.problems.map((p) => p.detail).join("; ")}`);
  }
  const ids: SeededPartnerIds = { accounts: new Map(), companies: new Map() };
  const seeded = options.seed ? seedSandbox(salesforce.org, hubspot.portal, options.seed, ids) : null;
  salesforce.org.resetCalls();
  hubspot.portal.resetCalls();
  const fx = sandboxFx(options.seed);
  return {
    salesforce,
    hubspot,
    seeded,
    env,
    fx,
    connectors,
    calls: () => {
      return {
        salesforce: summarizeCalls(salesforce.org.calls()),
        hubspot: summarizeCalls(hubspot.portal.calls()),
      };
    },
    resetCalls: () => {
      salesforce.org.resetCalls();
      hubspot.portal.resetCalls();
    },
    partnerChanges: () => (options.seed ? demoPartnerChanges(demoDatasetOptions(options.seed)) : []),
    setPartnerValues: (partnerId, values) => {
      const account = ids.accounts.get(partnerId);
      const company = ids.companies.get(partnerId);
      if (!account || !company) throw new Error(`no seeded partner ${partnerId}`);
      const sf: Record<string, unknown> = {};
      const hs: Record<string, string> = {};
      if (values.type !== undefined) {
        sf.Partner_Type__c = PARTNER_TYPE[values.type];
        hs.partner_type = values.type;
      }
      if (values.certifications !== undefined) {
        sf.Certifications__c = values.certifications;
        hs.certifications = String(values.certifications);
      }
      if (values.agreement_signed !== undefined) {
        sf.Agreement_Signed__c = values.agreement_signed;
        hs.agreement_signed = String(values.agreement_signed);
      }
      if (values.compliance_ok !== undefined) {
        sf.Compliance_OK__c = values.compliance_ok;
        hs.compliance_ok = String(values.compliance_ok);
      }
      salesforce.org.update("Account", account, sf);
      hubspot.portal.update("companies", company, hs);
    },
    hubspotWebhooks: (webhooks) =>
      new WebhookDispatcher(webhookOptionsSchema.parse(webhooks), hubspot.portal.state),
    close: async () => {
      await Promise.allSettled([salesforce.close(), hubspot.close()]);
    },
  };
}

/** Connectors pointed at a running sandbox, tuned for loopback (no long backoffs). */
export function sandboxConnectors(
  env: Record<string, string>,
  now?: () => number,
): {
  salesforce: SalesforceConnector;
  hubspot: HubSpotConnector;
} {
  const logger = pino({ level: "silent" });
  return {
    salesforce: createSalesforceConnector(
      {
        auth: {
          kind: "access_token",
          instanceUrl: env.SALESFORCE_INSTANCE_URL!,
          accessToken: env.SALESFORCE_ACCESS_TOKEN!,
        },
        retry: { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 2_000 },
        bulkPollIntervalMs: 20,
      },
      { logger, ...(now ? { clock: now } : {}) },
    ),
    hubspot: createHubSpotConnector(
      {
        auth: { kind: "private-app", accessToken: env.HUBSPOT_ACCESS_TOKEN! },
        basePath: env.HUBSPOT_BASE_PATH!,
        searchLagMs: 0,
        retry: { baseDelayMs: 20, maxDelayMs: 2_000 },
      },
      { logger, ...(now ? { clock: now } : {}) },
    ),
  };
}

export interface CallSummary {
  total: number;
  reads: number;
  writes: number;
}

const READ_POST = /search|batch\/read|jobs\/query|\/query|oauth|token/i;

/** Splits an emulator's per-endpoint call counts into reads and writes (search and batch/read are POSTs but read). */
export function summarizeCalls(c: { total: number; byEndpoint: Record<string, number> }): CallSummary {
  let writes = 0;
  for (const [key, n] of Object.entries(c.byEndpoint)) {
    const [method = "", endpoint = ""] = key.split(" ");
    const isWrite =
      method === "PATCH" ||
      method === "PUT" ||
      method === "DELETE" ||
      (method === "POST" && !READ_POST.test(endpoint));
    if (isWrite) writes += n;
  }
  return { total: c.total, reads: c.total - writes, writes };
}
