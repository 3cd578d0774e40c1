// `incentives serve`: parse config once (exit 2 listing every problem), log the mode on the
// first line, compose the product behind the ports (compose.ts: store, sandbox or real CRMs,
// mappings, sync runtime), start the service, and shut down gracefully on SIGTERM/SIGINT.
import { composeService } from "./compose.ts";
import type { LoadConfigOptions } from "./config.ts";
import { loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { startService } from "./main.ts";
import { metrics } from "./metrics.ts";

export const EXIT_OK = 0;
export const EXIT_BAD_CONFIG = 2;

export async function serve(
  env: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions & { onReady?: (url: string) => void } = {},
): Promise<number> {
  const loaded = loadConfig(env, options);
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
    if (config.crms.salesforce && config.salesforceWebhookSecret === null) {
      logger.warn(
        "SALESFORCE_WEBHOOK_SECRET is not set: /webhooks/salesforce refuses every Outbound Message (docs/service.md)",
      );
    }
  }

  const composed = await composeService(config, { logger, metrics });
  if (!composed.ok) {
    logger.error({ problems: composed.problems }, "cannot start: the product could not be composed");
    process.stderr.write(
      `incentives serve: cannot start:\n${composed.problems.map((p) => `  - ${p}`).join("\n")}\n`,
    );
    return EXIT_BAD_CONFIG;
  }
  const { ports, guard } = composed.value;
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    service = await startService(composed.value.config, {
      logger,
      metrics,
      ports,
      ...(guard ? { guard } : {}),
    });
  } catch (error) {
    await ports.close().catch(() => undefined);
    throw error;
  }
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
