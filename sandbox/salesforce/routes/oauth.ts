// OAuth 2.0 token endpoint (client_credentials, JWT bearer, refresh_token, password), revoke and
// the identity URL. Token responses carry `id` (identity URL ending /<orgId>/<userId>), which
// jsforce parses after every token call.
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_username_password_flow.htm
import { createHmac, createPublicKey, type KeyObject, verify, X509Certificate } from "node:crypto";
import type { Request, Response } from "express";
import type { Runtime } from "../runtime.ts";

function tokenError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

function publicKey(pem: string): KeyObject {
  return pem.includes("BEGIN CERTIFICATE") ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Checks an RS256 JWT bearer assertion; returns an error description or null. */
function checkAssertion(rt: Runtime, assertion: string): string | null {
  const parts = assertion.split(".");
  if (parts.length !== 3) return "invalid assertion";
  const [h, p, s] = parts as [string, string, string];
  const header = decodeSegment(h);
  const claims = decodeSegment(p);
  if (!header || !claims || header.alg !== "RS256") return "invalid assertion";
  if (!rt.opts.jwtCertificate) return "invalid assertion";
  let ok = false;
  try {
    ok = verify(
      "RSA-SHA256",
      Buffer.from(`${h}.${p}`),
      publicKey(rt.opts.jwtCertificate),
      Buffer.from(s, "base64url"),
    );
  } catch {
    ok = false;
  }
  if (!ok) return "invalid assertion";
  if (claims.iss !== rt.opts.clientId) return "invalid client credentials";
  const audiences = [...rt.opts.jwtAudiences, rt.url()];
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => typeof a === "string" && audiences.includes(a.replace(/\/$/, ""))))
    return "audience is invalid";
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= rt.now()) return "expired authorization code";
  if (claims.sub !== rt.opts.username) return "user hasn't approved this consumer";
  return null;
}

function clientCredentials(req: Request): { id?: string; secret?: string } {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Basic ")) {
    const [id, secret] = Buffer.from(auth.slice(6), "base64").toString("utf8").split(":");
    return { ...(id ? { id } : {}), ...(secret ? { secret } : {}) };
  }
  const body = req.body as Record<string, string | undefined>;
  return {
    ...(body.client_id ? { id: body.client_id } : {}),
    ...(body.client_secret ? { secret: body.client_secret } : {}),
  };
}

export function tokenHandler(rt: Runtime) {
  return (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const client = clientCredentials(req);
    const userId = rt.users.integration;
    let withRefresh = false;
    switch (body.grant_type) {
      case "client_credentials":
        if (client.id !== rt.opts.clientId || client.secret !== rt.opts.clientSecret) {
          return tokenError(res, 400, "invalid_client", "invalid client credentials");
        }
        break;
      case "password":
        if (
          client.id !== rt.opts.clientId ||
          (client.secret !== undefined && client.secret !== rt.opts.clientSecret)
        ) {
          return tokenError(res, 400, "invalid_client_id", "client identifier invalid");
        }
        if (body.username !== rt.opts.username || body.password !== rt.opts.password) {
          return tokenError(res, 400, "invalid_grant", "authentication failure");
        }
        break;
      case "refresh_token": {
        if (
          client.id !== rt.opts.clientId ||
          (client.secret !== undefined && client.secret !== rt.opts.clientSecret)
        ) {
          return tokenError(res, 400, "invalid_client_id", "client identifier invalid");
        }
        if (!body.refresh_token || rt.tokens.refreshUser(body.refresh_token) === null) {
          return tokenError(res, 400, "invalid_grant", "expired access/refresh token");
        }
        break;
      }
      case "urn:ietf:params:oauth:grant-type:jwt-bearer": {
        const problem = body.assertion ? checkAssertion(rt, body.assertion) : "invalid assertion";
        if (problem) return tokenError(res, 400, "invalid_grant", problem);
        break;
      }
      case "authorization_code":
        // Web-server flow: the sandbox has no login page; codes are the pre-issued refresh token.
        if (body.code !== rt.opts.refreshToken)
          return tokenError(res, 400, "invalid_grant", "invalid authorization code");
        withRefresh = true;
        break;
      default:
        return tokenError(res, 400, "unsupported_grant_type", "grant type not supported");
    }
    const issuedAt = String(rt.now());
    const expiresAt = rt.now() + rt.opts.tokenTtlSeconds * 1000;
    const accessToken = rt.tokens.issue(userId, expiresAt);
    const instanceUrl = rt.url();
    const id = `${instanceUrl}/id/${rt.org.orgId}/${userId}`;
    const signature = createHmac("sha256", rt.opts.clientSecret)
      .update(id + issuedAt)
      .digest("base64");
    res.status(200).json({
      access_token: accessToken,
      ...(withRefresh ? { refresh_token: rt.opts.refreshToken } : {}),
      signature,
      scope: "api web id refresh_token",
      instance_url: instanceUrl,
      id,
      token_type: "Bearer",
      issued_at: issuedAt,
      api_instance_url: instanceUrl,
    });
  };
}

// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_revoke_token.htm
export function revokeHandler(rt: Runtime) {
  return (req: Request, res: Response) => {
    const token =
      (req.body as Record<string, string | undefined>)?.token ?? (req.query.token as string | undefined);
    if (!token) return tokenError(res, 400, "unsupported_token_type", "this token type is not supported");
    rt.tokens.revoke(token);
    res.status(200).end();
  };
}

// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm (identity URL)
export function identityHandler(rt: Runtime) {
  return (req: Request, res: Response) => {
    const auth = req.headers.authorization ?? "";
    const userId = rt.tokens.userFor(auth.replace(/^Bearer /, ""), rt.now());
    if (!userId) {
      res.status(403).type("text/plain").send("Bad_OAuth_Token");
      return;
    }
    const user = rt.org.find(userId)?.rec;
    const base = rt.url();
    res.json({
      id: `${base}/id/${rt.org.orgId}/${userId}`,
      asserted_user: true,
      user_id: userId,
      organization_id: rt.org.orgId,
      username: user?.Username ?? null,
      nick_name: user?.Alias ?? null,
      display_name: user?.Name ?? null,
      email: user?.Email ?? null,
      active: true,
      user_type: "STANDARD",
      language: "en_US",
      locale: "en_US",
      utcOffset: 0,
      urls: {
        enterprise: `${base}/services/Soap/c/{version}/${rt.org.orgId}`,
        partner: `${base}/services/Soap/u/{version}/${rt.org.orgId}`,
        rest: `${base}/services/data/v{version}/`,
        sobjects: `${base}/services/data/v{version}/sobjects/`,
        query: `${base}/services/data/v{version}/query/`,
        limits: `${base}/services/data/v{version}/limits/`,
      },
    });
  };
}
