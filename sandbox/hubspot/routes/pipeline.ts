// The request pipeline every API route runs through, in HubSpot's order: call accounting,
// added latency, authentication (401 before any limit is spent), injected faults, rate limits
// (headers on every answer, 429 when spent), then the handler. Errors thrown by handlers are
// rendered as HubSpot JSON error bodies.
import type { Express, NextFunction, Request, Response } from "express";
import { errorBody, HubSpotApiError, sendJson } from "../errors.ts";
import { type RatePolicy, rateLimitBody } from "../rate-limit.ts";
import type { EmulatorContext } from "./context.ts";

const STATUS_TEXT: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** An injected fault as HubSpot answers it: a 429 carries the rate-limit body of its policy. */
function faultBody(status: number, policy: RatePolicy): Record<string, unknown> {
  if (status === 429) return rateLimitBody(policy);
  return { ...errorBody("INTERNAL_ERROR", STATUS_TEXT[status] ?? "Server error") };
}

export type Handler = (req: Request, res: Response) => void | Promise<void>;
type Method = "get" | "post" | "put" | "patch" | "delete";

// https://developers.hubspot.com/docs/api-reference/error-handling (401 INVALID_AUTHENTICATION)
const AUTH_MESSAGE =
  "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview";

interface Caller {
  token: string;
  oauth: boolean;
}

function authenticate(ctx: EmulatorContext, req: Request): Caller {
  const header = req.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  const token = match?.[1]?.trim();
  if (!token) throw new HubSpotApiError(401, { ...errorBody("INVALID_AUTHENTICATION", AUTH_MESSAGE) });
  if (ctx.options.accessTokens.includes(token)) return { token, oauth: false };
  const expires = ctx.tokens.session(token)?.expiresAt;
  if (expires != null) {
    const now = ctx.state.now();
    if (now < expires) return { token, oauth: true };
    const minutes = Math.max(1, Math.floor((now - expires) / 60_000));
    throw new HubSpotApiError(401, {
      ...errorBody(
        "EXPIRED_AUTHENTICATION",
        `The OAuth token used to make this call expired ${minutes} minute(s) ago.`,
      ),
    });
  }
  throw new HubSpotApiError(401, { ...errorBody("INVALID_AUTHENTICATION", AUTH_MESSAGE) });
}

/** The user an API call's writes are attributed to (see options.users). */
function userIdOf(ctx: EmulatorContext, caller: Caller): string {
  const users = ctx.options.users;
  if (caller.oauth) return String(users.oauthUserId);
  return String(users.byToken[caller.token] ?? users.integrationUserId);
}

export function renderError(res: Response, error: unknown): void {
  if (res.headersSent) return;
  if (error instanceof HubSpotApiError) {
    sendJson(res, error.status, error.body);
    return;
  }
  sendJson(res, 500, errorBody("INTERNAL_ERROR", error instanceof Error ? error.message : "internal error"));
}

export function apiRoute(
  app: Express,
  ctx: EmulatorContext,
  method: Method,
  path: string,
  handler: Handler,
  opts: { search?: boolean; public?: boolean } = {},
): void {
  app[method](path, async (req: Request, res: Response) => {
    const endpoint = endpointTemplate(path, req.params as Record<string, string>);
    res.on("finish", () => ctx.calls.record(req.method, endpoint, res.statusCode));
    try {
      await ctx.faults.delay();
      if (!opts.public) {
        const caller = authenticate(ctx, req);
        res.locals.hsUserId = userIdOf(ctx, caller);
        const fault = ctx.faults.requestFault(req.path);
        if (fault) {
          sendJson(
            res,
            fault.status,
            faultBody(fault.status, fault.tag ?? ctx.faults.config.rateLimitPolicy),
          );
          return;
        }
        const decision = ctx.limiter.take(caller.token, {
          search: opts.search ?? false,
          oauth: caller.oauth,
        });
        res.set(decision.headers);
        if (decision.limited) {
          sendJson(res, 429, rateLimitBody(decision.limited));
          return;
        }
      }
      await handler(req, res);
    } catch (error) {
      renderError(res, error);
    }
  });
}

/** Malformed JSON bodies and unknown paths, shaped like HubSpot's answers. */
export function fallbackHandlers(app: Express, ctx: EmulatorContext): void {
  app.use((req: Request, res: Response) => {
    res.on("finish", () => ctx.calls.record(req.method, "(unmatched)", res.statusCode));
    sendJson(res, 404, errorBody("OBJECT_NOT_FOUND", `Resource not found: ${req.method} ${req.path}`));
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const parseFailure =
      error instanceof SyntaxError || (error as { type?: string })?.type === "entity.parse.failed";
    if (parseFailure) {
      res.on("finish", () => ctx.calls.record(req.method, "(unparsable body)", res.statusCode));
      sendJson(
        res,
        400,
        errorBody("VALIDATION_ERROR", `Invalid input JSON on line 1: ${(error as Error).message}`),
      );
      return;
    }
    renderError(res, error);
  });
}

const KEEP_LITERAL = new Set(["objectType", "fromObjectType", "toObjectType"]);

/**
 * `/crm/v3/objects/:objectType/:objectId` with params → `/crm/v3/objects/deals/{objectId}`.
 * Unmatched paths are reported as "(unmatched)".
 */
export function endpointTemplate(routePath: string | undefined, params: Record<string, string>): string {
  if (!routePath) return "(unmatched)";
  return routePath.replace(/:(\w+)/g, (_m, name: string) =>
    KEEP_LITERAL.has(name) && params[name] !== undefined ? params[name] : `{${name}}`,
  );
}
