// Typed errors with a stable `code`, and the classification of Salesforce error codes into the
// neutral FailureClass the sync layer acts on.
import type { FailureClass } from "../types.ts";

export class SalesforceConnectorError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SalesforceConnectorError";
    this.code = code;
  }
}

/** Reads stop with this when the API budget share is reached; pages already yielded stand. */
export class BudgetStopError extends SalesforceConnectorError {
  readonly used: number;
  readonly limit: number;
  constructor(used: number, limit: number, share: number) {
    super(
      "API_BUDGET_STOP",
      `Salesforce API usage ${used}/${limit} reached the configured stop share ${share}; no new work started`,
    );
    this.name = "BudgetStopError";
    this.used = used;
    this.limit = limit;
  }
}

// Codes that go away on their own: lock contention, timeouts, platform hiccups.
// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm#statuscode
const RETRYABLE = new Set([
  "UNABLE_TO_LOCK_ROW",
  "REQUEST_LIMIT_EXCEEDED",
  "REQUEST_RUNNING_TOO_LONG",
  "SERVER_UNAVAILABLE",
  "QUERY_TIMEOUT",
  "TXN_SECURITY_METERING_ERROR",
  "API_CURRENTLY_DISABLED",
  "ALL_OR_NONE_OPERATION_ROLLED_BACK",
  // The connector stopped calling an org that did not answer (runtime.ts): try again later.
  "SALESFORCE_UNREACHABLE",
  // Network failures before a response (the write may or may not have happened; resending an
  // update or upsert is idempotent).
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "UND_ERR_SOCKET",
  "NETWORK_ERROR",
  // Our own connect/response timeouts (timeouts.ts): the CRM did not answer in time.
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

// No answer at all: the network or the server did not respond (no HTTP status). A run of these
// makes the connector stop calling for a while (runtime.ts, the unreachable breaker).
const NO_ANSWER = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "UND_ERR_SOCKET",
  "NETWORK_ERROR",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

export function isNoAnswer(code: string): boolean {
  return NO_ANSWER.has(code);
}

/** What a no-answer code means, in words an operator can act on. */
export function describeNoAnswer(code: string, timeouts: { connectMs: number; responseMs: number }): string {
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      return `could not connect within ${timeouts.connectMs} ms`;
    case "UND_ERR_HEADERS_TIMEOUT":
      return `no response within ${timeouts.responseMs} ms`;
    case "UND_ERR_BODY_TIMEOUT":
      return `the response stalled for ${timeouts.responseMs} ms`;
    case "ECONNREFUSED":
      return "connection refused";
    default:
      return `no answer (${code})`;
  }
}

// An admin has to act: the mapping names a field the org lacks, the integration user lacks
// access, or the object/external id is not set up.
const CONFIG = new Set([
  "INVALID_FIELD",
  "INVALID_FIELD_FOR_INSERT_UPDATE",
  "INSUFFICIENT_ACCESS",
  "INSUFFICIENT_ACCESS_OR_READONLY",
  "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY",
  "INVALID_TYPE",
  "NOT_FOUND",
  "INVALID_SESSION_ID",
  "AUTH_FAILED",
  "API_DISABLED_FOR_ORG",
]);

export function classifySalesforceError(code: string, httpStatus?: number): FailureClass {
  if (RETRYABLE.has(code)) return "retryable";
  if (httpStatus !== undefined && (httpStatus === 429 || httpStatus >= 500)) return "retryable";
  if (code.startsWith("ERROR_HTTP_5") || code === "ERROR_HTTP_429") return "retryable";
  if (CONFIG.has(code)) return "config";
  return "permanent";
}

/** Transient codes worth retrying inside one write (as opposed to on a later run). */
export function isTransient(code: string, httpStatus?: number): boolean {
  return classifySalesforceError(code, httpStatus) === "retryable";
}

/** The Salesforce error code jsforce put on an error (errorCode/name), or a network code. */
export function errorCodeOf(error: unknown): string {
  const e = error as { errorCode?: unknown; name?: unknown; code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.errorCode === "string") return e.errorCode;
  if (typeof e?.code === "string") return e.code;
  if (typeof e?.cause?.code === "string") return e.cause.code;
  // jsforce wraps a failed refresh as a plain Error; the cause is credentials or the connected app.
  if (error instanceof Error && error.message.startsWith("Unable to refresh session")) return "AUTH_FAILED";
  // undici's fetch rejects with TypeError("fetch failed") when no response arrived.
  if (error instanceof TypeError && error.message === "fetch failed") return "NETWORK_ERROR";
  if (typeof e?.name === "string") return e.name;
  return "ERROR";
}
