// The service's configuration: environment variables, optionally layered over a JSON or YAML
// file named by CONFIG_FILE (the environment wins). One zod schema, parsed once at start; every
// problem is listed at once and no message ever repeats a value (values may be secrets).
import { readFileSync } from "node:fs";
import { validate as isValidCron } from "node-cron";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { CRM_CREDENTIAL_KEYS, configuredCrms } from "../../connectors/credentials.ts";
import {
  crmSourceFromEnv,
  DEFAULT_SANDBOX_SEED,
  type RuntimeConfig,
  runtimeConfigOf,
  runtimeEnvSchema,
} from "../compose/runtime-config.ts";
import { storeEnvSchema } from "../store/index.ts";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Env keys this module reads; a config file may set exactly these (anything else is a typo). */
export const CONFIG_KEYS = [
  "PORT",
  "HOST",
  "LOG_LEVEL",
  "ADMIN_TOKEN",
  "DATABASE_URL",
  "DATA_DIR",
  "DATABASE_SCHEMA",
  "RECONCILE_CRON",
  "RECONCILE_TZ",
  "SYNC_CRON",
  "SCHEDULER_ENABLED",
  "SALESFORCE_ORG_ID",
  "SALESFORCE_WEBHOOK_SECRET",
  "SALESFORCE_WEBHOOK_RATE_LIMIT",
  "HUBSPOT_WEBHOOK_SECRET",
  "HUBSPOT_APP_CLIENT_SECRET",
  "HUBSPOT_PORTAL_ID",
  "PUBLIC_URL",
  "BODY_LIMIT",
  "WEBHOOK_BODY_LIMIT",
  "SHUTDOWN_TIMEOUT_MS",
  "MAPPINGS_DIR",
  "INCENTIVES_PROGRAM",
  "INCENTIVES_FX_FILE",
  "INCENTIVES_NOW",
  "SANDBOX_PARTNERS",
  "SANDBOX_DEALS",
] as const;

export { CRM_CREDENTIAL_KEYS };

const integer = (min: number, max: number) =>
  z.string().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(z.int().min(min).max(max));

const cron = z.string().refine((value) => isValidCron(value), "must be a valid cron expression");

