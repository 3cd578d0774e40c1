// The service's composition: the sync runtime composed like every entry point's
// (src/compose/compose-runtime.ts: store, sandbox or real CRMs, mappings), then the service's own
// parts on top — the HTTP shell's ports, the admin adapters, the run guard and, in sandbox mode,
// the webhook wiring; see docs/service.md.
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import type { Sandbox } from "../../sandbox/index.ts";
import { keepAtClose } from "../analytics/index.ts";
import { composeRuntime } from "../compose/compose-runtime.ts";
import type { Store } from "../store/index.ts";
import { createAnalyticsAdmin } from "./adapters/analytics-admin.ts";
import { createDescribeCache } from "./adapters/describe-cache.ts";
import { createHealth } from "./adapters/health.ts";
import { cardObjects, createHubSpotCards } from "./adapters/hubspot-cards.ts";
import { createComputeTimer, createJobs } from "./adapters/jobs.ts";
import { createLedgerAdmin } from "./adapters/ledger-admin.ts";
import { createLiveRuns } from "./adapters/live-runs.ts";
import { createMappingsAdmin } from "./adapters/mappings-admin.ts";
import { withConsoleExtras } from "./adapters/mappings-console.ts";
import { createPartnersAdmin } from "./adapters/partners-admin.ts";
import { createPayoutsAdmin } from "./adapters/payouts-admin.ts";
import { createProgramsAdmin } from "./adapters/programs-admin.ts";
import { createQuarantineAdmin, refreshQuarantineGauge } from "./adapters/quarantine-admin.ts";
import { createRunsAdmin } from "./adapters/runs-admin.ts";
import { createSimulateAdmin } from "./adapters/simulate-admin.ts";
import { createStatementsAdmin } from "./adapters/statements-admin.ts";
import { createSyncHealthAdmin, withUsageSampling } from "./adapters/sync-health-admin.ts";
import type { ServiceConfig } from "./config.ts";
import { createRecordLinks, type RecordLinkBases } from "./console/record-links.ts";
import type { Logger } from "./logger.ts";
import type { ServicePorts } from "./main.ts";
import type { Metrics } from "./metrics.ts";
import type { RunKind, RunTrigger } from "./ports.ts";
import { createPgRunGuard } from "./scheduler/pg-run-guard.ts";
import type { RunGuard } from "./scheduler/run-guard.ts";

export interface ComposedService {
  ports: ServicePorts;
  /** The config to serve with: in sandbox mode the webhook secret and org id are the sandbox's. */
  config: ServiceConfig;
  /** PostgreSQL: the run guard in the store's schema. Absent: startService's default. */
  guard?: RunGuard;
  store: Store;
  sandbox: Sandbox | null;
}

export type ComposeResult = { ok: true; value: ComposedService } | { ok: false; problems: string[] };

/** Where records open: the sandbox's emulators, or the org/portal named in the environment. */
function recordLinkBases(config: ServiceConfig, sandbox: Sandbox | null): RecordLinkBases {
  if (sandbox) {
    return {
      salesforce: sandbox.salesforce.url,
      hubspot: { appUrl: sandbox.hubspot.url, portalId: sandbox.hubspot.portal.portalId },
    };
  }
  const portal = config.hubspotPortalId;
  return {
    salesforce: config.env.SALESFORCE_INSTANCE_URL ?? null,
    hubspot: portal ? { appUrl: "https://app.hubspot.com", portalId: portal } : null,
  };
}

