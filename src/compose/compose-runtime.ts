// The composition root: one runtime from one RuntimeConfig, for the CLI, the service, the demo
// and the benches alike. Starts the sandbox CRMs or builds the real connectors, reads the FX
// rates, loads both mappings and checks that they agree, opens the store and creates the sync
// runtime. `close()` releases everything it opened, connectors included.
import type { Logger } from "pino";
import { createHubSpotConnector } from "../../connectors/hubspot/index.ts";
import { createSalesforceConnector } from "../../connectors/salesforce/index.ts";
import type { CrmConnector, CrmName } from "../../connectors/types.ts";
import { type Sandbox, startSandbox } from "../../sandbox/index.ts";
import type { Data } from "../engine/index.ts";
import { openStore, type Store, StoreBusyError, StoreConfigError } from "../store/index.ts";
import { checkMappingPair, loadMapping, type Mapping, mappingPath } from "../sync/mapping/index.ts";
import type { Progress } from "../sync/progress.ts";
import { createSyncRuntime, type SyncRuntime } from "../sync/runtime.ts";
import { readFx } from "./fx.ts";
import type { Parsed, RuntimeConfig } from "./runtime-config.ts";

export interface ComposedRuntime {
  runtime: SyncRuntime;
  store: Store;
  connectors: Partial<Record<CrmName, CrmConnector>>;
  /** The object the runtime reads at every run: replacing an entry takes effect at the next run. */
  mappings: Partial<Record<CrmName, Mapping>>;
  fx: Data["fx"] | undefined;
  /** The in-process emulators in sandbox mode, else null. */
  sandbox: Sandbox | null;
  /** Closes the store, every connector and the sandbox; safe to call twice. */
  close(): Promise<void>;
}

export interface ComposeDeps {
  logger: Logger;
  /** The sync runtime's logger (default: `logger`). */
  syncLogger?: Logger;
  progress?: Progress;
  /**
   * Epoch-ms clock for the sandbox emulators and the sync runtime (INCENTIVES_NOW still wins for
   * the runtime). `incentives demo` moves it to replay the year's partner changes (§6).
   */
  clock?: () => number;
}

interface Crms {
  connectors: Partial<Record<CrmName, CrmConnector>>;
  fx: Data["fx"] | undefined;
  sandbox: Sandbox | null;
}

async function startCrms(config: RuntimeConfig, logger: Logger, clock?: () => number): Promise<Crms> {
  const source = config.crms;
  if (source.kind === "sandbox") {
    const sandbox = await startSandbox({
      seed: source.seed,
      ...(clock ? { now: clock } : {}),
      ...(source.host ? { host: source.host } : {}),
      ...(source.noRateLimits ? { noRateLimits: true } : {}),
    });
    logger.info(
      { salesforce: sandbox.salesforce.url, hubspot: sandbox.hubspot.url, seeded: sandbox.seeded },
      "sandbox CRMs started (in-process emulators seeded with demo data)",
    );
    // sandboxConnectors: HubSpot search lag 0, so a webhook-triggered sync sees the change at once.
    return { connectors: sandbox.connectors(), fx: sandbox.fx, sandbox };
  }
  if (source.kind === "given") return { connectors: source.connectors, fx: source.fx, sandbox: null };
  // Only the CRMs with credentials are connected; a company may run on one of them.
  const connectors: Partial<Record<CrmName, CrmConnector>> = {};
  if (source.salesforce) {
    connectors.salesforce = createSalesforceConnector(source.salesforce, {
      logger: logger.child({ crm: "salesforce" }),
    });
  }
  if (source.hubspot) {
    connectors.hubspot = createHubSpotConnector(source.hubspot, { logger: logger.child({ crm: "hubspot" }) });
  }
  return { connectors, fx: undefined, sandbox: null };
}

/** Both mappings, each validated, and — when both CRMs are connected — checked against each other. */
export async function loadMappings(
  dir: string,
  crms: CrmName[],
): Promise<{ mappings: Partial<Record<CrmName, Mapping>>; problems: string[] }> {
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

async function tryOpenStore(config: RuntimeConfig): Promise<Parsed<Store>> {
  try {
    return { ok: true, value: await openStore(config.store) };
  } catch (error) {
    if (error instanceof StoreConfigError || error instanceof StoreBusyError) {
      return { ok: false, problems: [error.message] };
    }
    throw error;
  }
}

export async function composeRuntime(
  config: RuntimeConfig,
  deps: ComposeDeps,
): Promise<Parsed<ComposedRuntime>> {
  const { logger } = deps;
  // Configuration first: nothing is started and no CRM is called with a bad fx file.
  let fileFx: Data["fx"] | undefined;
  if (config.fxFile) {
    const read = await readFx(config.fxFile);
    if (!read.ok) return read;
    fileFx = read.value;
  }
  const crms = await startCrms(config, logger, deps.clock);
  let closed: Promise<void> | null = null;
  let store: Store | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      await store?.close();
      await Promise.allSettled(Object.values(crms.connectors).map((c) => c?.close()));
      await crms.sandbox?.close();
    })();
    return closed;
  };
  const problems: string[] = [];
  const fx = fileFx ?? crms.fx;
  const loaded = await loadMappings(config.mappingsDir, Object.keys(crms.connectors) as CrmName[]);
  problems.push(...loaded.problems);
  if (problems.length > 0) {
    await close();
    return { ok: false, problems };
  }
  const opened = await tryOpenStore(config);
  if (!opened.ok) {
    await close();
    return opened;
  }
  store = opened.value;
  const now = config.now;
  const runtime = createSyncRuntime({
    store,
    connectors: crms.connectors,
    mappings: loaded.mappings,
    ...(fx ? { fx } : {}),
    ...(config.programPath ? { programPath: config.programPath } : {}),
    ...(now ? { clock: () => new Date(now) } : deps.clock ? { clock: () => new Date(deps.clock!()) } : {}),
    logger: deps.syncLogger ?? logger,
    ...(deps.progress ? { progress: deps.progress } : {}),
  });
  return {
    ok: true,
    value: {
      runtime,
      store,
      connectors: crms.connectors,
      mappings: loaded.mappings,
      fx,
      sandbox: crms.sandbox,
      close,
    },
  };
}
