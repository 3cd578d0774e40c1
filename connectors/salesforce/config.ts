// Salesforce connector configuration: one zod schema, parsed once, every problem listed.
// Secrets (private key, client secret, refresh/access token) live only in this object; they are
// never interpolated into messages (see `describeConfigProblems`) and pino redacts them
// (see logger.ts).
import { z } from "zod";

const url = z.url({ protocol: /^https?$/ });

const jwtAuth = z.object({
  kind: z.literal("jwt"),
  loginUrl: url.default("https://login.salesforce.com"),
  consumerKey: z.string().min(1),
  username: z.string().min(1),
  /** PEM-encoded RSA private key whose certificate is uploaded to the connected app. */
  privateKey: z.string().includes("PRIVATE KEY", { message: "must be a PEM private key" }),
  /** JWT `aud`; default derived from loginUrl (see jwtAudience in auth.ts). */
  audience: url.optional(),
});

const clientCredentialsAuth = z.object({
  kind: z.literal("client_credentials"),
  /** Client credentials need the org's My Domain URL, not login.salesforce.com. */
  loginUrl: url,
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});

const refreshTokenAuth = z.object({
  kind: z.literal("refresh_token"),
  loginUrl: url.default("https://login.salesforce.com"),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  refreshToken: z.string().min(1),
});

const accessTokenAuth = z.object({
  kind: z.literal("access_token"),
  instanceUrl: url,
  accessToken: z.string().min(1),
});

export const salesforceAuthSchema = z.discriminatedUnion("kind", [
  jwtAuth,
  clientCredentialsAuth,
  refreshTokenAuth,
  accessTokenAuth,
]);

export const retryPolicySchema = z.object({
  /** Attempts per call or per record, the first included. */
  maxAttempts: z.int().min(1).max(10).default(5),
  baseDelayMs: z.int().min(0).default(500),
  maxDelayMs: z.int().min(0).default(30_000),
});

export const salesforceConfigSchema = z.object({
  auth: salesforceAuthSchema,
  /** jsforce defaults to 50.0; collections need >= 42 (upsert >= 46). Pinned. */
  apiVersion: z
    .string()
    .regex(/^\d{2}\.0$/, "must look like 62.0")
    .default("62.0"),
  /** Above this many records (decided with SELECT COUNT()), reads use Bulk API 2.0. */
  bulkReadThreshold: z.int().min(1).default(10_000),
  /** Above this many records, writes use Bulk API 2.0 ingest instead of sObject Collections. */
  bulkWriteThreshold: z.int().min(1).default(2_000),
  /** Share of the daily API limit at which no new work is started. */
  budgetStopShare: z.number().gt(0).max(1).default(0.8),
  retry: retryPolicySchema.default({ maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 }),
  /**
   * Per HTTP call (issue #20): the connection, and the response (headers, then any silence
   * while the body streams). A timeout is retried like a 503. One attempt can spend both (the
   * response timer starts once connected), so the defaults keep a run against a Salesforce that
   * never answers under two minutes: 5 attempts × (5 s + 15 s) + backoff 7.5 s = 107.5 s
   * (dead-org-bound.ts, asserted from these defaults in test/unit/dead-crm-bound.test.ts).
   */
  timeouts: z
    .object({
      connectMs: z.int().min(100).max(120_000).default(5_000),
      responseMs: z.int().min(100).max(600_000).default(15_000),
    })
    .default({ connectMs: 5_000, responseMs: 15_000 }),
  /** Bulk job polling. */
  bulkPollIntervalMs: z.int().min(10).default(2_000),
  bulkPollTimeoutMs: z.int().min(1_000).default(600_000),
});

export type SalesforceConfig = z.infer<typeof salesforceConfigSchema>;
export type SalesforceAuthConfig = z.infer<typeof salesforceAuthSchema>;
export type SalesforceConfigInput = z.input<typeof salesforceConfigSchema>;
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

export type ConfigResult = { ok: true; config: SalesforceConfig } | { ok: false; problems: string[] };

// The variable behind each setting salesforceConfigFromEnv reads, so a bad value is reported
// with the name the operator set (`SALESFORCE_CONNECT_TIMEOUT_MS (timeouts.connectMs): not a
// number`).
const ENV_NAMES: Record<string, string> = {
  "auth.loginUrl": "SALESFORCE_LOGIN_URL",
  "auth.instanceUrl": "SALESFORCE_INSTANCE_URL",
  "auth.audience": "SALESFORCE_JWT_AUDIENCE",
  apiVersion: "SALESFORCE_API_VERSION",
  bulkReadThreshold: "SALESFORCE_BULK_READ_THRESHOLD",
  bulkWriteThreshold: "SALESFORCE_BULK_WRITE_THRESHOLD",
  budgetStopShare: "SALESFORCE_BUDGET_STOP_SHARE",
  "retry.maxAttempts": "SALESFORCE_RETRY_MAX_ATTEMPTS",
  "retry.baseDelayMs": "SALESFORCE_RETRY_BASE_DELAY_MS",
  "retry.maxDelayMs": "SALESFORCE_RETRY_MAX_DELAY_MS",
  "timeouts.connectMs": "SALESFORCE_CONNECT_TIMEOUT_MS",
  "timeouts.responseMs": "SALESFORCE_RESPONSE_TIMEOUT_MS",
};

