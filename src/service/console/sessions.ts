// Console sessions: the admin token is exchanged once (POST /api/session) for a random session id
// carried in an HttpOnly, SameSite=Strict cookie (Secure over TLS), valid for SESSION_TTL_MS.
// The store keeps only the id's SHA-256 digest (so revocation — sign out — holds on every
// replica). The CSRF token is an HMAC of the session id under a key derived from ADMIN_TOKEN: it
// needs no storage, the page can ask for it again after a reload, and rotating ADMIN_TOKEN voids
// every session's CSRF token along with the API token.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Request } from "express";

export const SESSION_COOKIE = "incentives_session";
/** A working day; the console asks for the token again after that. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const CSRF_HEADER = "x-csrf-token";

/** What the service needs from wherever sessions are kept (the store, or memory in tests). */
export interface SessionStore {
  create(session: { idHash: string; userName: string; expiresAt: Date }): Promise<void>;
  active(idHash: string): Promise<{ userName: string; expiresAt: string } | null>;
  revoke(idHash: string): Promise<boolean>;
}

export interface Session {
  idHash: string;
  userName: string;
  expiresAt: string;
  csrfToken: string;
}

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

/** Sessions kept in this process only (unit tests; a store-less service). */
export function createMemorySessionStore(clock: () => number = Date.now): SessionStore {
  const sessions = new Map<string, { userName: string; expiresAt: Date; revoked: boolean }>();
  return {
    async create(s) {
      sessions.set(s.idHash, { userName: s.userName, expiresAt: s.expiresAt, revoked: false });
    },
    async active(idHash) {
      const s = sessions.get(idHash);
      if (!s || s.revoked || s.expiresAt.getTime() <= clock()) return null;
      return { userName: s.userName, expiresAt: s.expiresAt.toISOString() };
    },
    async revoke(idHash) {
      const s = sessions.get(idHash);
      if (!s || s.revoked) return false;
      s.revoked = true;
      return true;
    },
  };
}

export interface Sessions {
  /** A new session for `userName`: the cookie value to set and the session. */
  open(userName: string): Promise<{ cookie: string; session: Session }>;
  /** The session the request's cookie names, or null (no cookie, unknown, expired, revoked). */
  fromRequest(req: Request): Promise<Session | null>;
  /** True when the request carries the session's CSRF token. */
  csrfMatches(req: Request, session: Session): boolean;
  close(req: Request): Promise<void>;
}

export function createSessions(adminToken: string, store: SessionStore, clock: () => number = Date.now) {
  const key = createHmac("sha256", adminToken).update("incentives console csrf v1").digest();
  const csrfFor = (id: string) => createHmac("sha256", key).update(id).digest("base64url");
  const cookieOf = (req: Request): string | null => {
    const header = req.headers.cookie;
    if (!header) return null;
    for (const part of header.split(";")) {
      const eq = part.indexOf("=");
      if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
        const value = part.slice(eq + 1).trim();
        // Our ids are 43 base64url characters; anything else cannot be one of ours.
        return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
      }
    }
    return null;
  };
  const sessions: Sessions = {
    async open(userName) {
      const id = randomBytes(32).toString("base64url");
      const expiresAt = new Date(clock() + SESSION_TTL_MS);
      await store.create({ idHash: sha256(id), userName, expiresAt });
      return {
        cookie: id,
        session: { idHash: sha256(id), userName, expiresAt: expiresAt.toISOString(), csrfToken: csrfFor(id) },
      };
    },
    async fromRequest(req) {
      const id = cookieOf(req);
      if (!id) return null;
      const found = await store.active(sha256(id));
      return found ? { idHash: sha256(id), ...found, csrfToken: csrfFor(id) } : null;
    },
    csrfMatches(req, session) {
      const sent = req.get(CSRF_HEADER);
      if (!sent) return false;
      const a = Buffer.from(sha256(sent));
      const b = Buffer.from(sha256(session.csrfToken));
      return timingSafeEqual(a, b);
    },
    async close(req) {
      const id = cookieOf(req);
      if (id) await store.revoke(sha256(id));
    },
  };
  return sessions;
}
