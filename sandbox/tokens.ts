// Access and refresh tokens of both emulators' OAuth endpoints, kept once. Each emulator says
// what its tokens look like (`mint`) and answers its own token routes; tokens expire by the
// emulator's injectable clock (Salesforce then answers 401 INVALID_SESSION_ID, HubSpot 401
// EXPIRED_AUTHENTICATION).
export interface Session {
  userId: string;
  /** Epoch ms; null = never expires (pre-issued tokens). */
  expiresAt: number | null;
}

export interface TokenMint {
  access: () => string;
  refresh: () => string;
}

export class TokenStore {
  private readonly access = new Map<string, Session>();
  private readonly refresh = new Map<string, string>();
  private readonly mint: TokenMint;

  constructor(mint: TokenMint) {
    this.mint = mint;
  }

  issue(userId: string, expiresAt: number | null, token?: string): string {
    const value = token ?? this.mint.access();
    this.access.set(value, { userId, expiresAt });
    return value;
  }

  issueRefresh(userId: string, token?: string): string {
    const value = token ?? this.mint.refresh();
    this.refresh.set(value, userId);
    return value;
  }

  /** The session of an issued access token, expired or not. */
  session(token: string): Session | undefined {
    return this.access.get(token);
  }

  /** The user a live access token stands for; null when unknown or expired. */
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
