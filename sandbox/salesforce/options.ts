// Emulator options, validated once at start (zod), every problem listed.
import { z } from "zod";
import type {
  ReportDefinition,
  ReportTypeDefinition,
} from "../../connectors/salesforce/report-definitions.ts";
import type { FaultPlan } from "../faults.ts";
import { demoSeedShape } from "../seed-options.ts";
import { customFieldSchema, customObjectSchema } from "./schema/custom.ts";

const fn = <T>() => z.custom<T>((v) => typeof v === "function", { message: "expected a function" });

export const faultConfigSchema = z.strictObject({
  /** PRNG seed: the same seed and request sequence inject the same faults. */
  seed: z.number().int().default(1),
  /** Share (0..1) of /services/data requests answered 429. jsforce silently retries GET/PUT/DELETE. */
  rate429: z.number().min(0).max(1).default(0),
  /** Share (0..1) of /services/data requests answered 503. */
  rate503: z.number().min(0).max(1).default(0),
  /**
   * `Retry-After` (seconds) on the injected 429 / 503 answers; absent by default, as on most
   * Salesforce answers (it sends one on some 503s). Each status is set on its own.
   */
  retryAfter429Seconds: z.number().int().min(0).max(86_400).optional(),
  retryAfter503Seconds: z.number().int().min(0).max(86_400).optional(),
  /** Share (0..1) of records in collection and Bulk 2.0 writes failing with UNABLE_TO_LOCK_ROW. */
  lockRowRate: z.number().min(0).max(1).default(0),
  /** Added latency per /services/data request, in ms. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Validation-rule failures for chosen records: writes where `field` equals `equals` fail. */
  failRecords: z
    .array(
      z.strictObject({
        object: z.string(),
        field: z.string(),
        equals: z.union([z.string(), z.number(), z.boolean()]),
        message: z.string().default("Record rejected by sandbox fault injection"),
      }),
    )
    .default([]),
});
export type FaultConfig = z.output<typeof faultConfigSchema>;
export type FaultConfigInput = z.input<typeof faultConfigSchema>;

/** What the fault options ask of the shared injector (sandbox/faults.ts). */
export function faultPlan(config: FaultConfig): FaultPlan {
  return {
    seed: config.seed,
    latencyMs: config.latencyMs,
    // One draw: [0, rate429) answers 429, the next rate503 answers 503.
    random: [
      { rate: config.rate429, statuses: [429] },
      { rate: config.rate503, statuses: [503] },
    ],
    next: [],
    recordRate: config.lockRowRate,
    recordFailures: config.failRecords.map((f) => ({
      object: f.object,
      field: f.field,
      equals: f.equals,
      ignoreCase: true,
      code: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
      message: f.message,
    })),
  };
}

export const validationRuleSchema = z.strictObject({
  object: z.string(),
  field: z.string().optional(),
  message: z.string(),
  reject: fn<(value: unknown, record: Readonly<Record<string, unknown>>) => boolean>(),
});

export const emulatorOptionsSchema = z.strictObject({
  /** 0 = a random free port. */
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().default("127.0.0.1"),
  /** Version advertised by /services/data; every `vNN.N` path is served regardless. */
  apiVersion: z
    .string()
    .regex(/^\d{2}\.\d$/)
    .default("62.0"),
  dailyApiLimit: z.number().int().positive().default(100_000),
  /** Injectable clock (epoch ms or Date); default Date.now. */
  now: fn<() => number | Date>().optional(),
  /** Same as `now`, as an object with a `now()` method (e.g. a shared test clock). */
  clock: z
    .custom<{ now: () => number | Date }>((v) => typeof (v as { now?: unknown })?.now === "function")
    .optional(),
  /** Default query batch size (Salesforce: 2,000; Sforce-Query-Options may lower it, min 200). */
  batchSize: z.number().int().min(1).max(2000).default(2000),
  /**
   * Most rows per Bulk 2.0 query results page, also when the client asks for more with maxRecords:
   * Salesforce bounds pages by size too, so clients must follow Sforce-Locator, not count rows.
   */
  bulkQueryPageSize: z.number().int().positive().default(50_000),
  /** Lifetime of tokens issued by the token endpoint. */
  tokenTtlSeconds: z.number().positive().default(7200),
  /** Pre-issued access token for the integration user (sandbox mode); never expires unless told. */
  accessToken: z.string().min(1).default("00D000000000001!SANDBOX.integration-token"),
  /** Pre-issued refresh token (a real org issues one through the web-server flow). */
  refreshToken: z.string().min(1).default("5Aep861SANDBOX.refresh-token"),
  /** Connected-app consumer key / secret. */
  clientId: z.string().min(1).default("sandbox-consumer-key"),
  clientSecret: z.string().min(1).default("sandbox-consumer-secret"),
  /** Integration user's login, for the password and JWT flows. */
  username: z.string().default("integration@partner-incentives.sandbox"),
  password: z.string().default("sandbox-password"),
  /** JWT bearer flow: PEM certificate or public key the RS256 assertion is verified against. */
  jwtCertificate: z.string().optional(),
  /** Accepted `aud` values; the emulator's own URL is always accepted too. */
  jwtAudiences: z.array(z.string()).default(["https://login.salesforce.com", "https://test.salesforce.com"]),
  customObjects: z.array(customObjectSchema).default([]),
  customFields: z.array(customFieldSchema).default([]),
  validationRules: z.array(validationRuleSchema).default([]),
  /**
   * Report types and reports the Analytics REST API runs: `loadReportPackage()` of
   * connectors/salesforce/report-definitions.ts, which validates the package XML.
   */
  reports: z
    .strictObject({
      reportTypes: z.array(z.custom<ReportTypeDefinition>((v) => typeof v === "object" && v !== null)),
      reports: z.array(z.custom<ReportDefinition>((v) => typeof v === "object" && v !== null)),
    })
    .default({ reportTypes: [], reports: [] }),
  faults: faultConfigSchema.default(faultConfigSchema.parse({})),
  /** Seed the org from sandbox/demo-data.ts at start. */
  seed: z.strictObject(demoSeedShape).optional(),
});

export type EmulatorOptions = z.input<typeof emulatorOptionsSchema>;
export type ResolvedOptions = z.output<typeof emulatorOptionsSchema>;
