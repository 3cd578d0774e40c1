// `incentives serve`: parse config once (exit 2 listing every problem), log the mode on the
// first line, start the service, and shut down gracefully on SIGTERM/SIGINT.
// Until the sync orchestration lands, runs are recorded as "unavailable" (see unavailable.ts)
// and the admin document routes answer 501; the logs say so at start.
import pg from "pg";
import { hubSpotConfigFromEnv, parseHubSpotConfig } from "../../connectors/hubspot/config.ts";
import { salesforceConfigFromEnv } from "../../connectors/salesforce/config.ts";
import type { ExtraCheck, LoadConfigOptions, ServiceConfig } from "./config.ts";
import { CRM_CREDENTIAL_KEYS, loadConfig } from "./config.ts";
import type { Logger } from "./logger.ts";
import { createLogger } from "./logger.ts";
import type { ServicePorts } from "./main.ts";
import { startService } from "./main.ts";
import { metrics } from "./metrics.ts";
import type { Health } from "./ports.ts";
import {
  createInMemoryRunLog,
  createUnavailableAdmin,
  createUnavailableJobs,
  NOT_WIRED_MESSAGE,
} from "./unavailable.ts";

export const EXIT_OK = 0;
export const EXIT_BAD_CONFIG = 2;

/** PostgreSQL answers `SELECT 1`; PGlite has no store module wired yet, so it reports false. */
function storeHealth(config: ServiceConfig): { health: Health["store"]; close(): Promise<void> } {
  if (config.store.kind !== "postgres") return { health: async () => false, close: async () => {} };
  const pool = new pg.Pool({ connectionString: config.store.url, max: 1, connectionTimeoutMillis: 2_000 });
  pool.on("error", () => {}); // an idle client's network error must not crash the process
  return {
    health: async () => {
      await pool.query("SELECT 1");
      return true;
    },
    close: () => pool.end(),
  };
}

/**
 * The connectors validate their own variables; in connected mode their problems join ours so
 * one start lists everything. Their messages never contain values.
 */
export const connectorConfigChecks: ExtraCheck[] = [
  (env) => {
    if (!CRM_CREDENTIAL_KEYS.salesforce.some((key) => env[key])) return [];
    const result = salesforceConfigFromEnv(env);
    return result.ok ? [] : result.problems.map((p) => `Salesforce connector: ${p}`);
  },
  (env) => {
    if (!CRM_CREDENTIAL_KEYS.hubspot.some((key) => env[key])) return [];
    const result = parseHubSpotConfig(hubSpotConfigFromEnv(env));
    return result.ok ? [] : result.problems.map((p) => `HubSpot connector: ${p}`);
  },
];

function placeholderPorts(config: ServiceConfig, logger: Logger): ServicePorts {
  const runs = createInMemoryRunLog();
  const store = storeHealth(config);
  logger.warn(NOT_WIRED_MESSAGE);
  return {
    jobs: createUnavailableJobs(runs),
    health: {
      store: store.health,
      // No connector or emulator is started by this build, so no CRM is authenticated.
      crms: async () => ({ salesforce: false, hubspot: false }),
    },
    admin: createUnavailableAdmin(runs),
    close: store.close,
  };
}

export async function serve(
  env: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions & { onReady?: (url: string) => void } = {},
): Promise<number> {
  const loaded = loadConfig(env, { extraChecks: connectorConfigChecks, ...options });
  if (!loaded.ok) {
    process.stderr.write(
      `incentives serve: invalid configuration (${loaded.problems.length} problem${loaded.problems.length === 1 ? "" : "s"}):\n${loaded.problems.map((p) => `  - ${p}`).join("\n")}\n`,
    );
    return EXIT_BAD_CONFIG;
  }
  const config = loaded.config;
  const logger = createLogger({ level: config.logLevel });
  if (config.mode === "sandbox") {
    logger.info(
      { mode: "sandbox", store: config.store.kind },
      "starting in sandbox mode: no CRM credentials configured",
    );
  } else {
    logger.info(
      { mode: "connected", store: config.store.kind },
      "starting in connected mode: real Salesforce and HubSpot",
    );
  }

  const service = await startService(config, { logger, metrics, ports: placeholderPorts(config, logger) });
  options.onReady?.(service.url);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      service.stop(signal).then(resolve, (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        resolve();
      });
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
  return EXIT_OK;
}
