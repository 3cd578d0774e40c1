// Local HubSpot CRM v3 emulator the unmodified @hubspot/api-client talks to over loopback:
// `new Client({ accessToken, basePath: emulator.url })` (no trailing slash on basePath).
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";
import { CallAccounting } from "../call-accounting.ts";
import { FaultInjector } from "../faults.ts";
import { sendRecordPage } from "../record-page.ts";
import { TokenStore } from "../tokens.ts";
import type { ObjectTypeName } from "./object-types.ts";
import {
  type EmulatorOptions,
  type EmulatorOptionsInput,
  emulatorOptionsSchema,
  faultPlan,
  type HubSpotFaults,
} from "./options.ts";
import { createPortalHandle, type PortalHandle } from "./portal-handle.ts";
import { PortalState } from "./portal-state.ts";
import { RateLimiter } from "./rate-limit.ts";
import { registerAssociationLabelRoutes } from "./routes/association-labels.ts";
import { registerAssociationRoutes } from "./routes/associations.ts";
import { registerBatchRoutes } from "./routes/batch.ts";
import type { EmulatorContext } from "./routes/context.ts";
import { registerOAuthRoutes } from "./routes/oauth.ts";
import { registerObjectRoutes } from "./routes/objects.ts";
import { fallbackHandlers } from "./routes/pipeline.ts";
import { registerPropertyRoutes } from "./routes/properties.ts";
import { registerSandboxRoutes } from "./routes/sandbox-admin.ts";
import { registerSearchRoutes } from "./routes/search.ts";
import { SearchEngine } from "./search/run.ts";
import { WebhookDispatcher } from "./webhooks.ts";

export type { EmulatorOptionsInput } from "./options.ts";
export { DEFAULT_BACKDOOR_USER_ID, DEFAULT_INTEGRATION_USER_ID, DEFAULT_OAUTH_USER_ID } from "./options.ts";
export type { PortalHandle } from "./portal-handle.ts";
export { signV3, v3Uri } from "./webhooks.ts";

export interface HubSpotEmulator {
  /** `http://127.0.0.1:PORT`: the client's basePath. */
  url: string;
  port: number;
  portal: PortalHandle;
  app: Express;
  close(): Promise<void>;
}

/** OAuth tokens: the refresh tokens the options pre-issue; access tokens minted by /oauth/v1/token. */
function hubSpotTokens(options: EmulatorOptions): TokenStore {
  const tokens = new TokenStore({
    access: () => `sandbox-oauth-${randomBytes(16).toString("hex")}`,
    // HubSpot refresh tokens do not rotate: the sandbox only knows the pre-issued ones.
    refresh: () => {
      throw new Error("the HubSpot sandbox issues no new refresh tokens");
    },
  });
  const user = String(options.users.oauthUserId);
  for (const token of options.oauth?.refreshTokens ?? []) tokens.issueRefresh(user, token);
  return tokens;
}

/** Builds the emulator app and its state without listening. */
export function buildHubSpotEmulator(input: EmulatorOptionsInput = {}): {
  app: Express;
  portal: PortalHandle;
  ctx: EmulatorContext;
} {
  const options: EmulatorOptions = emulatorOptionsSchema.parse(input);
  const now = options.now ?? Date.now;
  const state = new PortalState(options.portalId, options.companyCurrency, now);
  state.searchLagMs = options.searchIndexLagMs;
  if (options.users.backdoorUserId !== null) state.backdoorUserId = String(options.users.backdoorUserId);
  const faults: HubSpotFaults = new FaultInjector(options.faults, faultPlan);
  // Fault-injected record failures reject that record only (207 in batch writes, 400 otherwise).
  state.recordRules.push((objectType, id, values) => {
    const rule = faults.recordFailure(objectType, id, values);
    return rule && { name: rule.field ?? "id", code: rule.code, message: rule.message };
  });
  const limiter = new RateLimiter(options.rateLimits, now);
  const calls = new CallAccounting();
  const ctx: EmulatorContext = {
    options,
    state,
    search: new SearchEngine(state),
    faults,
    limiter,
    calls,
    webhooks: options.webhooks ? new WebhookDispatcher(options.webhooks, state) : undefined,
    tokens: hubSpotTokens(options),
  };
  const portal = createPortalHandle(ctx, calls, faults, limiter);
  for (const { objectType, ...def } of options.extraProperties) {
    // Preloading a property the portal already has with the same type is a no-op (callers that
    // defined the mapping's inputs themselves keep working now that the sandbox has them too);
    // a different type still fails like the API's 409.
    const have = state.properties[objectType].get(def.name);
    if (have && !have.archived && have.type === def.type && have.fieldType === def.fieldType) continue;
    portal.defineProperty(objectType, def);
  }
  if (options.seed) portal.seed(options.seed);

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  // HubSpot's record page URL (/contacts/{portalId}/record/{objectTypeId}/{id}), for the admin
  // console's links; not an API route, so never counted or rate limited.
  const TYPES: Record<string, ObjectTypeName> = { "0-1": "contacts", "0-2": "companies", "0-3": "deals" };
  app.get("/contacts/:portalId/record/:typeId/:id", (req, res) => {
    const type = TYPES[String(req.params.typeId)];
    const rec = type ? portal.get(type, String(req.params.id)) : undefined;
    sendRecordPage(res, "HubSpot", `${type ?? "record"} ${req.params.id}`, rec?.properties);
  });
  registerSandboxRoutes(app, ctx, portal);
  registerOAuthRoutes(app, ctx);
  app.use(express.json({ limit: "20mb", type: () => true }));
  registerSearchRoutes(app, ctx);
  registerBatchRoutes(app, ctx);
  registerObjectRoutes(app, ctx);
  registerPropertyRoutes(app, ctx);
  registerAssociationRoutes(app, ctx);
  registerAssociationLabelRoutes(app, ctx);
  fallbackHandlers(app, ctx);
  return { app, portal, ctx };
}

export async function startHubSpotEmulator(input: EmulatorOptionsInput = {}): Promise<HubSpotEmulator> {
  const { app, portal, ctx } = buildHubSpotEmulator(input);
  const server = await new Promise<import("node:http").Server>((resolve, reject) => {
    const s = app.listen(ctx.options.port, ctx.options.host, (error?: Error) =>
      error ? reject(error) : resolve(s),
    );
  });
  server.keepAliveTimeout = 5_000;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${ctx.options.host}:${port}`,
    port,
    portal,
    app,
    close: async () => {
      // Stop retrying first, then send what is queued once and wait for requests in flight.
      ctx.webhooks?.close();
      await ctx.webhooks?.drain().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
