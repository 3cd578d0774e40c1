// Options of the HubSpot emulator: one zod schema, parsed once at start, every problem listed.
import { z } from "zod";
import type { FaultInjector, FaultPlan } from "../faults.ts";
import { demoSeedShape } from "../seed-options.ts";
import { propertyCreateSchema } from "./properties/registry.ts";

const clockSchema = z.custom<() => number>((v) => typeof v === "function", "a function returning epoch ms");

const status = z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]);
const policy = z.enum(["TEN_SECONDLY_ROLLING", "SECONDLY", "DAILY"]);

export const recordFailureSchema = z.object({
  objectType: z.enum(["deals", "companies", "contacts"]).optional(),
  /** Fails records whose input sets this property (to `equals`, when given). */
  property: z.string().optional(),
  equals: z.string().optional(),
  /** Fails writes to these record ids. */
  ids: z.array(z.string()).optional(),
  code: z.string().default("INVALID_PROPERTY_VALUE"),
  message: z.string().default("Rejected by a sandbox fault rule"),
});

export const faultConfigSchema = z.object({
  rate: z.number().min(0).max(1).default(0),
  statuses: z.array(status).min(1).default([429, 503]),
  rateLimitPolicy: policy.default("SECONDLY"),
  seed: z.number().int().default(1),
  /** Only requests whose path matches this regular expression get random faults. */
  pathPattern: z.string().optional(),
  latencyMs: z.number().int().min(0).default(0),
  next: z
    .array(
      z.object({
        status,
        count: z.number().int().min(1).default(1),
        policy: policy.optional(),
        pathPattern: z.string().optional(),
      }),
    )
    .default([]),
  recordFailures: z.array(recordFailureSchema).default([]),
});
export type FaultConfig = z.output<typeof faultConfigSchema>;
export type FaultConfigInput = z.input<typeof faultConfigSchema>;
/** The rate-limit policy an injected 429 names. */
export type FaultPolicy = z.output<typeof policy>;
export type HubSpotFaults = FaultInjector<FaultConfig, FaultPolicy>;

/** What the fault options ask of the shared injector (sandbox/faults.ts). */
export function faultPlan(config: FaultConfig): FaultPlan<FaultPolicy> {
  return {
    seed: config.seed,
    latencyMs: config.latencyMs,
    // A share `rate` of requests fail; a second draw picks one of `statuses`.
    random: [{ rate: config.rate, statuses: config.statuses }],
    pathPattern: config.pathPattern,
    next: config.next.map((n) => ({
      status: n.status,
      count: n.count,
      pathPattern: n.pathPattern,
      tag: n.policy,
    })),
    recordRate: 0,
    recordFailures: config.recordFailures.map((r) => ({
      object: r.objectType,
      field: r.property,
      equals: r.equals,
      ids: r.ids,
      code: r.code,
      message: r.message,
    })),
  };
}

export const rateLimitOptionsSchema = z
  .object({
    /** Off in benchmarks that only count calls; on by default like the real portal. */
    enabled: z.boolean().default(true),
    /** Requests per rolling 10 s per token (private app, Professional: 190). */
    tenSecondly: z.number().int().positive().default(190),
    /** Optional per-second cap (legacy SECONDLY policy); off unless set. */
    secondly: z.number().int().positive().optional(),
    /** Requests per day per portal (private app, Professional: 650,000). */
    daily: z.number().int().positive().default(650_000),
    /** Search endpoints: requests per second per token (docs: 5). */
    searchPerSecond: z.number().int().positive().default(5),
  })
  .prefault({});

export const webhookOptionsSchema = z.object({
  /** Full URL the batches are POSTed to. */
  targetUrl: z.url(),
  /** App client secret the v3 signature is keyed with. */
  clientSecret: z.string().min(1),
  appId: z.number().int().positive().default(1_234_567),
  /** Flush a batch after this many ms or once `maxBatchSize` events are queued. */
  flushIntervalMs: z.number().int().min(0).default(50),
  maxBatchSize: z.number().int().min(1).max(100).default(100),
  /** Delivery attempts per batch (HubSpot retries up to 10 times over 24 h). */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  retryDelayMs: z.number().int().min(0).default(100),
  /** Back-door writes (portal.create/update/...) fire webhooks too. */
  fireOnBackdoor: z.boolean().default(false),
  /** Subscription types to deliver; default all. e.g. ["deal.propertyChange", "company.creation"]. */
  subscriptions: z.array(z.string()).optional(),
});

export const oauthOptionsSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshTokens: z.array(z.string().min(1)).min(1),
  accessTokenTtlSeconds: z.number().int().positive().default(1800),
});

/**
 * Who HubSpot records as having made a change (hs_updated_by_user_id / hs_created_by_user_id).
 * Writes made through the API are attributed to the token's user: each private-app token to
 * `byToken[token]` or else `integrationUserId` (the integration's own user), OAuth access
 * tokens to `oauthUserId` (the installing user, also `user_id` of /oauth/v1/access-tokens).
 * Back-door writes stand for a person editing in the HubSpot UI: `backdoorUserId`, or, when
 * null, hs_updated_by_user_id is left as it was (unset on create) unless the write sets it.
 */
export const DEFAULT_INTEGRATION_USER_ID = 7_000_001;
export const DEFAULT_OAUTH_USER_ID = 7_000_002;
export const DEFAULT_BACKDOOR_USER_ID = 7_000_100;

export const userOptionsSchema = z
  .object({
    byToken: z.record(z.string(), z.number().int().positive()).default({}),
    integrationUserId: z.number().int().positive().default(DEFAULT_INTEGRATION_USER_ID),
    oauthUserId: z.number().int().positive().default(DEFAULT_OAUTH_USER_ID),
    backdoorUserId: z.number().int().positive().nullable().default(DEFAULT_BACKDOOR_USER_ID),
  })
  .prefault({});

export const emulatorOptionsSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().default("127.0.0.1"),
  portalId: z.number().int().positive().default(62_515),
  /** Private-app tokens accepted as `Authorization: Bearer …`. */
  accessTokens: z.array(z.string().min(1)).default(["pat-na1-sandbox-0000"]),
  oauth: oauthOptionsSchema.optional(),
  users: userOptionsSchema,
  now: clockSchema.optional(),
  rateLimits: rateLimitOptionsSchema,
  faults: faultConfigSchema.prefault({}),
  webhooks: webhookOptionsSchema.optional(),
  /**
   * Search-index lag: for this many ms after an API write, search still answers from the
   * record's previous state (a new record is not found yet). Real HubSpot lags a few seconds;
   * default 0 (immediately consistent).
   */
  searchIndexLagMs: z.number().int().min(0).default(0),
  /** Targets per input and page in the v4 association batch read (HubSpot: 500). */
  associationPageSize: z.number().int().min(1).max(500).default(500),
  /** The portal's company currency (currency properties are stored in it). */
  companyCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default("USD"),
  /** Extra property definitions to preload, e.g. the connector's custom properties. */
  extraProperties: z
    .array(propertyCreateSchema.extend({ objectType: z.enum(["deals", "companies", "contacts"]) }))
    .default([]),
  /** Association labels to preload (deal→company "Partner" is always present). */
  seed: z.object(demoSeedShape).optional(),
});

export type EmulatorOptionsInput = z.input<typeof emulatorOptionsSchema>;
export type EmulatorOptions = z.output<typeof emulatorOptionsSchema>;
export type RateLimitOptions = z.output<typeof rateLimitOptionsSchema>;
export type WebhookOptions = z.output<typeof webhookOptionsSchema>;
export type UserOptions = z.output<typeof userOptionsSchema>;
