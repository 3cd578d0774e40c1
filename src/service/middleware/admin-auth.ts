// Admin API auth: a bearer token (scripts, curl) or a console session cookie (the browser). No
// token configured means the admin API and the console are off, not open: every /api route
// answers 404 ADMIN_API_DISABLED. Tokens are compared in constant time over their SHA-256
// digests, so neither content nor length leaks through timing. A request authenticated by its
// session cookie must also carry the session's CSRF token on every state-changing method; the
// cookie alone (which a browser attaches by itself) never changes anything.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";
import type { Sessions } from "../console/sessions.ts";
import { HttpError } from "../errors.ts";

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Who made an authenticated request: the console user's name, or "api token". */
const actors = new WeakMap<Request, string>();
export const actorOf = (req: Request): string => actors.get(req) ?? "api token";

/** True when `candidate` is the admin token (constant time). */
export function tokenMatches(adminToken: string, candidate: string): boolean {
  return timingSafeEqual(digest(candidate), digest(adminToken));
}

export function adminAuth(adminToken: string | null, sessions?: Sessions | null): RequestHandler {
  const expected = adminToken === null ? null : digest(adminToken);
  return async (req, _res, next) => {
    if (expected === null) {
      throw new HttpError("ADMIN_API_DISABLED", "the admin API is disabled: set ADMIN_TOKEN to enable it");
    }
    const header = req.get("authorization");
    if (!header && sessions && req.headers.cookie) {
      const session = await sessions.fromRequest(req);
      if (!session) {
        throw new HttpError("UNAUTHORIZED", "the console session is not valid or has expired; sign in again");
      }
      if (!SAFE_METHODS.has(req.method)) {
        if (!req.get("x-csrf-token")) {
          throw new HttpError("CSRF_TOKEN_MISSING", "a state-changing request needs the X-CSRF-Token header");
        }
        if (!sessions.csrfMatches(req, session)) {
          throw new HttpError("CSRF_TOKEN_INVALID", "the X-CSRF-Token header does not match the session");
        }
      }
      actors.set(req, session.userName);
      next();
      return;
    }
    const match = /^Bearer ([^\s]+)$/i.exec((header ?? "").trim());
    if (!match?.[1]) {
      throw new HttpError("UNAUTHORIZED", "a bearer token is required", {
        headers: { "WWW-Authenticate": 'Bearer realm="incentives-admin"' },
      });
    }
    if (!timingSafeEqual(digest(match[1]), expected)) {
      throw new HttpError("UNAUTHORIZED", "the bearer token is not valid", {
        headers: { "WWW-Authenticate": 'Bearer realm="incentives-admin", error="invalid_token"' },
      });
    }
    next();
  };
}
