// HubSpot connector configuration: one zod schema, parsed once, every problem listed.
// Secrets (access token, OAuth refresh token / client secret, webhook secret) live only here
// and in the auth layer; the logger redacts them and error messages never include them.
import { z } from "zod";

const decimalString = z.string().regex(/^\d+(\.\d+)?$/, 'a positive decimal string, e.g. "1.0850"');
const currencyCode = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as USD");

export const hubSpotAuthSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("private-app"), accessToken: z.string().min(10, "access token is too short") }),
  z.object({
    kind: z.literal("oauth"),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    refreshToken: z.string().min(1),
  }),
]);

export const hubSpotConfigSchema = z.object({
  auth: hubSpotAuthSchema,
  /** API origin; the sandbox/emulator passes `http://127.0.0.1:PORT` (no trailing slash). */
  basePath: z
    .url()
    .default("https://api.hubapi.com")
    .transform((u) => u.replace(/\/+$/, "")),
  /** Deal → company association label that marks the partner (deals also link the customer). */
  partnerLabel: z.string().min(1).default("Partner"),
  currency: z
    .object({
      /** The program's currency: amounts the sync layer writes are in it. */
      programCurrency: currencyCode.default("USD"),
      /** The portal's company currency: currency properties are stored in it. */
      companyCurrency: currencyCode.default("USD"),
      /** Static FX source: 1 unit of key currency = value in the company currency. */
      rates: z.record(currencyCode, decimalString).default({}),
    })
    // Refined on the sub-object so the problem is listed even when other fields fail too.
    .superRefine(({ programCurrency, companyCurrency, rates }, ctx) => {
      if (programCurrency !== companyCurrency && rates[programCurrency] === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["rates", programCurrency],
          message: `no FX rate from ${programCurrency} to the company currency ${companyCurrency}`,
        });
      }
    })
    .prefault({}),
  /** Share of the daily API limit at which the connector stops starting new work. */
  dailyBudgetShare: z.number().gt(0).max(1).default(0.8),
  /** Used when HubSpot does not report the daily limit (OAuth calls carry no daily headers). */
  dailyLimit: z.number().int().positive().default(250_000),
  /** Client-side cap on search requests per second (HubSpot allows ~5/s per account). */
  searchRatePerSecond: z.number().positive().max(5).default(4),
  batchSize: z.number().int().min(1).max(100).default(100),
  /** Search page size (HubSpot max 200). */
  searchPageSize: z.number().int().min(1).max(200).default(200),
  /** Incremental reads stop this far before "now": the search index lags writes slightly. */
  searchLagMs: z.number().int().min(0).default(30_000),
  /**
   * Per HTTP call (issue #20): the connection, and the response (headers, then any silence while
   * the body streams); timeouts.ts. A timeout is retried like a network error. One attempt can
   * spend both (the response timer starts once connected), so the defaults keep a run against a
   * HubSpot that never answers under two minutes: 6 attempts × (5 s + 10 s) + backoff 15.5 s =
   * 105.5 s (dead-portal-bound.ts, asserted from these defaults in
   * test/unit/dead-crm-bound.test.ts).
   */
  timeouts: z
    .object({
      connectMs: z.number().int().min(100).max(120_000).default(5_000),
      responseMs: z.number().int().min(100).max(600_000).default(10_000),
    })
    .prefault({}),
  retry: z
    .object({
      maxAttempts: z.number().int().min(1).max(20).default(6),
      /** 429s (secondly / ten-secondly) pass with time, so they get more attempts than 5xx. */
      maxRateLimitAttempts: z.number().int().min(1).max(50).default(12),
      baseDelayMs: z.number().int().min(0).default(500),
      maxDelayMs: z.number().int().min(0).default(30_000),
    })
    .prefault({}),
  /** App client secret used to verify webhook v3 signatures. */
  webhookSecret: z.string().min(1).optional(),
  /** Option values for the tier enumerations `provision` creates. */
  tierOptions: z.array(z.string().min(1)).min(1).default(["Registered", "Silver", "Gold", "Platinum"]),
});

export type HubSpotConfigInput = z.input<typeof hubSpotConfigSchema>;
export type HubSpotConfig = z.output<typeof hubSpotConfigSchema>;

