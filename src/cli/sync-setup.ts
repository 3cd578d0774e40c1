// Builds the sync runtime for the CLI from the environment: the store (DATABASE_URL or
// DATA_DIR), each CRM whose credentials are set (the connectors' own config parsers), the
// mappings (MAPPINGS_DIR, default ./mappings) and FX rates (INCENTIVES_FX_FILE). With no CRM
// credentials at all, a sandbox (both emulators, seeded) is started in-process instead.
import { readFile } from "node:fs/promises";
import { pino } from "pino";
import { parse as parseYaml } from "yaml";
import { configuredCrms } from "../../connectors/credentials.ts";
import {
  createHubSpotConnector,
  hubSpotConfigFromEnv,
  parseHubSpotConfig,
} from "../../connectors/hubspot/index.ts";
import { createSalesforceConnector, salesforceConfigFromEnv } from "../../connectors/salesforce/index.ts";
import type { CrmConnector, CrmName } from "../../connectors/types.ts";
import { type Sandbox, startSandbox } from "../../sandbox/index.ts";
import type { Data } from "../engine/index.ts";
import { createLogger } from "../service/logger.ts";
import { tryOpenStoreFromEnv } from "../store/open-store.ts";
import type { Store } from "../store/store.ts";
import { loadMapping, type Mapping, mappingPath } from "../sync/mapping/index.ts";
import { createSyncRuntime, type SyncRuntime } from "../sync/runtime.ts";
import { progressFor } from "./progress-bar.ts";

export interface CliSync {
  runtime: SyncRuntime;
  store: Store;
  sandbox: Sandbox | null;
  close(): Promise<void>;
}

export type SetupResult = { ok: true; value: CliSync } | { ok: false; problems: string[] };

export function cliLogger() {
  // Plain structured lines when stderr is not a terminal; warnings only under a progress bar.
  // The service's logger factory, so the CLI redacts tokens and secrets the same way.
  return createLogger(
    { level: process.env.LOG_LEVEL ?? (process.stderr.isTTY ? "warn" : "info") },
    pino.destination(2),
  );
}

export async function setupSync(env: NodeJS.ProcessEnv = process.env): Promise<SetupResult> {
  const problems: string[] = [];
  const connectors: Partial<Record<CrmName, CrmConnector>> = {};
  const logger = cliLogger();
  let sandbox: Sandbox | null = null;
  let fx: Data["fx"] | undefined;
  // Decided as the service decides: any credential variable of a CRM connects it.
  const { salesforce: hasSf, hubspot: hasHs } = configuredCrms(env);
  if (!hasSf && !hasHs) {
    logger.warn("no CRM credentials in the environment: sandbox mode (in-process emulators, demo data)");
    sandbox = await startSandbox({ seed: { partners: 200, deals: 4000 } });
    const c = sandbox.connectors();
    connectors.salesforce = c.salesforce;
    connectors.hubspot = c.hubspot;
    fx = sandbox.fx;
  } else {
    if (hasSf) {
      const sf = salesforceConfigFromEnv(env);
      if (sf.ok)
        connectors.salesforce = createSalesforceConnector(sf.config, {
          logger: logger.child({ crm: "salesforce" }),
        });
      else problems.push(...sf.problems.map((p) => `salesforce: ${p}`));
    }
    if (hasHs) {
      const hs = parseHubSpotConfig(hubSpotConfigFromEnv(env));
      if (hs.ok)
        connectors.hubspot = createHubSpotConnector(hs.config, { logger: logger.child({ crm: "hubspot" }) });
      else problems.push(...hs.problems.map((p) => `hubspot: ${p}`));
    }
  }
  if (env.INCENTIVES_FX_FILE) {
    try {
      fx = parseYaml(await readFile(env.INCENTIVES_FX_FILE, "utf8")) as Data["fx"];
    } catch (error) {
      problems.push(`INCENTIVES_FX_FILE: ${(error as Error).message}`);
    }
  }
  const mappings: Partial<Record<CrmName, Mapping>> = {};
  const dir = env.MAPPINGS_DIR ?? "mappings";
  for (const crm of Object.keys(connectors) as CrmName[]) {
    const m = await loadMapping(mappingPath(dir, crm), crm);
    if (m.ok) mappings[crm] = m.mapping;
    else problems.push(...m.problems.map((p) => `${mappingPath(dir, crm)}: ${p.path}: ${p.message}`));
  }
  if (problems.length > 0) {
    await sandbox?.close();
    return { ok: false, problems };
  }
  const opened = await tryOpenStoreFromEnv(env);
  if (!opened.ok) {
    await sandbox?.close();
    return { ok: false, problems: [opened.error.message] };
  }
  const store = opened.value;
  const runtime = createSyncRuntime({
    store,
    connectors,
    mappings,
    ...(fx ? { fx } : {}),
    ...(env.INCENTIVES_PROGRAM ? { programPath: env.INCENTIVES_PROGRAM } : {}),
    ...(env.INCENTIVES_NOW ? { clock: () => new Date(env.INCENTIVES_NOW!) } : {}),
    logger,
    progress: progressFor(),
  });
  return {
    ok: true,
    value: {
      runtime,
      store,
      sandbox,
      close: async () => {
        await store.close();
        await sandbox?.close();
      },
    },
  };
}
