// Starts the service: HTTP server, scheduler, and graceful shutdown. buildApp stays free of
// listening and signals so tests can run it in-process; this module owns both.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookInboxRepo, WebhookReplayRepo } from "../store/index.ts";
import { buildApp } from "./app.ts";
import type { ServiceConfig } from "./config.ts";
import type { SessionStore } from "./console/sessions.ts";
import { createJobRunner } from "./job-runner.ts";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";
import type { Admin, Health, HubSpotCards, Jobs } from "./ports.ts";
import { createPgRunGuard } from "./scheduler/pg-run-guard.ts";
import type { RunGuard } from "./scheduler/run-guard.ts";
import { createLocalRunGuard } from "./scheduler/run-guard.ts";
import { createScheduler } from "./scheduler/scheduler.ts";
import { createInboxDrainer } from "./webhooks/inbox-drainer.ts";

/** What the product layers provide. `close` releases the store and CRM clients. */
export interface ServicePorts {
  jobs: Jobs;
  health: Health;
  admin: Admin;
  /** What the HubSpot app cards show (issue #14); absent: the card routes answer 503. */
  cards?: HubSpotCards;
  /** Where console sessions live (the store, so sign-out holds on every replica). */
  sessions?: SessionStore;
  /**
   * The store's webhook tables (issue #20): webhooks are answered once their records are in the
   * inbox, a drainer syncs them; HubSpot replays are refused across restarts. Absent: webhooks
   * sync before answering and replays are remembered in memory only.
   */
  webhooks?: { inbox: WebhookInboxRepo; replay: WebhookReplayRepo };
  /**
   * Called once the server listens, with its URL and the service's own job runner and guard
   * (runs started here are counted, logged and guarded like any other). Errors are logged.
   */
  onListening?(context: { url: string; jobs: Jobs; guard: RunGuard; logger: Logger }): Promise<void> | void;
  close(): Promise<void>;
}

export interface RunningService {
  server: Server;
  url: string;
  /** Idempotent; resolves when everything is closed. */
  stop(reason: string): Promise<void>;
}

export async function startService(
  config: ServiceConfig,
  deps: { logger: Logger; metrics: Metrics; ports: ServicePorts; guard?: RunGuard },
): Promise<RunningService> {
  const { logger, metrics, ports } = deps;
  const guard =
    deps.guard ??
    (config.store.kind === "postgres"
      ? createPgRunGuard({ connectionString: config.store.url })
      : createLocalRunGuard());
  const jobs = createJobRunner(ports.jobs, { metrics, logger });
  const drainer = ports.webhooks
    ? createInboxDrainer({
        repo: ports.webhooks.inbox,
        jobs,
        logger,
        onPending: (n) => metrics.webhookInboxPending.set(n),
      })
    : null;
  const app = buildApp({
    config,
    logger,
    metrics,
    jobs,
    guard,
    health: ports.health,
    admin: ports.admin,
    ...(ports.cards ? { cards: ports.cards } : {}),
    ...(ports.sessions ? { sessions: ports.sessions } : {}),
    ...(drainer ? { inbox: drainer } : {}),
    ...(ports.webhooks ? { replay: ports.webhooks.replay } : {}),
  });

  const server: Server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject); // e.g. EADDRINUSE: serve fails instead of hanging
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ port: address.port, adminApi: config.adminToken !== null }, "listening");

  const scheduler = createScheduler({
    schedule: {
      syncCron: config.schedule.syncCron,
      reconcileCron: config.schedule.reconcileCron,
      timezone: config.schedule.reconcileTz,
    },
    jobs,
    guard,
    logger,
    metrics,
  });
  // Records left in the inbox by an earlier process (or a failed sync) are synced from here on.
  drainer?.start();
  if (config.schedule.enabled) scheduler.start();
  else logger.info("scheduler disabled (SCHEDULER_ENABLED=false)");
  try {
    await ports.onListening?.({ url, jobs, guard, logger });
  } catch (error) {
    logger.error({ err: error }, "start-up step after listening failed");
  }

  let stopping: Promise<void> | null = null;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ reason, runsInFlight: jobs.inFlight() }, "shutting down: no new work accepted");
      await scheduler.stop();
      // No new inbox passes; the one in flight ends with its run (drained or aborted below).
      const drainerStopped = drainer?.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (!(await jobs.drain(config.shutdownTimeoutMs))) {
        // Runs checkpoint per page, so an aborted run resumes from its cursor next time.
        logger.warn(
          { timeoutMs: config.shutdownTimeoutMs },
          "runs still in flight after the timeout: aborting them",
        );
        jobs.abort();
        await jobs.drain(5_000);
      }
      server.closeAllConnections();
      await closed;
      await drainerStopped;
      // A tick between firing and its run (claiming, locking) must not find the guard closed.
      await scheduler.idle(5_000);
      await guard
        .close()
        .catch((error: unknown) => logger.error({ err: error }, "closing the run guard failed"));
      await ports.close().catch((error: unknown) => logger.error({ err: error }, "closing the store failed"));
      logger.info("stopped");
    })();
    return stopping;
  };

  return { server, url, stop };
}
