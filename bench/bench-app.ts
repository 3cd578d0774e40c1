// The service's express app as the benchmarks run it: every webhook and job off (a bench calls
// only the routes it measures), silent logs, listening on a free local port. Shared by
// bench:console and bench:cards so both measure the same app.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { type AppDeps, buildApp } from "../src/service/app.ts";
import { createJobRunner } from "../src/service/job-runner.ts";
import { createMetrics } from "../src/service/metrics.ts";
import { createLocalRunGuard } from "../src/service/scheduler/run-guard.ts";

export interface BenchApp {
  server: Server;
  base: string;
}

export async function startBenchApp(
  store: { ping(): Promise<boolean> },
  deps: Partial<AppDeps["config"]> & Pick<AppDeps, "admin"> & Partial<Pick<AppDeps, "sessions" | "cards">>,
): Promise<BenchApp> {
  const { admin, sessions, cards, ...config } = deps;
  const metrics = createMetrics();
  const logger = pino({ level: "silent" });
  const unused = async (): Promise<never> => {
    throw new Error("not used by the benchmark");
  };
  const app = buildApp({
    config: {
      adminToken: null,
      salesforceOrgId: null,
      salesforceWebhookSecret: null,
      salesforceWebhookRateLimit: 0,
      hubspotWebhookSecret: null,
      hubspotAppSecret: null,
      hubspotPortalId: null,
      publicUrl: null,
      bodyLimit: "1mb",
      webhookBodyLimit: "1mb",
      ...config,
    },
    logger,
    metrics,
    jobs: createJobRunner({ sync: unused, reconcile: unused }, { metrics, logger }),
    guard: createLocalRunGuard(),
    health: { store: () => store.ping(), crms: async () => ({}) },
    admin,
    ...(sessions ? { sessions } : {}),
    ...(cards ? { cards } : {}),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