const timeZone = z.string().refine((value) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as UTC or Europe/Paris");

const byteSize = z.string().regex(/^\d+(b|kb|mb)$/i, "must be a size such as 512kb or 1mb");

// The runtime's variables (MAPPINGS_DIR, INCENTIVES_*) are the CLI's too: one schema, extended.
const envSchema = runtimeEnvSchema.extend({
  PORT: integer(0, 65_535).default(8080),
  HOST: z.string().min(1).default("0.0.0.0"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  // Short tokens are guessable; 32 characters is what `openssl rand -hex 16` prints.
  ADMIN_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }).optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_SCHEMA: storeEnvSchema.shape.DATABASE_SCHEMA,
  RECONCILE_CRON: cron.default("0 2 * * *"),
  RECONCILE_TZ: timeZone.default("UTC"),
  SYNC_CRON: cron.default("*/5 * * * *"),
  SCHEDULER_ENABLED: z.stringbool().default(true),
  // 15- or 18-character org id (starts with 00D). Outbound Messages carry the 18-character form.
  SALESFORCE_ORG_ID: z
    .string()
    .regex(/^00D[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/, "must be a 15 or 18 character id starting with 00D")
    .optional(),
  // Outbound Messages carry no signature: the endpoint URL configured in Salesforce carries
  // this shared secret (`…/webhooks/salesforce?token=…`). Unset: the endpoint refuses everything.
  SALESFORCE_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  SALESFORCE_WEBHOOK_RATE_LIMIT: integer(0, 1_000_000).default(120),
  // The HubSpot app's client secret, which signs webhook requests (v3). Unset: webhooks refused.
  HUBSPOT_WEBHOOK_SECRET: z.string().min(8, "must be at least 8 characters").optional(),
  // The client secret of the HubSpot app the cards belong to: HubSpot signs every hubspot.fetch
  // with it (v3). Unset: HUBSPOT_WEBHOOK_SECRET (the same app signs its webhooks with it).
  HUBSPOT_APP_CLIENT_SECRET: z.string().min(8, "must be at least 8 characters").optional(),
  // The HubSpot account (portal) the cards may be opened from; also where record links point.
  HUBSPOT_PORTAL_ID: z
    .string()
    .regex(/^\d{1,20}$/, "must be a HubSpot portal (account) id: digits")
    .optional(),
  // The origin CRMs call (https://incentives.example.com); HubSpot signs the full URL it used,
  // which a proxy in front of us may rewrite.
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  BODY_LIMIT: byteSize.default("1mb"),
  WEBHOOK_BODY_LIMIT: byteSize.default("1mb"),
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(30_000),
  // Size of the demo data set the sandbox emulators are seeded with (sandbox mode only).
  SANDBOX_PARTNERS: integer(1, 100_000).default(200),
  SANDBOX_DEALS: integer(0, 1_000_000).default(4_000),
});

export type CrmKey = keyof typeof CRM_CREDENTIAL_KEYS;

export interface ServiceConfig {
  port: number;
  host: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** null = admin API off (every /api route answers 404 ADMIN_API_DISABLED). */
  adminToken: string | null;
  store: { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };
  schedule: { enabled: boolean; reconcileCron: string; reconcileTz: string; syncCron: string };
  salesforceOrgId: string | null;
  /** null = /webhooks/salesforce refuses everything (503 WEBHOOK_NOT_CONFIGURED). */
  salesforceWebhookSecret: string | null;
  /** Outbound Message requests per client address and minute; 0 = no limit. */
  salesforceWebhookRateLimit: number;
  /** null = /webhooks/hubspot refuses everything (503 WEBHOOK_NOT_CONFIGURED). */
  hubspotWebhookSecret: string | null;
  /** Signs app-card fetches: HUBSPOT_APP_CLIENT_SECRET, else HUBSPOT_WEBHOOK_SECRET; null = cards off. */
  hubspotAppSecret: string | null;
  /** The portal app-card fetches must come from; null = cards off. */
  hubspotPortalId: string | null;
  publicUrl: string | null;
  bodyLimit: string;
  webhookBodyLimit: string;
  shutdownTimeoutMs: number;
  /** Folder holding salesforce.yaml and hubspot.yaml; PUT /api/mappings rewrites them. */
  mappingsDir: string;
  /** Program YAML registered as the first version when the store holds none (sync default otherwise). */
  programPath: string | null;
  /** YAML of exchange rates for the engine (connected mode; the sandbox brings its own). */
  fxFile: string | null;
  sandbox: { partners: number; deals: number };
  /** sandbox = no CRM credentials at all: embedded emulators seeded with demo data. */
  mode: "sandbox" | "connected";
  crms: Record<CrmKey, boolean>;
  /** The environment the config came from. */
  env: Readonly<Record<string, string | undefined>>;
  /** What the sync runtime is composed from (src/compose): connector configs parsed once, here. */
  runtime: RuntimeConfig;
}

export type ConfigResult = { ok: true; config: ServiceConfig } | { ok: false; problems: string[] };

/** Extra validation, e.g. a connector's own `*ConfigFromEnv`, whose problems join the list. */
export type ExtraCheck = (env: Readonly<Record<string, string | undefined>>) => string[];

export interface LoadConfigOptions {
  readFile?: (path: string) => string;
  extraChecks?: ExtraCheck[];
}

function describe(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
}

/** Reads CONFIG_FILE into string values keyed like env vars; lists its problems. */
function readConfigFile(
  path: string,
  readFile: (path: string) => string,
): { values: Record<string, string>; problems: string[] } {
  let raw: unknown;
  try {
    const text = readFile(path);
    raw = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "unreadable";
    return { values: {}, problems: [`CONFIG_FILE: cannot read ${path}: ${reason}`] };
  }
  const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
  const fileSchema = z.strictObject(
    Object.fromEntries(CONFIG_KEYS.map((key) => [key, scalar.optional()])) as Record<
      (typeof CONFIG_KEYS)[number],
      z.ZodOptional<typeof scalar>
    >,
  );
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    return { values: {}, problems: describe(parsed.error).map((p) => `CONFIG_FILE ${path}: ${p}`) };
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.data)) if (value !== undefined) values[key] = value;
  return { values, problems: [] };
}

