// The CLI's sync runtime: the environment read once (src/compose/runtime-config.ts) and composed
// like every other entry point's (src/compose/compose-runtime.ts). With no CRM credentials at all,
// a sandbox (both emulators, seeded with the demo data) is started in-process instead.
import { pino } from "pino";
import type { Sandbox } from "../../sandbox/index.ts";
import { composeRuntime } from "../compose/compose-runtime.ts";
import { runtimeConfigFromEnv } from "../compose/runtime-config.ts";
import { createLogger } from "../service/logger.ts";
import type { Store } from "../store/index.ts";
import type { SyncRuntime } from "../sync/runtime.ts";
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
  const config = runtimeConfigFromEnv(env);
  if (!config.ok) return config;
  const logger = cliLogger();
  if (config.value.crms.kind === "sandbox") {
    logger.warn("no CRM credentials in the environment: sandbox mode (in-process emulators, demo data)");
  }
  const composed = await composeRuntime(config.value, { logger, progress: progressFor() });
  if (!composed.ok) return composed;
  const { runtime, store, sandbox, close } = composed.value;
  return { ok: true, value: { runtime, store, sandbox, close } };
}