export async function composeService(
  config: ServiceConfig,
  deps: { logger: Logger; metrics: Metrics },
): Promise<ComposeResult> {
  const { logger, metrics } = deps;
  const baseTimer = createComputeTimer(metrics);
  // The console's live progress hears the same begin/end and progress events as the timer.
  const liveRuns = createLiveRuns();
  const timer = {
    progress: liveRuns.progress(baseTimer.progress),
    begin: (kind: RunKind, trigger?: RunTrigger) => {
      baseTimer.begin(kind);
      liveRuns.begin(kind, trigger ?? "unknown");
    },
    end: () => {
      baseTimer.end();
      liveRuns.end();
    },
  };
  const composed = await composeRuntime(config.runtime, {
    logger,
    syncLogger: logger.child({ component: "sync" }),
    progress: timer.progress,
  });
  if (!composed.ok) return composed;
  const { store, sandbox, fx, close } = composed.value;
  // Each run's end samples the CRMs' API usage for the console's chart.
  const runtime = withUsageSampling(composed.value.runtime, { store, connectors: composed.value.connectors });
  const links = createRecordLinks(recordLinkBases(config, sandbox));
  const describe = createDescribeCache(composed.value.connectors);
  const crms = { connectors: composed.value.connectors, fx };
  // The runtime reads this object at every run; the mappings admin swaps entries between runs.
  const live = composed.value.mappings;
  const mappings = withConsoleExtras(
    await createMappingsAdmin({ dir: config.mappingsDir, live, describe, store }),
    { store, describe },
  );
  await access(config.mappingsDir, constants.W_OK).catch(() =>
    logger.warn(
      { mappingsDir: config.mappingsDir },
      "MAPPINGS_DIR is not writable: PUT /api/mappings will fail (point MAPPINGS_DIR at a writable folder)",
    ),
  );
  const jobs = createJobs({
    runtime,
    store,
    metrics,
    computeTimer: timer,
    beforeRun: () => mappings.applyPending(),
  });
  await refreshQuarantineGauge(store, metrics).catch(() => undefined);

  let served = config;
  let dispatcher: { close(): void } | null = null;
  if (sandbox) {
    // The sandbox HubSpot app signs its webhooks and card fetches with this secret and the
    // service checks them with it; cards come from the sandbox portal; Outbound Messages must
    // name the sandbox org.
    const hubspotSecret = config.hubspotWebhookSecret ?? randomBytes(24).toString("hex");
    served = {
      ...config,
      hubspotWebhookSecret: hubspotSecret,
      hubspotAppSecret: config.hubspotAppSecret ?? hubspotSecret,
      hubspotPortalId: config.hubspotPortalId ?? String(sandbox.hubspot.portal.portalId),
      salesforceOrgId: sandbox.salesforce.org.orgId,
      salesforceWebhookSecret: config.salesforceWebhookSecret ?? randomBytes(24).toString("hex"),
    };
  }
  const secret = served.hubspotWebhookSecret;

  const ports: ServicePorts = {
    jobs,
    health: createHealth({ store, connectors: crms.connectors }),
    admin: {
      mappings,
      programs: createProgramsAdmin({ store }),
      simulate: createSimulateAdmin({ store, ...(crms.fx ? { fx: crms.fx } : {}), metrics }),
      statements: createStatementsAdmin({ store }),
      ledger: createLedgerAdmin({ store }),
      payouts: createPayoutsAdmin({
        store,
        keepAnalytics: (period) =>
          keepAtClose(store, {
            period,
            fx: crms.fx,
            ...(config.runtime.programPath ? { programPath: config.runtime.programPath } : {}),
          }),
      }),
      analytics: createAnalyticsAdmin({
        store,
        ...(crms.fx ? { fx: crms.fx } : {}),
        ...(config.runtime.programPath ? { programPath: config.runtime.programPath } : {}),
      }),
      runs: createRunsAdmin({ store }),
      quarantine: createQuarantineAdmin({ quarantine: runtime.quarantine, store, metrics, links }),
      partners: createPartnersAdmin({ store, links }),
      syncHealth: createSyncHealthAdmin({
        store,
        live: liveRuns,
        schedule: {
          enabled: config.schedule.enabled,
          syncCron: config.schedule.syncCron,
          reconcileCron: config.schedule.reconcileCron,
          timezone: config.schedule.reconcileTz,
        },
      }),
    },
    cards: createHubSpotCards({
      store,
      ...(config.runtime.now ? { now: () => config.runtime.now as Date } : {}),
      objects: () => cardObjects(live.hubspot),
    }),
    sessions: store.adminSessions,
    webhooks: { inbox: store.webhookInbox, replay: store.webhookReplay },
    async onListening({ url, jobs: runner, guard, logger: log }) {
      if (!sandbox || !secret) return;
      // HubSpot calls this service's own route; the sandbox attaches a dispatcher to its portal.
      const loopback = url.replace(/\/\/(0\.0\.0\.0|\[::\])/, "//127.0.0.1");
      const targetUrl = `${served.publicUrl ?? loopback}/webhooks/hubspot`;
      dispatcher = sandbox.hubspotWebhooks({ targetUrl, clientSecret: secret });
      log.info({ targetUrl }, "sandbox HubSpot webhooks point at this service");
      // The demo data is computed and written back once, in the background; /readyz is already
      // true (store and emulators answer) and POST /api/reconcile answers 409 meanwhile.
      void guard
        .run("reconcile", null, () => runner.reconcile({ trigger: "startup" }))
        .then((outcome) => {
          if (!outcome.ran) log.info("initial sandbox reconcile skipped: a reconcile is already running");
        })
        .catch((error: unknown) => log.error({ err: error }, "initial sandbox reconcile failed"));
    },
    async close() {
      const d = dispatcher as { close(): void } | null;
      d?.close();
      await close();
    },
  };

  const guard =
    config.store.kind === "postgres"
      ? createPgRunGuard({ connectionString: config.store.url, schema: store.schema })
      : undefined;
  return { ok: true, value: { ports, config: served, store, sandbox, ...(guard ? { guard } : {}) } };
}
