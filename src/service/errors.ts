// Typed errors with a stable `code`. Routes and middleware throw `HttpError`; the error handler
// turns it (and body-parser's errors) into the one response shape
// `{ error: { code, message, errors? } }`. Codes are part of the API: never rename one.

export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_XML: 400,
  UNAUTHORIZED: 401,
  /** A webhook without its shared secret (Salesforce Outbound Messages, issue #20). */
  WEBHOOK_UNAUTHORIZED: 401,
  FORBIDDEN_ORGANIZATION: 403,
  CSRF_TOKEN_MISSING: 403,
  CSRF_TOKEN_INVALID: 403,
  NOT_FOUND: 404,
  ADMIN_API_DISABLED: 404,
  METHOD_NOT_ALLOWED: 405,
  RUN_IN_PROGRESS: 409,
  /** A payout transition, correction or dispute resolution that does not apply (issue #16). */
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  NOT_AVAILABLE: 501,
  NOT_READY: 503,
  WEBHOOK_NOT_CONFIGURED: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem with a request or document: where (`path`, dotted) and what. */
export interface Problem {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; errors?: Problem[] };
}

export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly problems: Problem[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { problems?: Problem[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.code = code;
    this.status = ERROR_CODES[code];
    this.problems = options.problems;
    this.headers = options.headers ?? {};
  }

  body(): ErrorBody {
    return errorBody(this.code, this.message, this.problems);
  }
}

/**
 * Thrown by a port whose implementation does not exist yet (the sync layer lands later). The
 * error handler answers 501 NOT_AVAILABLE, so a caller is never told something happened.
 */
export class PortUnavailableError extends Error {
  readonly code = "NOT_AVAILABLE";
  constructor(what: string) {
    super(`${what} is not available yet: the sync layer is not wired into this build`);
    this.name = "PortUnavailableError";
  }
}

export function errorBody(code: ErrorCode, message: string, problems?: Problem[]): ErrorBody {
  return { error: problems && problems.length > 0 ? { code, message, errors: problems } : { code, message } };
}