export class HubSpotConfigError extends Error {
  readonly code = "HUBSPOT_CONFIG_INVALID";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid HubSpot configuration:\n- ${problems.join("\n- ")}`);
    this.name = "HubSpotConfigError";
    this.problems = problems;
  }
}

// The variable behind each setting hubSpotConfigFromEnv reads, so a bad value is reported with
// the name the operator set (`HUBSPOT_CONNECT_TIMEOUT_MS (timeouts.connectMs): not a number`).
const ENV_NAMES: Record<string, string> = {
  basePath: "HUBSPOT_BASE_PATH",
  partnerLabel: "HUBSPOT_PARTNER_LABEL",
  "currency.programCurrency": "HUBSPOT_PROGRAM_CURRENCY",
  "currency.companyCurrency": "HUBSPOT_COMPANY_CURRENCY",
  dailyBudgetShare: "HUBSPOT_DAILY_BUDGET_SHARE",
  dailyLimit: "HUBSPOT_DAILY_LIMIT",
  searchRatePerSecond: "HUBSPOT_SEARCH_RATE",
  searchLagMs: "HUBSPOT_SEARCH_LAG_MS",
  "retry.maxAttempts": "HUBSPOT_RETRY_MAX_ATTEMPTS",
  "timeouts.connectMs": "HUBSPOT_CONNECT_TIMEOUT_MS",
  "timeouts.responseMs": "HUBSPOT_RESPONSE_TIMEOUT_MS",
};

/**
 * Issues as `path: message` lines (`VARIABLE (path): message` for a setting read from the
 * environment); values are never echoed (they may be secrets).
 */
function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const path = i.path.length ? i.path.join(".") : "(root)";
    const env = ENV_NAMES[path];
    // zod says "expected number, received string" for "abc": say what is wrong with the value.
    const message = i.code === "invalid_type" && i.expected === "number" ? "not a number" : i.message;
    return `${env ? `${env} (${path})` : path}: ${message}`;
  });
}

export type ConfigResult = { ok: true; config: HubSpotConfig } | { ok: false; problems: string[] };

export function parseHubSpotConfig(input: unknown): ConfigResult {
  const parsed = hubSpotConfigSchema.safeParse(input);
  return parsed.success
    ? { ok: true, config: parsed.data }
    : { ok: false, problems: describeIssues(parsed.error) };
}

/** Throws a `HubSpotConfigError` listing every problem at once. */
export function loadHubSpotConfig(input: unknown): HubSpotConfig {
  const result = parseHubSpotConfig(input);
  if (!result.ok) throw new HubSpotConfigError(result.problems);
  return result.config;
}

// A value that is not a number stays a string, so zod reports it as one (Number("abc") is NaN,
// reported as "received NaN").
const num = (v: string | undefined) => {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
};

/**
 * Builds the raw config from `HUBSPOT_*` variables (documented in README). Unset values keep
 * their defaults; malformed ones surface as problems from the schema.
 */
export function hubSpotConfigFromEnv(env: NodeJS.ProcessEnv = process.env): unknown {
  const auth = env.HUBSPOT_ACCESS_TOKEN
    ? { kind: "private-app", accessToken: env.HUBSPOT_ACCESS_TOKEN }
    : env.HUBSPOT_REFRESH_TOKEN || env.HUBSPOT_CLIENT_ID
      ? {
          kind: "oauth",
          clientId: env.HUBSPOT_CLIENT_ID,
          clientSecret: env.HUBSPOT_CLIENT_SECRET,
          refreshToken: env.HUBSPOT_REFRESH_TOKEN,
        }
      : undefined;
  let rates: unknown;
  if (env.HUBSPOT_FX_RATES) {
    // "EUR=1.08,GBP=1.27": 1 unit of the key currency in the company currency.
    rates = Object.fromEntries(
      env.HUBSPOT_FX_RATES.split(",")
        .map((p) => p.trim().split("="))
        .map(([k, v]) => [k?.trim(), v?.trim()]),
    );
  }
  const drop = <T extends Record<string, unknown>>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return drop({
    auth,
    basePath: env.HUBSPOT_BASE_PATH,
    partnerLabel: env.HUBSPOT_PARTNER_LABEL,
    currency: drop({
      programCurrency: env.HUBSPOT_PROGRAM_CURRENCY,
      companyCurrency: env.HUBSPOT_COMPANY_CURRENCY,
      rates,
    }),
    dailyBudgetShare: num(env.HUBSPOT_DAILY_BUDGET_SHARE),
    dailyLimit: num(env.HUBSPOT_DAILY_LIMIT),
    searchRatePerSecond: num(env.HUBSPOT_SEARCH_RATE),
    searchLagMs: num(env.HUBSPOT_SEARCH_LAG_MS),
    retry: drop({ maxAttempts: num(env.HUBSPOT_RETRY_MAX_ATTEMPTS) }),
    timeouts: drop({
      connectMs: num(env.HUBSPOT_CONNECT_TIMEOUT_MS),
      responseMs: num(env.HUBSPOT_RESPONSE_TIMEOUT_MS),
    }),
    webhookSecret: env.HUBSPOT_WEBHOOK_SECRET,
    tierOptions: env.HUBSPOT_TIER_OPTIONS?.split(",").map((t) => t.trim()),
  });
}
