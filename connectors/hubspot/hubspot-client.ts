// Builds the @hubspot/api-client Client the connector talks through. Auth is set per request by
// our own middleware (so an OAuth access token can be refreshed without rebuilding the client),
// and every response's rate-limit headers are fed to the call policy.
import http from "node:http";
import https from "node:https";
import { Client } from "@hubspot/api-client";
import type { HubSpotConfig } from "./config.ts";
import { HubSpotError } from "./errors.ts";
import { timeoutAgent } from "./timeouts.ts";

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
      // Plain node:http rather than client.apiRequest: apiRequest applies the process-wide
      // decorator list at call time, so another Client's retry settings would leak into ours.
      // Not fetch either: through the client's agent, these calls get the same two timers as
      // every other (HUBSPOT_CONNECT_TIMEOUT_MS, HUBSPOT_RESPONSE_TIMEOUT_MS). fetch has one
      // deadline for both and undici's own 10 s connect timeout, so a host that never completed
      // the handshake ignored the configured one and failed as "fetch failed"
      // (test/hostile/connect-timeout.test.ts).
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const url = new URL(`${config.basePath}${path}`);
      const send = url.protocol === "https:" ? https.request : http.request;
      const token = await tokens.token();
      const res = await new Promise<{ status: number; headers: Record<string, string>; text: string }>(
        (resolve, reject) => {
          const req = send(
            url,
            {
              method,
              agent,
              headers: {
                Authorization: `Bearer ${token}`,
                Accept: "application/json",
                ...(payload === undefined
                  ? {}
                  : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }),
              },
            },
            (response) => {
              response.setEncoding("utf8");
              let text = "";
              response.on("data", (chunk: string) => {
                text += chunk;
              });
              response.on("end", () =>
                resolve({
                  status: response.statusCode ?? 0,
                  headers: headersToRecord(response.headers),
                  text,
                }),
              );
              // A body cut short (the agent's response timer, a reset) rejects with its cause.
              response.on("error", reject);
            },
          );
          req.on("error", reject);
          req.end(payload);
        },
      );
      onResponse(res.headers);
      let parsed: unknown;
      try {
        parsed = res.text ? JSON.parse(res.text) : undefined;
      } catch {
        parsed = { message: res.text.slice(0, 500) };
      }
      if (res.status >= 300)
        throw Object.assign(new Error(`HTTP ${res.status}`), {
          code: res.status,
          body: parsed,
          headers: res.headers,
        });
      return parsed;
    },
  };
  tokens.bindOAuth(() => apis.oauth);
  return apis;
}
