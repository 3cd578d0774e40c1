// buildApp(deps) assembles the express app without listening (main.ts listens), so tests run it
// on port 0 with test doubles of the ports.

import type { Express, RequestHandler } from "express";
import express from "express";
import type { DurableReplay } from "../../connectors/hubspot/webhooks.ts";
import { createMemorySessionStore, createSessions, type SessionStore } from "./console/sessions.ts";
import { consoleStatic } from "./console/static.ts";
import type { JobRunner } from "./job-runner.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import { adminAuth } from "./middleware/admin-auth.ts";
import { jsonBody, rawBody } from "./middleware/body-limit.ts";
import { errorHandler, methodNotAllowed, notFound } from "./middleware/error-handler.ts";
import { hubspotCardAuth } from "./middleware/hubspot-signature.ts";
import { requestContext } from "./middleware/request-id.ts";
import type { Admin, Health, HubSpotCards, WebhookInbox } from "./ports.ts";
import { getAnalytics } from "./routes/api/analytics-get.ts";
import { crmFields } from "./routes/api/crm-fields.ts";
import { listDisputes } from "./routes/api/disputes-list.ts";
import { openDispute } from "./routes/api/disputes-open.ts";
import { resolveDispute } from "./routes/api/disputes-resolve.ts";
import { listLedger } from "./routes/api/ledger-list.ts";
import { getMappings } from "./routes/api/mappings-get.ts";
import { mappingsHistory } from "./routes/api/mappings-history.ts";
import { replaceMappings } from "./routes/api/mappings-replace.ts";
import { unmappedValues } from "./routes/api/mappings-unmapped.ts";
import { validateMappings } from "./routes/api/mappings-validate.ts";
import { mapValue } from "./routes/api/mappings-value-map.ts";
import { getPartner } from "./routes/api/partner-get.ts";
import { searchPartners } from "./routes/api/partners-search.ts";
import { actOnPayouts } from "./routes/api/payouts-act.ts";
import { getBatchFile } from "./routes/api/payouts-batch-file.ts";
import { listBatches } from "./routes/api/payouts-batches.ts";
import { correctPayout } from "./routes/api/payouts-correct.ts";
import { exportPayouts } from "./routes/api/payouts-export.ts";
import { getPayout } from "./routes/api/payouts-get.ts";
import { listPayouts } from "./routes/api/payouts-list.ts";
import { markPaid } from "./routes/api/payouts-paid.ts";
import { closePeriod } from "./routes/api/periods-close.ts";
import { getPrograms } from "./routes/api/programs-get.ts";
import { publishProgram } from "./routes/api/programs-publish.ts";
import { validateProgram } from "./routes/api/programs-validate.ts";
import { dismissMany, retryMany } from "./routes/api/quarantine-bulk.ts";
import { dismissQuarantined } from "./routes/api/quarantine-dismiss.ts";
import { listQuarantine } from "./routes/api/quarantine-list.ts";
import { retryQuarantined } from "./routes/api/quarantine-retry.ts";
import { runReconcile } from "./routes/api/reconcile-run.ts";
import { listRuns } from "./routes/api/runs-list.ts";
import { sessionRoutes } from "./routes/api/session.ts";
import { simulate } from "./routes/api/simulate.ts";
import { getSimulation, startSimulation } from "./routes/api/simulations.ts";
import { getStatement } from "./routes/api/statements-get.ts";
import { currentRun, quarantineSummary, schedule, usage } from "./routes/api/sync-health.ts";
import { runSync } from "./routes/api/sync-run.ts";
import { healthz } from "./routes/healthz.ts";
import { companyCardRoute, dealCardRoute } from "./routes/hubspot/cards.ts";
import { metricsRoute } from "./routes/metrics.ts";
import { readyz } from "./routes/readyz.ts";
import { hubspotWebhook } from "./routes/webhooks/hubspot.ts";
import { salesforceWebhook } from "./routes/webhooks/salesforce.ts";
import type { RunGuard } from "./scheduler/run-guard.ts";
import { directInbox } from "./webhooks/direct-inbox.ts";

