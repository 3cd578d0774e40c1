// The last middleware: every failure leaves as `{ error: { code, message, errors? } }`.
// Unexpected errors are logged with their stack and answered with a generic 500; their messages
// never reach the client.
import type { ErrorRequestHandler, RequestHandler } from "express";
import { errorBody, HttpError, PortUnavailableError } from "../errors.ts";
import { context } from "./context.ts";

interface BodyParserError {
  type: string;
  status: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { type?: unknown }).type === "string" &&
    typeof (error as { status?: unknown }).status === "number"
  );
}

function toHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof PortUnavailableError) return new HttpError("NOT_AVAILABLE", error.message);
  if (isBodyParserError(error)) {
    switch (error.type) {
      case "entity.too.large":
        return new HttpError("PAYLOAD_TOO_LARGE", "the request body is larger than the configured limit");
      case "entity.parse.failed":
        return new HttpError("INVALID_JSON", "the request body is not valid JSON");
      case "encoding.unsupported":
      case "charset.unsupported":
        return new HttpError("UNSUPPORTED_MEDIA_TYPE", "the request body's encoding is not supported");
      default:
        if (error.status >= 400 && error.status < 500) {
          return new HttpError("VALIDATION_FAILED", "the request body could not be read");
        }
    }
  }
  return null;
}

export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const http = toHttpError(error);
  const { log } = context(req);
  if (http) {
    if (http.status >= 500) log.warn({ code: http.code }, http.message);
    res.status(http.status).set(http.headers).json(http.body());
    return;
  }
  log.error({ err: error }, "unhandled error");
  res.status(500).json(errorBody("INTERNAL", "internal error; the request id identifies it in the logs"));
};

export const notFound: RequestHandler = (req) => {
  throw new HttpError("NOT_FOUND", `no route for ${req.method} ${req.path}`);
};

/** For a path that exists under other methods. */
export function methodNotAllowed(allowed: string[]): RequestHandler {
  return (req) => {
    throw new HttpError(
      "METHOD_NOT_ALLOWED",
      `${req.method} is not allowed here; use ${allowed.join(", ")}`,
      {
        headers: { Allow: allowed.join(", ") },
      },
    );
  };
}
