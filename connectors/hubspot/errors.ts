// Typed errors with stable codes. Messages are built from HubSpot's status, category and
// message only — never from the client's own exception text, whose dumps could carry headers.
import { z } from "zod";

export type HubSpotErrorCode =
  | "HUBSPOT_DAILY_LIMIT"
  | "HUBSPOT_BUDGET_STOP"
  | "HUBSPOT_RATE_LIMITED"
  | "HUBSPOT_SERVER_ERROR"
  | "HUBSPOT_NETWORK"
  | "HUBSPOT_UNREACHABLE"
  | "HUBSPOT_AUTH"
  | "HUBSPOT_API_ERROR"
  | "HUBSPOT_BAD_RESPONSE"
  | "HUBSPOT_CURSOR_INVALID"
  | "HUBSPOT_ABORTED";

export class HubSpotError extends Error {
  readonly code: HubSpotErrorCode;
  readonly status: number | undefined;
  readonly category: string | undefined;
  readonly body: HubSpotErrorBody | undefined;
  constructor(
    code: HubSpotErrorCode,
    message: string,
    extra: { status?: number; category?: string; body?: HubSpotErrorBody } = {},
  ) {
    super(message);
    this.name = "HubSpotError";
    this.code = code;
    this.status = extra.status;
    this.category = extra.category;
    this.body = extra.body;
  }
}

/** HubSpot's error body (ModelError / StandardError), loosely: every field optional. */
export const hubSpotErrorBodySchema = z
  .object({
    status: z.string().nullish(),
    message: z.string().nullish(),
    category: z.string().nullish(),
    subCategory: z.unknown().optional(),
    policyName: z.string().nullish(),
    errorType: z.string().nullish(),
    context: z.record(z.string(), z.unknown()).nullish(),
    errors: z
      .array(
        z
          .object({
            message: z.string().nullish(),
            code: z.string().nullish(),
            context: z.record(z.string(), z.unknown()).nullish(),
          })
          .loose(),
      )
      .nullish(),
  })
  .loose();
export type HubSpotErrorBody = z.infer<typeof hubSpotErrorBodySchema>;

export interface ApiFailure {
  /** HTTP status, or 0 for a network-level failure. */
  status: number;
  body: HubSpotErrorBody | undefined;
  headers: Record<string, string>;
}

/** Reads the status/body/headers out of whatever the client threw (ApiException or fetch error). */
export function apiFailureOf(error: unknown): ApiFailure {
  const e = error as { code?: unknown; body?: unknown; headers?: unknown } | null;
  const status = typeof e?.code === "number" ? e.code : 0;
  let rawBody = e?.body;
  if (typeof rawBody === "string") {
    try {
      rawBody = JSON.parse(rawBody);
    } catch {
      rawBody = { message: rawBody };
    }
  }
  const parsed = hubSpotErrorBodySchema.safeParse(rawBody);
  const headers: Record<string, string> = {};
  if (e?.headers && typeof e.headers === "object") {
    for (const [k, v] of Object.entries(e.headers as Record<string, unknown>)) {
      if (typeof v === "string") headers[k.toLowerCase()] = v;
    }
  }
  return { status, body: parsed.success ? parsed.data : undefined, headers };
}

/** Replaces every known secret (and anything that looks like a bearer token) with `[REDACTED]`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join("[REDACTED]");
  return out
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, "Bearer [REDACTED]")
    .replace(/pat-[a-z0-9]+-[A-Za-z0-9-]+/g, "[REDACTED]");
}

export function failureMessage(f: ApiFailure, secrets: readonly string[]): string {
  const parts = [f.status ? `HubSpot ${f.status}` : "HubSpot request failed"];
  if (f.body?.category) parts.push(f.body.category);
  const detail = f.body?.message ?? (f.status === 0 ? "network error" : "no message");
  return scrubSecrets(`${parts.join(" ")}: ${detail}`, secrets);
}