export interface AppDeps {
  config: {
    adminToken: string | null;
    salesforceOrgId: string | null;
    /** Shared secret the Outbound Message endpoint URL carries; null = endpoint off. */
    salesforceWebhookSecret: string | null;
    /** Outbound Message requests per client address and minute (0 = no limit). */
    salesforceWebhookRateLimit: number;
    hubspotWebhookSecret: string | null;
    /** The HubSpot app's client secret, which signs app-card fetches; null = cards off. */
    hubspotAppSecret: string | null;
    /** The HubSpot portal the cards may be opened from; null = cards off. */
    hubspotPortalId: string | null;
    publicUrl: string | null;
    bodyLimit: string;
    webhookBodyLimit: string;
  };
  logger: Logger;
  metrics: Metrics;
  jobs: JobRunner;
  guard: RunGuard;
  /** Where webhooks leave their records; absent = synced before answering (directInbox). */
  inbox?: WebhookInbox;
  /** HubSpot signatures and event ids seen, beyond this process (the store); absent = memory only. */
  replay?: DurableReplay;
  health: Health;
  admin: Admin;
  /** What the HubSpot app cards show; absent = the card routes answer 503. */
  cards?: HubSpotCards;
  /** Clock for webhook timestamp checks (tests). */
  clock?: () => number;
  /** Readiness check deadline per dependency. */
  readyTimeoutMs?: number;
  /** Where console sessions live (the store); absent = this process's memory. */
  sessions?: SessionStore;
  /** The built console (console/dist by default). */
  consoleDir?: string | null;
}

