// What every route module receives, and the small request helpers they share.

import type { Request, Response } from "express";
import type { z } from "zod";
import type { CallAccounting } from "../../call-accounting.ts";
import type { TokenStore } from "../../tokens.ts";
import { validationError } from "../errors.ts";
import { type ObjectTypeName, resolveObjectType } from "../object-types.ts";
import type { EmulatorOptions, HubSpotFaults } from "../options.ts";
import { PortalState, type WriteOptions } from "../portal-state.ts";
import type { RateLimiter } from "../rate-limit.ts";
import type { SearchEngine } from "../search/run.ts";
import type { WebhookDispatcher } from "../webhooks.ts";

export interface EmulatorContext {
  options: EmulatorOptions;
  state: PortalState;
  search: SearchEngine;
  faults: HubSpotFaults;
  limiter: RateLimiter;
  calls: CallAccounting;
  webhooks: WebhookDispatcher | undefined;
  /** OAuth access tokens issued by /oauth/v1/token, and the refresh tokens (they do not rotate). */
  tokens: TokenStore;
}

/** Parses a body with a zod schema; failures answer 400 VALIDATION_ERROR like HubSpot's input checks. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first?.path.length ? first.path.join(".") : "body";
  throw validationError(`Invalid input JSON: ${where}: ${first?.message ?? "invalid"}`, [
    ...parsed.error.issues.map((i) => ({
      message: `${i.path.join(".") || "body"}: ${i.message}`,
      code: "INVALID_INPUT",
      in: i.path.join(".") || "body",
    })),
  ]);
}

/** A repeated (`?p=a&p=b`) or comma-separated (`?p=a,b`) query parameter. */
export function listParam(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const raw = Array.isArray(value) ? value : [value];
  const out = raw
    .flatMap((v) => String(v).split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  return out;
}

export function boolParam(value: unknown): boolean {
  return String(Array.isArray(value) ? value[0] : value).toLowerCase() === "true";
}

export function stringParam(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return String(Array.isArray(value) ? value[0] : value);
}

export function objectTypeOf(req: Request, param = "objectType"): ObjectTypeName {
  const raw = String(req.params[param] ?? "");
  const t = resolveObjectType(raw);
  if (!t) throw PortalState.unknownType(raw);
  return t;
}

export function associationTypesParam(value: unknown): ObjectTypeName[] | undefined {
  const list = listParam(value);
  return list?.map((v) => resolveObjectType(v)).filter((t): t is ObjectTypeName => t !== undefined);
}

/** Write options of an API call: attributed to the caller's user (set by the pipeline). */
export function apiWrite(res: Response): WriteOptions {
  const userId = res.locals.hsUserId as string | undefined;
  return userId === undefined ? { source: "api" } : { source: "api", userId };
}
