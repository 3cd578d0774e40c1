// Builds the jsforce Connection for each auth variant. Token-based variants share one refresh
// function, which jsforce's session-refresh delegate calls on a 401 and then replays the request.
// A token that is rejected right after it was issued is not refreshed again (jsforce would loop).
import { Connection, OAuth2 } from "jsforce";
import { z } from "zod";
import type { SalesforceConfig } from "./config.ts";
import { SalesforceConnectorError } from "./errors.ts";
import { buildJwtAssertion } from "./jwt.ts";
import type { Logger } from "./logger.ts";

// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_endpoints.htm
const tokenResponse = z.object({
  access_token: z.string().min(1),
  instance_url: z.url(),
  id: z.string().optional(),
});

/**
 * The JWT `aud` must be the authorization server: login.salesforce.com for production,
 * test.salesforce.com for sandboxes, even when tokens are requested from a My Domain URL.
 * Any other login URL (an Experience Cloud site, the local emulator) is its own audience.
 */
export function jwtAudience(loginUrl: string): string {
  const host = new URL(loginUrl).hostname;
  if (host === "test.salesforce.com" || host.endsWith(".sandbox.my.salesforce.com"))
    return "https://test.salesforce.com";
  if (host === "login.salesforce.com" || host.endsWith(".my.salesforce.com"))
    return "https://login.salesforce.com";
  return new URL(loginUrl).origin;
}

export interface AuthDeps {
  logger: Logger;
  now: () => number;
}

export interface SalesforceSession {
  conn: Connection;
  /** Obtains the first token for token-based variants; a no-op once a token is held. */
  ensureSession(): Promise<void>;
  /** How many times a token was obtained (first login included). */
  tokenRequests(): number;
  /** Fed every REST response status; a non-401 after a refresh proves the new token works. */
  noteResponse(status: number): void;
  /** The integration user's id from the token's identity URL (`…/id/<org>/<user>`), once known. */
  userId(): string | null;
}

/** The user id at the end of an identity URL (`https://…/id/<orgId>/<userId>`), if it is one. */
export function userIdFrom(identityUrl: string | undefined): string | null {
  const last = identityUrl?.split("/").filter(Boolean).at(-1);
  return last && /^005[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(last) ? last : null;
}

export function createSession(config: SalesforceConfig, deps: AuthDeps): SalesforceSession {
  const auth = config.auth;
  const version = config.apiVersion;
  if (auth.kind === "access_token") {
    // Tests and sandboxes: no way to refresh, so a 401 surfaces as INVALID_SESSION_ID.
    const conn = new Connection({ instanceUrl: auth.instanceUrl, accessToken: auth.accessToken, version });
    return {
      conn,
      ensureSession: async () => {},
      tokenRequests: () => 0,
      noteResponse: () => {},
      userId: () => null,
    };
  }

  const oauth2 =
    auth.kind === "jwt"
      ? new OAuth2({ loginUrl: auth.loginUrl })
      : new OAuth2({
          loginUrl: auth.loginUrl,
          clientId: auth.clientId,
          ...(auth.clientSecret !== undefined ? { clientSecret: auth.clientSecret } : {}),
        });

  let requests = 0;
  let userId: string | null = null;
  // Set by a refresh, cleared by the next non-401 response: a second refresh while it is still
  // set means the freshly issued token was rejected too, and refreshing again would loop.
  let refreshUnproven = false;

  async function requestToken(): Promise<z.infer<typeof tokenResponse>> {
    let raw: unknown;
    try {
      switch (auth.kind) {
        case "jwt": {
          // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
          const assertion = buildJwtAssertion(
            {
              consumerKey: auth.consumerKey,
              username: auth.username,
              audience: auth.audience ?? jwtAudience(auth.loginUrl),
              nowSeconds: Math.floor(deps.now() / 1000),
            },
            auth.privateKey,
          );
          raw = await oauth2.requestToken({
            grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
            assertion,
          });
          break;
        }
        case "client_credentials":
          // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm
          raw = await oauth2.requestToken({ grant_type: "client_credentials" });
          break;
        case "refresh_token":
          // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
          raw = await oauth2.refreshToken(auth.refreshToken);
          break;
      }
    } catch (error) {
      // jsforce maps the token endpoint's {error, error_description}; neither contains secrets.
      const e = error as { name?: string; message?: string };
      throw new SalesforceConnectorError(
        "AUTH_FAILED",
        `Salesforce ${auth.kind} token request failed: ${e.name ?? "error"}: ${e.message ?? ""}`,
      );
    }
    const parsed = tokenResponse.safeParse(raw);
    if (!parsed.success) {
      throw new SalesforceConnectorError(
        "AUTH_FAILED",
        "Salesforce token response lacks access_token or instance_url",
      );
    }
    requests += 1;
    userId = userIdFrom(parsed.data.id) ?? userId;
    return parsed.data;
  }

  const conn: Connection = new Connection({
    version,
    oauth2,
    refreshFn: (c, callback) => {
      if (refreshUnproven) {
        callback(
          new SalesforceConnectorError("INVALID_SESSION_ID", "Salesforce rejected a freshly issued token"),
          undefined,
        );
        return;
      }
      requestToken().then(
        (token) => {
          refreshUnproven = true;
          c.instanceUrl = token.instance_url;
          deps.logger.info(
            { kind: auth.kind, instanceUrl: token.instance_url },
            "salesforce session refreshed",
          );
          callback(null, token.access_token);
        },
        (error: Error) => callback(error, undefined),
      );
    },
  });

  return {
    conn,
    async ensureSession() {
      if (conn.accessToken) return;
      const token = await requestToken();
      conn.instanceUrl = token.instance_url;
      conn.accessToken = token.access_token;
      deps.logger.info(
        { kind: auth.kind, instanceUrl: token.instance_url },
        "salesforce session established",
      );
    },
    tokenRequests: () => requests,
    userId: () => userId,
    noteResponse(status) {
      if (status !== 401) refreshUnproven = false;
    },
  };
}
