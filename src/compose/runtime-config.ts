// What the sync runtime is composed from, whichever entry point asks (CLI, service, demo,
// benches): where the store is, where the CRMs are, the mappings, the default program, the FX
// rates and the clock. The environment variables they share are parsed here once, with every
// connector's own config parser run once; the service's config extends this schema.
// The connectors' config modules, not their index files: parsing a config must not load the CRM
// SDKs (the service parses its config before anything). The store's index loads no driver until
// a store opens.
import { z } from "zod";
import { configuredCrms } from "../../connectors/credentials.ts";
import {
  type HubSpotConfig,
  hubSpotConfigFromEnv,
  parseHubSpotConfig,
} from "../../connectors/hubspot/config.ts";
import { type SalesforceConfig, salesforceConfigFromEnv } from "../../connectors/salesforce/config.ts";
import type { CrmConnector, CrmName } from "../../connectors/types.ts";
import type { SandboxSeed } from "../../sandbox/index.ts";
import type { Data } from "../engine/index.ts";
import { isIsoDate } from "../period/index.ts";
import { type StoreConfig, StoreConfigError, storeConfigFromEnv } from "../store/index.ts";

/** Where the CRMs are. */
export type CrmSource =
  /** No credentials: both emulators start in this process, seeded with the demo data. */
  | { kind: "sandbox"; seed: SandboxSeed; host?: string; noRateLimits?: boolean }
  /** Real CRMs: the connectors' configs, already validated (null = that CRM is not connected). */
  | { kind: "connected"; salesforce: SalesforceConfig | null; hubspot: HubSpotConfig | null }
  /** Connectors built elsewhere (a bench's sandbox in another process); closed with the runtime. */
  | { kind: "given"; connectors: Partial<Record<CrmName, CrmConnector>>; fx?: Data["fx"] };

export interface RuntimeConfig {
  store: StoreConfig;
  crms: CrmSource;
  /** Folder holding salesforce.yaml and hubspot.yaml. */
  mappingsDir: string;
  /** Program YAML registered as the first version when the store holds none (sync default otherwise). */
  programPath: string | null;
  /** YAML of exchange rates for the engine (the sandbox brings its own). */
  fxFile: string | null;
  /** INCENTIVES_NOW: every run's clock is this instant (tests, replaying a past day); null = now. */
  now: Date | null;
}

/** The demo data set every sandbox starts with unless told otherwise (CLI, service, demo alike). */
export const DEFAULT_SANDBOX_SEED: SandboxSeed = {
  partners: 200,
  deals: 4000,
  mirrorEvery: 10,
  badRecords: true,
};

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * An ISO 8601 date or timestamp on a real calendar day. Date.parse alone is too lenient: it
 * reads "garbage 1" as 2001-01-01 and rolls 2026-02-30 over into March, so a typo would
 * silently move every run's clock.
 */
function isIsoInstant(v: string): boolean {
  const m = ISO_INSTANT.exec(v);
  return m !== null && isIsoDate(m[1]!) && !Number.isNaN(Date.parse(v));
}

/** The runtime's own variables; the service's schema extends this one. */
export const runtimeEnvSchema = z.object({
  MAPPINGS_DIR: z.string().min(1).default("mappings"),
  INCENTIVES_PROGRAM: z.string().min(1).optional(),
  INCENTIVES_FX_FILE: z.string().min(1).optional(),
  INCENTIVES_NOW: z
    .string()
    .refine(isIsoInstant, "must be an ISO date or timestamp (2026-11-20 or 2026-11-20T12:00:00Z)")
    .optional(),
});
export type RuntimeEnv = z.output<typeof runtimeEnvSchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * Each CRM with any credential variable set, parsed by its connector's own parser, once.
 * Problems are named by connector; they never contain values.
 */
export function connectorConfigsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): Parsed<{ salesforce: SalesforceConfig | null; hubspot: HubSpotConfig | null }> {
  const problems: string[] = [];
  const wanted = configuredCrms(env);
  let salesforce: SalesforceConfig | null = null;
  let hubspot: HubSpotConfig | null = null;
  if (wanted.salesforce) {
    const sf = salesforceConfigFromEnv(env);
    if (sf.ok) salesforce = sf.config;
    else problems.push(...sf.problems.map((p) => `Salesforce connector: ${p}`));
  }
  if (wanted.hubspot) {
    const hs = parseHubSpotConfig(hubSpotConfigFromEnv(env));
    if (hs.ok) hubspot = hs.config;
    else problems.push(...hs.problems.map((p) => `HubSpot connector: ${p}`));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { salesforce, hubspot } };
}

/** The CRM source the environment asks for: connected when any credential is set, else the sandbox. */
export function crmSourceFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  seed: SandboxSeed = DEFAULT_SANDBOX_SEED,
): Parsed<CrmSource> {
  const wanted = configuredCrms(env);
  if (!wanted.salesforce && !wanted.hubspot) return { ok: true, value: { kind: "sandbox", seed } };
  const configs = connectorConfigsFromEnv(env);
  return configs.ok ? { ok: true, value: { kind: "connected", ...configs.value } } : configs;
}

/** The runtime part of a parsed environment (shared by the CLI and the service's config). */
export function runtimeConfigOf(e: RuntimeEnv, store: StoreConfig, crms: CrmSource): RuntimeConfig {
  return {
    store,
    crms,
    mappingsDir: e.MAPPINGS_DIR,
    programPath: e.INCENTIVES_PROGRAM ?? null,
    fxFile: e.INCENTIVES_FX_FILE ?? null,
    now: e.INCENTIVES_NOW ? new Date(e.INCENTIVES_NOW) : null,
  };
}

/**
 * The CLI's whole runtime configuration from the environment; every problem at once.
 * `sandbox: true` (the demo) starts the sandbox whatever credentials are set.
 */
export function runtimeConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: { seed?: SandboxSeed; sandbox?: boolean } = {},
): Parsed<RuntimeConfig> {
  const seed = options.seed ?? DEFAULT_SANDBOX_SEED;
  const problems: string[] = [];
  // An empty variable means "not set", as in the service's config.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = runtimeEnvSchema.safeParse(set);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  let store: StoreConfig | null = null;
  try {
    store = storeConfigFromEnv(set);
  } catch (error) {
    if (!(error instanceof StoreConfigError)) throw error;
    problems.push(error.message);
  }
  const crms: Parsed<CrmSource> = options.sandbox
    ? { ok: true, value: { kind: "sandbox", seed } }
    : crmSourceFromEnv(env, seed);
  if (!crms.ok) problems.push(...crms.problems);
  if (problems.length > 0 || !parsed.success || !store || !crms.ok) return { ok: false, problems };
  return { ok: true, value: runtimeConfigOf(parsed.data, store, crms.value) };
}
