// The console's sign-in: POST /api/session { token, name } exchanges the admin token for a
// session cookie (the token travels once, in a JSON body — never a URL — and is never echoed or
// logged); GET /api/session says who is signed in and hands the page its CSRF token again after a
// reload; DELETE /api/session signs out (CSRF token required, like every state change).
import type { CookieOptions, Request, RequestHandler, Response } from "express";
import { z } from "zod";
import { SESSION_COOKIE, type Session, type Sessions } from "../../console/sessions.ts";
import { HttpError } from "../../errors.ts";
import { tokenMatches } from "../../middleware/admin-auth.ts";
import { context } from "../../middleware/context.ts";
import { validated } from "../../middleware/validate.ts";

const body = z.strictObject({
  token: z.string().min(1).max(1000),
  name: z.string().trim().min(1, "say who you are: the change history records it").max(80),
});

/** Failed sign-ins allowed per client address per minute (the token is long; this stops noise). */
const MAX_FAILURES = 10;

export interface SessionRouteOptions {
  adminToken: string | null;
  sessions: Sessions;
  /** https PUBLIC_URL: cookies are Secure even when a proxy hides the scheme. */
  publicUrl: string | null;
  clock?: () => number;
}

const view = (s: Session) => ({ user: s.userName, csrfToken: s.csrfToken, expiresAt: s.expiresAt });

function cookieOptions(req: Request, publicUrl: string | null, expires?: string): CookieOptions {
  return {
    httpOnly: true,
    sameSite: "strict",
    secure: req.secure || (publicUrl?.startsWith("https:") ?? false),
    path: "/",
    ...(expires ? { expires: new Date(expires) } : {}),
  };
}

function disabled(adminToken: string | null): asserts adminToken is string {
  if (adminToken === null) {
    throw new HttpError("ADMIN_API_DISABLED", "the admin console is disabled: set ADMIN_TOKEN to enable it");
  }
}

async function required(req: Request, sessions: Sessions): Promise<Session> {
  const session = await sessions.fromRequest(req);
  if (!session) throw new HttpError("UNAUTHORIZED", "not signed in (or the session expired)");
  return session;
}

export function sessionRoutes(options: SessionRouteOptions): {
  create: RequestHandler;
  get: RequestHandler;
  remove: RequestHandler;
} {
  const { sessions, publicUrl } = options;
  const clock = options.clock ?? Date.now;
  const failures = new Map<string, { count: number; resetAt: number }>();
  return {
    create: validated({ body }, async ({ body }, req, res: Response) => {
      disabled(options.adminToken);
      const client = req.ip ?? "unknown";
      const seen = failures.get(client);
      if (seen && seen.resetAt > clock() && seen.count >= MAX_FAILURES) {
        throw new HttpError("TOO_MANY_REQUESTS", "too many failed sign-ins; wait a minute");
      }
      if (!tokenMatches(options.adminToken, body.token)) {
        const entry = seen && seen.resetAt > clock() ? seen : { count: 0, resetAt: clock() + 60_000 };
        entry.count++;
        failures.set(client, entry);
        context(req).log.warn({ client }, "console sign-in refused: wrong admin token");
        throw new HttpError("UNAUTHORIZED", "that is not the admin token");
      }
      failures.delete(client);
      const { cookie, session } = await sessions.open(body.name);
      res.cookie(SESSION_COOKIE, cookie, cookieOptions(req, publicUrl, session.expiresAt));
      context(req).log.info({ user: session.userName }, "console sign-in");
      res.status(201).json(view(session));
    }),
    get: async (req, res) => {
      disabled(options.adminToken);
      res.json(view(await required(req, sessions)));
    },
    remove: async (req, res) => {
      disabled(options.adminToken);
      const session = await required(req, sessions);
      if (!sessions.csrfMatches(req, session)) {
        throw new HttpError(
          req.get("x-csrf-token") ? "CSRF_TOKEN_INVALID" : "CSRF_TOKEN_MISSING",
          "signing out needs the session's X-CSRF-Token header",
        );
      }
      await sessions.close(req);
      res.clearCookie(SESSION_COOKIE, cookieOptions(req, publicUrl));
      context(req).log.info({ user: session.userName }, "console sign-out");
      res.status(204).end();
    },
  };
}
