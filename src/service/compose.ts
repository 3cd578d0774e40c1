// The composition root: from the validated config, open the store, start the sandbox CRMs or
// build the real connectors, load the mappings, create the sync runtime, and hand the HTTP shell
// its ports. Mirrors the CLI's construction (src/cli/sync-setup.ts) with the service's logger,
// seed size and webhook wiring; see docs/service.md.
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import {
  createHubSpotConnector,
  hubSpotConfigFromEnv,
  parseHubSpotConfig,
} from "../../connectors/hubspot/index.ts";
import { createSalesforceConnector, salesforceConfigFromEnv } from "../../connectors/salesforce/index.ts";
import type { CrmConnector, CrmName } from "../../connectors/types.ts";
import { webhookOptionsSchema } from "../../sandbox/hubspot/options.ts";
import { WebhookDispatcher } from "../../sandbox/hubspot/webhooks.ts";
import { type Sandbox, startSandbox } from "../../sandbox/index.ts";
import type { Data } from "../engine/index.ts";
import type { Store } from "../store/index.ts";
import { tryOpenStoreFromEnv } from "../store/index.ts";
import { checkMappingPair, loadMapping, type Mapping, mappingPath } from "../sync/mapping/index.ts";
import { createSyncRuntime } from "../sync/runtime.ts";
import { createDescribeCache } from "./adapters/describe-cache.ts";
import { createHealth } from "./adapters/health.ts";
import { createComputeTimer, createJobs } from "./adapters/jobs.ts";
import { createLedgerAdmin } from "./adapters/ledger-admin.ts";
import { createLiveRuns } from "./adapters/live-runs.ts";
import { createMappingsAdmin } from "./adapters/mappings-admin.ts";
import { withConsoleExtras } from "./adapters/mappings-console.ts";
import { createPartnersAdmin } from "./adapters/partners-admin.ts";
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
import type { RunTrigger } from "./ports.ts";
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

interface Crms {
  connectors: Partial<Record<CrmName, CrmConnector>>;
  fx: Data["fx"] | undefined;
  sandbox: Sandbox | null;
  problems: string[];
}

async function startCrms(config: ServiceConfig, logger: Logger): Promise<Crms> {
  const problems: string[] = [];
  if (config.mode === "sandbox") {
    const { partners, deals } = config.sandbox;
    const sandbox = await startSandbox({
      seed: { partners, deals, mirrorEvery: 10, badRecords: true },
      host: "127.0.0.1",
    });
    // sandboxConnectors: HubSpot search lag 0, so a webhook-triggered sync sees the change at once.
    const connectors = sandbox.connectors();
    logger.info(
      { salesforce: sandbox.salesforce.url, hubspot: sandbox.hubspot.url, seeded: sandbox.seeded },
      "sandbox CRMs started (in-process emulators seeded with demo data)",
    );
    return { connectors, fx: sandbox.fx, sandbox, problems };
  }
  const connectors: Partial<Record<CrmName, CrmConnector>> = {};
  // Only the CRMs with credentials are connected; a company may run on one of them.
  if (config.crms.salesforce) {
    const sf = salesforceConfigFromEnv(config.env);
    if (sf.ok) {
      connectors.salesforce = createSalesforceConnector(sf.config, {
        logger: logger.child({ crm: "salesforce" }),
      });
    } else problems.push(...sf.problems.map((p) => `Salesforce connector: ${p}`));
  }
  if (config.crms.hubspot) {
    const hs = parseHubSpotConfig(hubSpotConfigFromEnv(config.env));
    if (hs.ok) {
      connectors.hubspot = createHubSpotConnector(hs.config, { logger: logger.child({ crm: "hubspot" }) });
    } else problems.push(...hs.problems.map((p) => `HubSpot connector: ${p}`));
  }
  let fx: Data["fx"] | undefined;
  if (config.fxFile) {
    try {
      fx = parseYaml(await readFile(config.fxFile, "utf8")) as Data["fx"];
    } catch (error) {
      problems.push(
        `INCENTIVES_FX_FILE: cannot read ${config.fxFile}: ${(error as Error).message.split("\n")[0]}`,
      );
    }
  }
  return { connectors, fx, sandbox: null, problems };
}

async function loadMappings(dir: string, crms: CrmName[]) {
  const problems: string[] = [];
  const mappings: Partial<Record<CrmName, Mapping>> = {};
  for (const crm of crms) {
    const path = mappingPath(dir, crm);
    const m = await loadMapping(path, crm);
    if (m.ok) mappings[crm] = m.mapping;
    else problems.push(...m.problems.map((p) => `${path}: ${p.path}: ${p.message}`));
  }
  if (mappings.salesforce && mappings.hubspot) {
    for (const p of checkMappingPair(mappings.salesforce, mappings.hubspot)) {
      problems.push(`${mappingPath(dir, p.crm ?? "hubspot")}: ${p.path}: ${p.message}`);
    }
  }
  return { mappings, problems };
}

