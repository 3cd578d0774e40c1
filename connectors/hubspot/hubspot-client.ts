// Builds the @hubspot/api-client Client the connector talks through. Auth is set per request by
// our own middleware (so an OAuth access token can be refreshed without rebuilding the client),
// and every response's rate-limit headers are fed to the call policy.
import { Client } from "@hubspot/api-client";
import type { HubSpotConfig } from "./config.ts";
import { HubSpotError } from "./errors.ts";
import { HubSpotTimeoutError, timeoutAgent } from "./timeouts.ts";

export interface HubSpotApis {
  objects: Client["crm"]["objects"];
  properties: Client["crm"]["properties"];
  associationsV4: Client["crm"]["associations"]["v4"];
  oauth: Client["oauth"];
  /** A JSON request for what the typed models cannot express; throws like ApiException on non-2xx. */
  raw(method: string, path: string, body?: unknown): Promise<unknown>;
  /** Closes the keep-alive sockets the client's agent holds. */
  close(): void;
}

export function headersToRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== "object") return out;
  const h = headers as { forEach?: (cb: (v: string, k: string) => void) => void };
  if (typeof h.forEach === "function" && !(headers instanceof Map) && !Array.isArray(headers)) {
    h.forEach((v, k) => {
      out[k.toLowerCase()] = String(v);
    });
    if (Object.keys(out).length > 0) return out;
  }
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
}

/** Holds the current access token; for OAuth, refreshes it when missing or expired. */
export class TokenSource {
  readonly #auth: HubSpotConfig["auth"];
  readonly #now: () => number;
  #token: string | undefined;
  #expiresAt = 0;
  #refreshing: Promise<string> | undefined;
  #oauth: (() => HubSpotApis["oauth"]) | undefined;

  constructor(auth: HubSpotConfig["auth"], now: () => number) {
    this.#auth = auth;
    this.#now = now;
    if (auth.kind === "private-app") this.#token = auth.accessToken;
  }

  bindOAuth(oauth: () => HubSpotApis["oauth"]): void {
    this.#oauth = oauth;
  }

  /** Every secret this source knows, for scrubbing. */
  secrets(): string[] {
    const a = this.#auth;
    const s = a.kind === "private-app" ? [a.accessToken] : [a.clientSecret, a.refreshToken];
    if (this.#token) s.push(this.#token);
    return s;
  }

  /** Forgets an OAuth access token after a 401; returns whether a refresh can help. */
  invalidate(): boolean {
    if (this.#auth.kind !== "oauth") return false;
    this.#token = undefined;
    return true;
  }

  async token(): Promise<string> {
    if (this.#auth.kind === "private-app") return this.#auth.accessToken;
    if (this.#token && this.#now() < this.#expiresAt - 60_000) return this.#token;
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<string> {
    const auth = this.#auth;
    if (auth.kind !== "oauth" || !this.#oauth)
      throw new HubSpotError("HUBSPOT_AUTH", "no OAuth client bound");
    try {
      // https://developers.hubspot.com/docs/api/oauth/tokens (POST /oauth/v1/token, refresh_token grant)
      const res = await this.#oauth().tokensApi.create(
        "refresh_token",
        undefined,
        undefined,
        auth.clientId,
        auth.clientSecret,
        auth.refreshToken,
      );
      this.#token = res.accessToken;
      this.#expiresAt = this.#now() + res.expiresIn * 1_000;
      return res.accessToken;
    } catch (error) {
      const status = (error as { code?: unknown }).code;
      // Never echo the client's exception text: the form body it sent carries the refresh token.
      throw new HubSpotError("HUBSPOT_AUTH", `HubSpot OAuth token refresh failed (status ${String(status)})`);
    }
  }
}

export function createHubSpotApis(
  config: HubSpotConfig,
  tokens: TokenSource,
  onResponse: (headers: Record<string, string>) => void,
): HubSpotApis {
  // Connect and response timeouts on every call (issue #20); without an agent the client's
  // fetch waits up to 300 s for a CRM that never answers.
  const agent = timeoutAgent(config.basePath, config.timeouts);
  const client = new Client({
    basePath: config.basePath,
    httpAgent: agent,
    // numberOfApiCallRetries deliberately unset: CallPolicy owns retries.
    middleware: [
      {
        async pre(ctx: unknown) {
          const c = ctx as { getUrl(): string; setHeaderParam(k: string, v: string): void };
          // The token endpoint authenticates with the form body, not a bearer token.
          if (!c.getUrl().includes("/oauth/v1/token")) {
            c.setHeaderParam("Authorization", `Bearer ${await tokens.token()}`);
          }
          return ctx;
        },
        post(ctx: unknown) {
          onResponse(headersToRecord((ctx as { headers?: unknown }).headers));
          return ctx;
        },
      },
    ],
  });
  // Decorators live on a process-wide singleton and are applied when a discovery object is first
  // built: build ours now, while this client's (empty) decorator list is the current one.
  const apis: HubSpotApis = {
    objects: client.crm.objects,
    properties: client.crm.properties,
    associationsV4: client.crm.associations.v4,
    oauth: client.oauth,
    close: () => agent.destroy(),
    async raw(method, path, body) {
      // Plain fetch rather than client.apiRequest: apiRequest applies the process-wide decorator
      // list at call time, so another Client's retry settings would leak into ours.
      // One deadline for connect and response together (fetch has no separate knobs), the
      // response timeout: a dead portal costs the same per attempt on both paths.
      const deadline = config.timeouts.responseMs;
      const timedOut = (error: unknown): never => {
        // A DOMException's numeric `code` (23) would pass for an HTTP status: give it ours.
        if ((error as { name?: unknown }).name === "TimeoutError")
          throw new HubSpotTimeoutError(`HubSpot did not answer within ${deadline} ms`);
        throw error;
      };
      const res = await fetch(`${config.basePath}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${await tokens.token()}`,
          "Content-Type": "application/json",
          Accept: "application/json",
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(deadline),
      }).catch(timedOut);
      const headers = headersToRecord(res.headers);
      onResponse(headers);
      const text = await res.text().catch(timedOut);
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = { message: text.slice(0, 500) };
      }
      if (res.status >= 300)
        throw Object.assign(new Error(`HTTP ${res.status}`), { code: res.status, body: parsed, headers });
      return parsed;
    },
  };
  tokens.bindOAuth(() => apis.oauth);
  return apis;
}
