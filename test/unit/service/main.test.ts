// startService's graceful shutdown with test doubles of the ports.
import { describe, expect, it } from "vitest";
import type { ServiceConfig } from "../../../src/service/config.ts";
import { loadConfig } from "../../../src/service/config.ts";
import { createLogger } from "../../../src/service/logger.ts";
import { startService } from "../../../src/service/main.ts";
import { createMetrics } from "../../../src/service/metrics.ts";
import { ADMIN_TOKEN, captureLogs, FakeJobs, fakeAdmin } from "./helpers.ts";

function config(overrides: Record<string, string> = {}): ServiceConfig {
  const result = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    ADMIN_TOKEN,
    SCHEDULER_ENABLED: "false",
    ...overrides,
  });
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.config;
}

async function start(overrides: Record<string, string> = {}) {
  const logs = captureLogs();
  const logger = createLogger({ level: "info" }, logs.stream);
  const jobs = new FakeJobs();
  const closed: string[] = [];
  const service = await startService(config(overrides), {
    logger,
    metrics: createMetrics(),
    ports: {
      jobs,
      health: { store: async () => true, crms: async () => ({}) },
      admin: fakeAdmin(),
      close: async () => {
        closed.push(`store closed with ${jobs.reconcileCalls} reconcile(s) started`);
      },
    },
  });
  return { service, jobs, closed, logs };
}

describe("startService shutdown", () => {
  it("stops taking work, lets the run in flight finish, then closes the store", async () => {
    const { service, jobs, closed, logs } = await start();
    let release!: () => void;
    jobs.gate = new Promise((resolve) => {
      release = resolve;
    });
    const inFlight = fetch(`${service.url}/api/reconcile`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    // Stop only once the run is in flight (its handler reached the jobs), not after a fixed delay.
    while (jobs.reconcileCalls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const stopping = service.stop("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 50));
    // New connections are refused while the run finishes.
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
    expect(closed).toEqual([]);
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    await stopping;
    expect(closed).toEqual(["store closed with 1 reconcile(s) started"]);
    expect(logs.lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(["shutting down: no new work accepted", "stopped"]),
    );
  });

  it("aborts a run that outlives SHUTDOWN_TIMEOUT_MS through its AbortSignal", async () => {
    const { service, jobs, closed, logs } = await start({ SHUTDOWN_TIMEOUT_MS: "100" });
    let signal: AbortSignal | undefined;
    jobs.reconcile = (request) => {
      signal = request.signal;
      return new Promise((_resolve, reject) =>
        request.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
      );
    };
    const inFlight = fetch(`${service.url}/api/reconcile`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    }).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await service.stop("SIGTERM");
    expect(signal?.aborted).toBe(true);
    expect(closed).toHaveLength(1);
    expect(logs.lines.some((l) => l.msg === "runs still in flight after the timeout: aborting them")).toBe(
      true,
    );
    await inFlight;
  });
});
