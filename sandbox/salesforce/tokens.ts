// Access and refresh tokens. Tokens issued by the token endpoint expire after tokenTtlSeconds by
// the injectable clock; a Salesforce session answers 401 INVALID_SESSION_ID once expired.
import { randomBytes } from "node:crypto";

interface Session {
  userId: string;
  expiresAt: number | null;
}

export class TokenStore {
  private readonly access = new Map<string, Session>();
  private readonly refresh = new Map<string, string>();
  private readonly orgId: string;

  constructor(orgId: string) {
    this.orgId = orgId;
  }

  /** Salesforce access tokens start with the org id and `!`. */
  issue(userId: string, expiresAt: number | null, token?: string): string {
    const value = token ?? `${this.orgId.slice(0, 15)}!${randomBytes(24).toString("base64url")}`;
    this.access.set(value, { userId, expiresAt });
    return value;
  }

  issueRefresh(userId: string, token?: string): string {
    const value = token ?? `5Aep861${randomBytes(24).toString("base64url")}`;
    this.refresh.set(value, userId);
    return value;
  }

  userFor(token: string, now: number): string | null {
    const session = this.access.get(token);
    if (!session) return null;
    if (session.expiresAt !== null && now >= session.expiresAt) return null;
    return session.userId;
  }

  refreshUser(token: string): string | null {
    return this.refresh.get(token) ?? null;
  }

  /** Make every issued access token invalid (tests: simulate session expiry). */
  expireAll(): void {
    this.access.clear();
  }

  revoke(token: string): void {
    this.access.delete(token);
    this.refresh.delete(token);
  }
}