export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions = {},
): ConfigResult {
  const problems: string[] = [];
  // An empty variable means "not set", as in most container platforms' UIs.
  const fromEnv: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== "") fromEnv[key] = value;
  }
  let merged: Record<string, string> = fromEnv;
  const file = env.CONFIG_FILE;
  if (file) {
    const fromFile = readConfigFile(file, options.readFile ?? ((p) => readFileSync(p, "utf8")));
    problems.push(...fromFile.problems);
    merged = { ...fromFile.values, ...fromEnv };
  }

  const crms = configuredCrms(env);
  // Deals may live in Salesforce, in HubSpot, or in both: each CRM with credentials is connected.
  if (crms.salesforce && !merged.SALESFORCE_ORG_ID) {
    problems.push("SALESFORCE_ORG_ID: required in connected mode (Outbound Messages are checked against it)");
  }
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) problems.push(...describe(parsed.error));
  // The connectors validate their own variables, once; their problems join ours so one start
  // lists everything. Their messages never contain values.
  const sandboxSeed = {
    ...DEFAULT_SANDBOX_SEED,
    ...(parsed.success ? { partners: parsed.data.SANDBOX_PARTNERS, deals: parsed.data.SANDBOX_DEALS } : {}),
  };
  const crmSource = crmSourceFromEnv(env, sandboxSeed);
  if (!crmSource.ok) problems.push(...crmSource.problems);
  for (const check of options.extraChecks ?? []) problems.push(...check(env));
  if (!parsed.success || !crmSource.ok || problems.length > 0) return { ok: false, problems };
  const e = parsed.data;
  const schema = e.DATABASE_SCHEMA ? { schema: e.DATABASE_SCHEMA } : {};
  const config: ServiceConfig = {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    adminToken: e.ADMIN_TOKEN ?? null,
    store: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "pglite", dataDir: e.DATA_DIR },
    schedule: {
      enabled: e.SCHEDULER_ENABLED,
      reconcileCron: e.RECONCILE_CRON,
      reconcileTz: e.RECONCILE_TZ,
      syncCron: e.SYNC_CRON,
    },
    salesforceOrgId: e.SALESFORCE_ORG_ID ?? null,
    salesforceWebhookSecret: e.SALESFORCE_WEBHOOK_SECRET ?? null,
    salesforceWebhookRateLimit: e.SALESFORCE_WEBHOOK_RATE_LIMIT,
    hubspotWebhookSecret: e.HUBSPOT_WEBHOOK_SECRET ?? null,
    hubspotAppSecret: e.HUBSPOT_APP_CLIENT_SECRET ?? e.HUBSPOT_WEBHOOK_SECRET ?? null,
    hubspotPortalId: e.HUBSPOT_PORTAL_ID ?? null,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, "") : null,
    bodyLimit: e.BODY_LIMIT,
    webhookBodyLimit: e.WEBHOOK_BODY_LIMIT,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    mappingsDir: e.MAPPINGS_DIR,
    programPath: e.INCENTIVES_PROGRAM ?? null,
    fxFile: e.INCENTIVES_FX_FILE ?? null,
    sandbox: { partners: e.SANDBOX_PARTNERS, deals: e.SANDBOX_DEALS },
    mode: crms.salesforce || crms.hubspot ? "connected" : "sandbox",
    crms,
    env,
    runtime: runtimeConfigOf(
      e,
      e.DATABASE_URL
        ? { backend: "postgres", connectionString: e.DATABASE_URL, ...schema }
        : { backend: "pglite", dataDir: e.DATA_DIR, ...schema },
      crmSource.value,
    ),
  };
  return { ok: true, config };
}