/** Where records open: the sandbox's emulators, or the org/portal named in the environment. */
function recordLinkBases(config: ServiceConfig, sandbox: Sandbox | null): RecordLinkBases {
  if (sandbox) {
    return {
      salesforce: sandbox.salesforce.url,
      hubspot: { appUrl: sandbox.hubspot.url, portalId: sandbox.hubspot.portal.portalId },
    };
  }
  const portal = config.env.HUBSPOT_PORTAL_ID;
  return {
    salesforce: config.env.SALESFORCE_INSTANCE_URL ?? null,
    hubspot: portal ? { appUrl: "https://app.hubspot.com", portalId: portal } : null,
  };
}

function storeEnv(config: ServiceConfig): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  if (config.store.kind === "postgres") env.DATABASE_URL = config.store.url;
  else env.DATA_DIR = config.store.dataDir;
  if (config.env.DATABASE_SCHEMA) env.DATABASE_SCHEMA = config.env.DATABASE_SCHEMA;
  return env;
}

export async function composeService(
  config: ServiceConfig,
  deps: { logger: Logger; metrics: Metrics },
): Promise<ComposeResult> {
  const { logger, metrics } = deps;
  const crms = await startCrms(config, logger);
  const closeCrms = async () => {
    await Promise.allSettled(Object.values(crms.connectors).map((c) => c?.close()));
    await crms.sandbox?.close();
  };
  const loaded = await loadMappings(config.mappingsDir, Object.keys(crms.connectors) as CrmName[]);
  const problems = [...crms.problems, ...loaded.problems];
  if (problems.length > 0) {
    await closeCrms();
    return { ok: false, problems };
  }
  const opened = await tryOpenStoreFromEnv(storeEnv(config));
  if (!opened.ok) {
    await closeCrms();
    return { ok: false, problems: [opened.error.message] };
  }
  const store = opened.value;
  const { sandbox } = crms;
  const baseTimer = createComputeTimer(metrics);
  // The console's live progress hears the same begin/end and progress events as the timer.
  const liveRuns = createLiveRuns();
  const timer = {
    progress: liveRuns.progress(baseTimer.progress),
    begin: (kind: "sync" | "reconcile") => {
      baseTimer.begin(kind);
      liveRuns.begin(kind);
    },
    end: () => {
      baseTimer.end();
      liveRuns.end();
    },
  };
  const links = createRecordLinks(recordLinkBases(config, sandbox));
  const describe = createDescribeCache(crms.connectors);
  // The runtime reads this object at every run; the mappings admin swaps entries between runs.
  const live = loaded.mappings;
  const baseRuntime = createSyncRuntime({
    store,
    connectors: crms.connectors,
    mappings: live,
    ...(crms.fx ? { fx: crms.fx } : {}),
    ...(config.programPath ? { programPath: config.programPath } : {}),
    logger: logger.child({ component: "sync" }),
    progress: timer.progress,
  });
  // Each run's end samples the CRMs' API usage for the console's chart.
  const runtime = withUsageSampling(baseRuntime, { store, connectors: crms.connectors });
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
  const triggers = new Map<string, RunTrigger>();
  const jobs = createJobs({
    runtime,
    store,
    metrics,
    computeTimer: timer,
    beforeRun: () => mappings.applyPending(),
    triggers,
  });
  await refreshQuarantineGauge(store, metrics).catch(() => undefined);

  let served = config;
  let dispatcher: WebhookDispatcher | null = null;
  if (sandbox) {
    // The sandbox HubSpot app signs its webhooks with this secret and the service checks them
    // with it; Outbound Messages must name the sandbox org.
    served = {
      ...config,
      hubspotWebhookSecret: config.hubspotWebhookSecret ?? randomBytes(24).toString("hex"),
      salesforceOrgId: sandbox.salesforce.org.orgId,
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
      runs: createRunsAdmin({ store, triggers }),
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
    sessions: store.adminSessions,
    async onListening({ url, jobs: runner, guard, logger: log }) {
      if (!sandbox || !secret) return;
      // HubSpot calls this service's own route. The emulator's webhook options are fixed at its
      // start (startSandbox takes none), so a dispatcher is attached to its portal here.
      const loopback = url.replace(/\/\/(0\.0\.0\.0|\[::\])/, "//127.0.0.1");
      const targetUrl = `${served.publicUrl ?? loopback}/webhooks/hubspot`;
      dispatcher = new WebhookDispatcher(
        webhookOptionsSchema.parse({ targetUrl, clientSecret: secret }),
        sandbox.hubspot.portal.state,
      );
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
      const d = dispatcher as WebhookDispatcher | null;
      d?.close();
      await store.close();
      await closeCrms();
    },
  };

  const guard =
    config.store.kind === "postgres"
      ? createPgRunGuard({ connectionString: config.store.url, schema: store.schema })
      : undefined;
  return { ok: true, value: { ports, config: served, store, sandbox, ...(guard ? { guard } : {}) } };
}