/**
 * Lists every problem as `path: message` (`VARIABLE (path): message` for a setting read from
 * the environment); messages never contain the offending (secret) value.
 */
function describeConfigProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.join(".") || "(root)";
    const env = ENV_NAMES[path];
    // zod says "expected number, received string" for "abc": say what is wrong with the value.
    const message =
      issue.code === "invalid_type" && issue.expected === "number" ? "not a number" : issue.message;
    return `${env ? `${env} (${path})` : path}: ${message}`;
  });
}

export function parseSalesforceConfig(input: unknown): ConfigResult {
  const parsed = salesforceConfigSchema.safeParse(input);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, problems: describeConfigProblems(parsed.error) };
}

/**
 * Environment variables (all optional except the ones the chosen auth kind needs):
 * SALESFORCE_AUTH = jwt | client_credentials | refresh_token | access_token
 * SALESFORCE_LOGIN_URL, SALESFORCE_INSTANCE_URL, SALESFORCE_CLIENT_ID (= consumer key for jwt),
 * SALESFORCE_CLIENT_SECRET, SALESFORCE_USERNAME, SALESFORCE_PRIVATE_KEY (PEM, `\n` escapes
 * allowed) or SALESFORCE_PRIVATE_KEY_FILE is read by the caller, SALESFORCE_REFRESH_TOKEN,
 * SALESFORCE_ACCESS_TOKEN, SALESFORCE_JWT_AUDIENCE, SALESFORCE_API_VERSION, SALESFORCE_BULK_READ_THRESHOLD,
 * SALESFORCE_BULK_WRITE_THRESHOLD, SALESFORCE_BUDGET_STOP_SHARE, SALESFORCE_RETRY_MAX_ATTEMPTS,
 * SALESFORCE_RETRY_BASE_DELAY_MS, SALESFORCE_RETRY_MAX_DELAY_MS, SALESFORCE_CONNECT_TIMEOUT_MS,
 * SALESFORCE_RESPONSE_TIMEOUT_MS.
 */
export function salesforceConfigFromEnv(env: Record<string, string | undefined>): ConfigResult {
  const pick = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const num = (name: string): number | string | undefined => {
    const value = pick(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    return Number.isFinite(n) ? n : value; // a non-number stays a string so zod reports it
  };
  const kind = pick("SALESFORCE_AUTH");
  const auth: Record<string, unknown> = { kind };
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) auth[key] = value;
  };
  set("loginUrl", pick("SALESFORCE_LOGIN_URL"));
  if (kind === "jwt") {
    set("consumerKey", pick("SALESFORCE_CLIENT_ID"));
    set("username", pick("SALESFORCE_USERNAME"));
    set("privateKey", pick("SALESFORCE_PRIVATE_KEY")?.replaceAll("\\n", "\n"));
    set("audience", pick("SALESFORCE_JWT_AUDIENCE"));
  } else if (kind === "client_credentials" || kind === "refresh_token") {
    set("clientId", pick("SALESFORCE_CLIENT_ID"));
    set("clientSecret", pick("SALESFORCE_CLIENT_SECRET"));
    if (kind === "refresh_token") set("refreshToken", pick("SALESFORCE_REFRESH_TOKEN"));
  } else if (kind === "access_token") {
    delete auth.loginUrl;
    set("instanceUrl", pick("SALESFORCE_INSTANCE_URL"));
    set("accessToken", pick("SALESFORCE_ACCESS_TOKEN"));
  }
  const input: Record<string, unknown> = { auth };
  const top = (key: string, value: unknown): void => {
    if (value !== undefined) input[key] = value;
  };
  top("apiVersion", pick("SALESFORCE_API_VERSION"));
  top("bulkReadThreshold", num("SALESFORCE_BULK_READ_THRESHOLD"));
  top("bulkWriteThreshold", num("SALESFORCE_BULK_WRITE_THRESHOLD"));
  top("budgetStopShare", num("SALESFORCE_BUDGET_STOP_SHARE"));
  const retry: Record<string, unknown> = {};
  const r = (key: string, value: unknown): void => {
    if (value !== undefined) retry[key] = value;
  };
  r("maxAttempts", num("SALESFORCE_RETRY_MAX_ATTEMPTS"));
  r("baseDelayMs", num("SALESFORCE_RETRY_BASE_DELAY_MS"));
  r("maxDelayMs", num("SALESFORCE_RETRY_MAX_DELAY_MS"));
  if (Object.keys(retry).length > 0) input.retry = retry;
  const timeouts: Record<string, unknown> = {};
  const connectMs = num("SALESFORCE_CONNECT_TIMEOUT_MS");
  const responseMs = num("SALESFORCE_RESPONSE_TIMEOUT_MS");
  if (connectMs !== undefined) timeouts.connectMs = connectMs;
  if (responseMs !== undefined) timeouts.responseMs = responseMs;
  if (Object.keys(timeouts).length > 0) input.timeouts = timeouts;
  return parseSalesforceConfig(input);
}
