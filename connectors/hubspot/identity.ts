// Who the connector writes as: the HubSpot user id its changes carry in hs_updated_by_user_id,
// so the sync layer can tell its own echoes (CrmRecord.modifiedBy) from people's edits.
// Private app: POST /oauth/v2/private-apps/get/access-token-info {tokenKey} → {userId, hubId,
// appId, scopes} (https://developers.hubspot.com/docs/apps/legacy-apps/private-apps/overview).
// OAuth: GET /oauth/v1/access-tokens/{token} → user_id
// (https://developers.hubspot.com/docs/api-reference/auth-oauth-v1/access-tokens/get-oauth-v1-access-tokens-token).
import { z } from "zod";
import type { HubSpotContext } from "./context.ts";

const privateAppInfo = z.object({ userId: z.union([z.number(), z.string()]) }).loose();
const oauthInfo = z.object({ user_id: z.union([z.number(), z.string()]) }).loose();

/** The token's user id, or null when HubSpot does not say (the caller skips that signal). */
export async function tokenUserId(ctx: HubSpotContext, token: () => Promise<string>): Promise<string | null> {
  try {
    const t = await token();
    if (ctx.config.auth.kind === "private-app") {
      const raw = await ctx.policy.run("read", "access token info", () =>
        ctx.apis.raw("POST", "/oauth/v2/private-apps/get/access-token-info", { tokenKey: t }),
      );
      const parsed = privateAppInfo.safeParse(raw);
      return parsed.success ? String(parsed.data.userId) : null;
    }
    const raw = await ctx.policy.run("read", "access token info", () =>
      ctx.apis.raw("GET", `/oauth/v1/access-tokens/${encodeURIComponent(t)}`),
    );
    const parsed = oauthInfo.safeParse(raw);
    return parsed.success ? String(parsed.data.user_id) : null;
  } catch (error) {
    ctx.logger.warn(
      { code: (error as { code?: unknown }).code },
      "could not read the access token's user; echo suppression by user is off",
    );
    return null;
  }
}
