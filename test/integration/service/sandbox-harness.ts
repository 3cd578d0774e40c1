// The real service composed in sandbox mode, in this process: emulators seeded small, PGlite in a
// temporary DATA_DIR, a copy of the shipped mappings in a temporary MAPPINGS_DIR (PUT
// /api/mappings rewrites them), port 0, scheduler off.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ComposedService, composeService } from "../../../src/service/compose.ts";
import { loadConfig } from "../../../src/service/config.ts";
import { createLogger } from "../../../src/service/logger.ts";
import { type RunningService, startService } from "../../../src/service/main.ts";
import { createMetrics, type Metrics } from "../../../src/service/metrics.ts";

export const ADMIN_TOKEN = "sandbox-e2e-admin-token-0123456789abcdef";

export interface SandboxService {
  composed: ComposedService;
  service: RunningService;
  metrics: Metrics;
  url: string;
  mappingsDir: string;
  api(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  /** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
  eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startSandboxService(
  seed: { partners: number; deals: number } = { partners: 20, deals: 200 },
): Promise<SandboxService> {
  const dataDir = await mkdtemp(join(tmpdir(), "incentives-service-data-"));
  const mappingsDir = await mkdtemp(join(tmpdir(), "incentives-service-mappings-"));
  await cp("mappings", mappingsDir, { recursive: true });
  const loaded = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.SERVICE_TEST_LOG_LEVEL ?? "silent",
    ADMIN_TOKEN,
    DATA_DIR: dataDir,
    MAPPINGS_DIR: mappingsDir,
    SCHEDULER_ENABLED: "false",
    SANDBOX_PARTNERS: String(seed.partners),
    SANDBOX_DEALS: String(seed.deals),
    SHUTDOWN_TIMEOUT_MS: "10000",
  });
  if (!loaded.ok) throw new Error(loaded.problems.join("; "));
  const logger = createLogger({ level: loaded.config.logLevel });
  const metrics = createMetrics();
  const composed = await composeService(loaded.config, { logger, metrics });
  if (!composed.ok) throw new Error(composed.problems.join("; "));
  const { ports, guard } = composed.value;
  const service = await startService(composed.value.config, {
    logger,
    metrics,
    ports,
    ...(guard ? { guard } : {}),
  });
  const url = service.url;
  return {
    composed: composed.value,
    service,
    metrics,
    url,
    mappingsDir,
    api: (path, init = {}) =>
      fetch(`${url}${path}`, {
        method: init.method ?? "GET",
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      }),
    async eventually(what, check, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await service.stop("test done");
      await rm(dataDir, { recursive: true, force: true });
      await rm(mappingsDir, { recursive: true, force: true });
    },
  };
}
