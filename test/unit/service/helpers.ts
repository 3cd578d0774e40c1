// Test harness: buildApp with test doubles of the ports, served on an ephemeral loopback port,
// logs captured as parsed JSON lines.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import type { AppDeps } from "../../../src/service/app.ts";
import { buildApp } from "../../../src/service/app.ts";
import { createJobRunner } from "../../../src/service/job-runner.ts";
import type { Logger } from "../../../src/service/logger.ts";
import { createLogger } from "../../../src/service/logger.ts";
import type { Metrics } from "../../../src/service/metrics.ts";
import { createMetrics } from "../../../src/service/metrics.ts";
import type {
  Admin,
  Health,
  Jobs,
  ReconcileRequest,
  RunSummary,
  SyncRequest,
} from "../../../src/service/ports.ts";
import { createLocalRunGuard } from "../../../src/service/scheduler/run-guard.ts";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123";
export const ORG_ID = "00D5e000000KQ2eEAG";
export const HUBSPOT_SECRET = "hubspot-app-client-secret-for-tests";
export const SALESFORCE_WEBHOOK_SECRET = "salesforce-outbound-shared-secret";

export interface CapturedLogs {
  stream: Writable;
  lines: Array<Record<string, unknown>>;
  text(): string;
}

export function captureLogs(): CapturedLogs {
  const raw: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      const text = String(chunk);
      raw.push(text);
      for (const line of text.split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { stream, lines, text: () => raw.join("") };
}

export function summary(kind: "sync" | "reconcile", overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: "run-1",
    kind,
    trigger: "api",
    outcome: "succeeded",
    startedAt: "2026-05-01T00:00:00.000Z",
    finishedAt: "2026-05-01T00:00:01.000Z",
    counts: { read: 3, written: 2 },
    ...overrides,
  };
}

export class FakeJobs implements Jobs {
  syncCalls: SyncRequest[] = [];
  reconcileCalls = 0;
  next: Partial<RunSummary> = {};
  gate: Promise<void> | null = null;
  async sync(request: SyncRequest): Promise<RunSummary> {
    this.syncCalls.push(request);
    if (this.gate) await this.gate;
    return summary("sync", { trigger: request.trigger, ...this.next });
  }
  async reconcile(request: ReconcileRequest): Promise<RunSummary> {
    this.reconcileCalls++;
    if (this.gate) await this.gate;
    return summary("reconcile", { trigger: request.trigger, ...this.next });
  }
}

const notUsed = async (): Promise<never> => {
  throw new Error("this port method is not used by the test");
};

export function fakeAdmin(overrides: Partial<Admin> = {}): Admin {
  return {
    mappings: { get: notUsed, validate: notUsed, replace: notUsed },
    programs: { list: notUsed, validate: notUsed, publish: notUsed },
    simulate: { simulate: notUsed, start: notUsed, job: () => null },
    statements: { get: notUsed },
    ledger: { list: notUsed },
    runs: { list: notUsed },
    quarantine: { list: notUsed, retry: notUsed, dismiss: notUsed },
    payouts: {
      list: notUsed,
      get: notUsed,
      act: notUsed,
      correct: notUsed,
      exportBatch: notUsed,
      batches: notUsed,
      batchFile: notUsed,
      markPaid: notUsed,
      disputes: notUsed,
      openDispute: notUsed,
      resolveDispute: notUsed,
      closePeriod: notUsed,
    },
    ...overrides,
  };
}

export interface TestApp {
  url: string;
  jobs: FakeJobs;
  logs: CapturedLogs;
  metrics: Metrics;
  logger: Logger;
  close(): Promise<void>;
  /** fetch with the admin bearer token. */
  admin(path: string, init?: RequestInit): Promise<Response>;
}

export async function startTestApp(
  options: {
    admin?: Partial<Admin>;
    health?: Health;
    config?: Partial<AppDeps["config"]>;
    clock?: () => number;
    readyTimeoutMs?: number;
    /** Webhook inbox and replay store (the service's are the store's); absent: direct, memory. */
    inbox?: AppDeps["inbox"];
    replay?: AppDeps["replay"];
    jobs?: FakeJobs;
    cards?: AppDeps["cards"];
  } = {},
): Promise<TestApp> {
  const logs = captureLogs();
  const logger = createLogger({ level: "debug" }, logs.stream);
  const metrics = createMetrics();
  const jobs = options.jobs ?? new FakeJobs();
  const app = buildApp({
    config: {
      adminToken: ADMIN_TOKEN,
      salesforceOrgId: ORG_ID,
      salesforceWebhookSecret: SALESFORCE_WEBHOOK_SECRET,
      salesforceWebhookRateLimit: 120,
      hubspotWebhookSecret: HUBSPOT_SECRET,
      hubspotAppSecret: null,
      hubspotPortalId: null,
      publicUrl: null,
      bodyLimit: "1kb",
      webhookBodyLimit: "8kb",
      ...options.config,
    },
    logger,
    metrics,
    jobs: createJobRunner(jobs, { metrics, logger }),
    guard: createLocalRunGuard(),
    health: options.health ?? {
      store: async () => true,
      crms: async () => ({ salesforce: true, hubspot: true }),
    },
    admin: fakeAdmin(options.admin),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.readyTimeoutMs ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
    ...(options.inbox ? { inbox: options.inbox } : {}),
    ...(options.replay ? { replay: options.replay } : {}),
    ...(options.cards ? { cards: options.cards } : {}),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    jobs,
    logs,
    metrics,
    logger,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    admin: (path, init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(init.headers as Record<string, string>) },
      }),
  };
}

export function jsonInit(method: string, body: unknown): RequestInit {
  return { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}