export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  // Behind one proxy (load balancer / ingress): req.ip and req.protocol come from X-Forwarded-*.
  app.set("trust proxy", 1);
  app.use(requestContext(deps.logger, deps.metrics));

  const route = (
    path: string,
    handlers: Partial<Record<"get" | "post" | "put" | "delete", RequestHandler[]>>,
  ) => {
    const r = app.route(path);
    for (const [method, chain] of Object.entries(handlers))
      r[method as "get" | "post" | "put" | "delete"](...chain);
    r.all(methodNotAllowed(Object.keys(handlers).map((m) => m.toUpperCase())));
  };

  route("/healthz", { get: [healthz] });
  route("/readyz", { get: [readyz(deps.health, deps.readyTimeoutMs)] });
  route("/metrics", { get: [metricsRoute(deps.metrics)] });

  // Webhooks parse their own bodies: exact bytes (HubSpot signs them) or SOAP text.
  const inbox = deps.inbox ?? directInbox(deps.jobs);
  route("/webhooks/salesforce", {
    post: salesforceWebhook({
      organizationId: deps.config.salesforceOrgId,
      secret: deps.config.salesforceWebhookSecret,
      rateLimitPerMinute: deps.config.salesforceWebhookRateLimit,
      bodyLimit: deps.config.webhookBodyLimit,
      inbox,
      metrics: deps.metrics,
      ...(deps.clock ? { clock: deps.clock } : {}),
    }),
  });
  route("/webhooks/hubspot", {
    post: [
      rawBody(deps.config.webhookBodyLimit),
      hubspotWebhook({
        secret: deps.config.hubspotWebhookSecret,
        publicUrl: deps.config.publicUrl,
        inbox,
        ...(deps.replay ? { replay: deps.replay } : {}),
        metrics: deps.metrics,
        ...(deps.clock ? { clock: deps.clock } : {}),
      }),
    ],
  });

  // HubSpot app cards (issue #14): signed by HubSpot, from the configured portal, store reads only.
  const cardAuth = (card: "company" | "deal") =>
    hubspotCardAuth(card, {
      secret: deps.cards ? deps.config.hubspotAppSecret : null,
      portalId: deps.config.hubspotPortalId,
      publicUrl: deps.config.publicUrl,
      metrics: deps.metrics,
      ...(deps.clock ? { clock: deps.clock } : {}),
    });
  const cards = deps.cards;
  route("/hubspot/cards/company/:companyId", {
    get: [cardAuth("company"), ...(cards ? [companyCardRoute(cards, deps.metrics)] : [])],
  });
  route("/hubspot/cards/deal/:dealId", {
    get: [cardAuth("deal"), ...(cards ? [dealCardRoute(cards, deps.metrics)] : [])],
  });

  // Admin API: auth before body parsing, so an unauthenticated client cannot make us read 1 MB.
  const json = jsonBody(deps.config.bodyLimit);
  const { adminToken } = deps.config;
  const sessions = adminToken
    ? createSessions(adminToken, deps.sessions ?? createMemorySessionStore(), deps.clock)
    : null;
  // The console's sign-in exchanges the token for a session cookie; it is the one /api route
  // reachable without credentials (it checks the token itself, and is off without ADMIN_TOKEN).
  const session = sessionRoutes({
    adminToken,
    sessions: sessions ?? createSessions("unused", createMemorySessionStore()),
    publicUrl: deps.config.publicUrl,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  route("/api/session", {
    get: [session.get],
    post: [jsonBody("4kb"), session.create],
    delete: [session.remove],
  });
  app.use("/api", adminAuth(adminToken, sessions));
  const { admin } = deps;
  route("/api/mappings", {
    get: [getMappings(admin.mappings)],
    put: [json, replaceMappings(admin.mappings)],
  });
  route("/api/mappings/validate", { post: [json, validateMappings(admin.mappings)] });
  route("/api/mappings/history", { get: [mappingsHistory(admin.mappings)] });
  route("/api/mappings/unmapped-values", { get: [unmappedValues(admin.mappings)] });
  route("/api/mappings/value-maps", { post: [json, mapValue(admin.mappings)] });
  route("/api/crm/:crm/objects/:object/fields", { get: [crmFields(admin.mappings)] });
  route("/api/partners", { get: [searchPartners(admin)] });
  route("/api/partners/:partnerId", { get: [getPartner(admin)] });
  route("/api/usage", { get: [usage(admin)] });
  route("/api/runs/current", { get: [currentRun(admin)] });
  route("/api/schedule", { get: [schedule(admin)] });
  route("/api/quarantine/summary", { get: [quarantineSummary(admin)] });
  route("/api/quarantine/retry", { post: [json, retryMany(admin.quarantine)] });
  route("/api/quarantine/dismiss", { post: [json, dismissMany(admin.quarantine)] });
  route("/api/programs", {
    get: [getPrograms(admin.programs)],
    post: [json, publishProgram(admin.programs)],
  });
  route("/api/programs/validate", { post: [json, validateProgram(admin.programs)] });
  route("/api/simulate", { post: [json, simulate(admin.simulate)] });
  route("/api/simulations", { post: [json, startSimulation(admin.simulate)] });
  route("/api/simulations/:id", { get: [getSimulation(admin.simulate)] });
  route("/api/partners/:partnerId/statements/:period", { get: [getStatement(admin.statements)] });
  route("/api/ledger", { get: [listLedger(admin.ledger)] });
  route("/api/runs", { get: [listRuns(admin.runs)] });
  route("/api/quarantine", { get: [listQuarantine(admin.quarantine)] });
  route("/api/quarantine/:id/retry", { post: [retryQuarantined(admin.quarantine)] });
  route("/api/quarantine/:id/dismiss", { post: [json, dismissQuarantined(admin.quarantine)] });
  // Payout operations (issue #16).
  route("/api/payouts", { get: [listPayouts(admin.payouts)] });
  route("/api/payouts/paid", { post: [json, markPaid(admin.payouts)] });
  route("/api/payouts/corrections", { post: [json, correctPayout(admin.payouts)] });
  route("/api/payouts/:action", { post: [json, actOnPayouts(admin.payouts)] });
  route("/api/payouts/:period/:partnerId", { get: [getPayout(admin.payouts)] });
  route("/api/payout-batches", {
    get: [listBatches(admin.payouts)],
    post: [json, exportPayouts(admin.payouts)],
  });
  route("/api/payout-batches/:batch", { get: [getBatchFile(admin.payouts)] });
  route("/api/disputes", { get: [listDisputes(admin.payouts)], post: [json, openDispute(admin.payouts)] });
  route("/api/disputes/:id/resolve", { post: [json, resolveDispute(admin.payouts)] });
  route("/api/periods/:period/close", { post: [json, closePeriod(admin.payouts)] });
  // Program analytics (issue #17).
  route("/api/analytics", { get: [getAnalytics(admin)] });
  route("/api/sync", { post: [json, runSync(deps.jobs, deps.guard)] });
  route("/api/reconcile", { post: [json, runReconcile(deps.jobs, deps.guard)] });

  app.use("/admin", consoleStatic({ adminToken, dir: deps.consoleDir ?? null }));

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
