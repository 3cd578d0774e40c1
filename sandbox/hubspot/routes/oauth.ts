// OAuth token refresh (https://developers.hubspot.com/docs/api-reference/auth-oauth-v1/guide):
// POST /oauth/v1/token, form-encoded grant_type=refresh_token + client_id + client_secret +
// refresh_token → {token_type:"bearer", refresh_token, access_token, expires_in}. Refresh tokens
// do not rotate. Errors are 400 `{status:"BAD_…", message, correlationId}`. Calls made with the
// issued access token carry no daily rate-limit headers.
import { randomUUID } from "node:crypto";
import express, { type Express } from "express";
import { sendJson } from "../errors.ts";
import type { EmulatorContext } from "./context.ts";
import { apiRoute } from "./pipeline.ts";

// Scopes of an OAuth install; a private app's token also has crm.schemas.companies.write.
const OAUTH_SCOPES = [
  "crm.objects.deals.read",
  "crm.objects.deals.write",
  "crm.objects.companies.read",
  "crm.objects.companies.write",
  "crm.schemas.deals.write",
];

function oauthError(status: string, message: string) {
  return { status, message, correlationId: randomUUID() };
}

export function registerOAuthRoutes(app: Express, ctx: EmulatorContext): void {
  app.use("/oauth/v1/token", express.urlencoded({ extended: false }));

  apiRoute(
    app,
    ctx,
    "post",
    "/oauth/v1/token",
    (req, res) => {
      const body = (req.body ?? {}) as Record<string, string | undefined>;
      const oauth = ctx.options.oauth;
      if (body.grant_type !== "refresh_token") {
        sendJson(
          res,
          400,
          oauthError("UNSUPPORTED_GRANT_TYPE", "grant_type must be refresh_token in the sandbox"),
        );
        return;
      }
      if (!oauth || body.client_id !== oauth.clientId) {
        sendJson(res, 400, oauthError("BAD_CLIENT_ID", "missing or invalid client_id"));
        return;
      }
      if (body.client_secret !== oauth.clientSecret) {
        sendJson(res, 400, oauthError("BAD_CLIENT_SECRET", "missing or invalid client_secret"));
        return;
      }
      if (!body.refresh_token || ctx.tokens.refreshUser(body.refresh_token) === null) {
        sendJson(res, 400, oauthError("BAD_REFRESH_TOKEN", "missing or unknown refresh token"));
        return;
      }
      const user = String(ctx.options.users.oauthUserId);
      const accessToken = ctx.tokens.issue(user, ctx.state.now() + oauth.accessTokenTtlSeconds * 1000);
      sendJson(res, 200, {
        token_type: "bearer",
        refresh_token: body.refresh_token,
        access_token: accessToken,
        expires_in: oauth.accessTokenTtlSeconds,
      });
    },
    { public: true },
  );

  // https://developers.hubspot.com/docs/apps/legacy-apps/private-apps/overview ("make a POST
  // request to /oauth/v2/private-apps/get/access-token-info. In the request body, include your
  // access token" as tokenKey) → {userId, hubId, appId, scopes}.
  app.use("/oauth/v2/private-apps/get/access-token-info", express.json({ type: () => true }));
  apiRoute(
    app,
    ctx,
    "post",
    "/oauth/v2/private-apps/get/access-token-info",
    (req, res) => {
      const tokenKey = String((req.body as { tokenKey?: unknown } | undefined)?.tokenKey ?? "");
      if (!ctx.options.accessTokens.includes(tokenKey)) {
        sendJson(res, 401, {
          status: "error",
          message: "The access token is not a valid private app token",
          correlationId: randomUUID(),
          category: "INVALID_AUTHENTICATION",
        });
        return;
      }
      const users = ctx.options.users;
      sendJson(res, 200, {
        userId: users.byToken[tokenKey] ?? users.integrationUserId,
        hubId: ctx.state.portalId,
        appId: ctx.options.webhooks?.appId ?? 1_234_567,
        scopes: [...OAUTH_SCOPES, "crm.schemas.companies.write"],
      });
    },
    { public: true },
  );

  // https://developers.hubspot.com/docs/api-reference/auth-oauth-v1/access-tokens/get-oauth-v1-access-tokens-token
  apiRoute(
    app,
    ctx,
    "get",
    "/oauth/v1/access-tokens/:token",
    (req, res) => {
      const token = String(req.params.token);
      const expires = ctx.tokens.session(token)?.expiresAt;
      if (expires == null || expires <= ctx.state.now()) {
        sendJson(res, 404, oauthError("NOT_FOUND", "Token not found or expired"));
        return;
      }
      sendJson(res, 200, {
        token,
        hub_id: ctx.state.portalId,
        app_id: ctx.options.webhooks?.appId ?? 1_234_567,
        user_id: ctx.options.users.oauthUserId,
        user: "sandbox@example.com",
        hub_domain: "sandbox.example.com",
        token_type: "access",
        scopes: OAUTH_SCOPES,
        expires_in: Math.floor((expires - ctx.state.now()) / 1000),
      });
    },
    { public: true },
  );
}
