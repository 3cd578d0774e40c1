// HubSpot error bodies. Shape of the v3 error model (`{status:"error", message, correlationId,
// category, subCategory?, context?, errors?}`):
// https://developers.hubspot.com/docs/api-reference/error-handling
import { randomUUID } from "node:crypto";
import type { Response } from "express";

export interface ErrorDetail {
  message: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

export interface ErrorBody {
  status: "error";
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: ErrorDetail[];
  links?: Record<string, string>;
}

/** A failure a route answers with: thrown inside handlers, rendered by the error middleware. */
export class HubSpotApiError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    super(String(body.message ?? "error"));
    this.status = status;
    this.body = body;
  }
}

export function errorBody(
  category: string,
  message: string,
  extra: Partial<Omit<ErrorBody, "status" | "message" | "category">> = {},
): ErrorBody {
  return { status: "error", message, correlationId: randomUUID(), category, ...extra };
}

export function apiError(
  status: number,
  category: string,
  message: string,
  extra: Partial<Omit<ErrorBody, "status" | "message" | "category">> = {},
): HubSpotApiError {
  return new HubSpotApiError(status, { ...errorBody(category, message, extra) });
}

export function validationError(message: string, errors?: ErrorDetail[]): HubSpotApiError {
  return apiError(400, "VALIDATION_ERROR", message, errors ? { errors } : {});
}

export function objectNotFound(objectType: string, id: string): HubSpotApiError {
  return apiError(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.", {
    context: { id: [id], objectType: [objectType] },
  });
}

export const JSON_CONTENT_TYPE = "application/json;charset=utf-8";

/** The generated client parses bodies by Content-Type and throws when it is absent. */
export function sendJson(res: Response, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body), "utf8");
  res.statusCode = status;
  // Set directly: express's res.set would rewrite it as "application/json; charset=utf-8".
  res.setHeader("Content-Type", JSON_CONTENT_TYPE);
  res.setHeader("Content-Length", payload.length);
  res.end(payload);
}

export function sendNoContent(res: Response): void {
  res.status(204).end();
}
