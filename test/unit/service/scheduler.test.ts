import { describe, expect, it } from "vitest";
import { createJobRunner } from "../../../src/service/job-runner.ts";
import { createLogger } from "../../../src/service/logger.ts";
import { createMetrics } from "../../../src/service/metrics.ts";
import { createLocalRunGuard } from "../../../src/service/scheduler/run-guard.ts";
import { createScheduler } from "../../../src/service/scheduler/scheduler.ts";
import { captureLogs, FakeJobs } from "./helpers.ts";

function setup(schedule = { syncCron: "0 0 1 1 *", reconcileCron: "0 0 1 1 *", timezone: "UTC" }) {
  const logs = captureLogs();
  const logger = createLogger({ level: "debug" }, logs.stream);
  const metrics = createMetrics();
  const fake = new FakeJobs();
  const jobs = createJobRunner(fake, { metrics, logger });
  const scheduler = createScheduler({ schedule, jobs, guard: createLocalRunGuard(), logger, metrics });
  return { logs, metrics, fake, jobs, scheduler };
}

const T1 = new Date("2026-05-01T00:05:00.000Z");
const T2 = new Date("2026-05-01T00:10:00.000Z");

describe("scheduler", () => {
  it("skips and logs a tick that overlaps the previous run of the same job", async () => {
    const { logs, metrics, fake, scheduler } = setup();
    let release!: () => void;
    fake.gate = new Promise((resolve) => {
      release = resolve;
    });
    const first = scheduler.tick("sync", T1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await scheduler.tick("sync", T2)).toBe("skipped_overlap");
    // Another job is not blocked by it.
    const reconcile = scheduler.tick("reconcile", T2);
    release();
    expect(await first).toBe("ran");
    expect(await reconcile).toBe("ran");
    expect(fake.syncCalls).toHaveLength(1);
    expect(fake.syncCalls[0]?.trigger).toBe("schedule");
    const skipped = logs.lines.find(
      (l) => l.msg === "sync tick skipped: the previous sync run is still going",
    );
    expect(skipped).toMatchObject({ level: 40, job: "sync", tick: "2026-05-01T00:10:00.000Z" });
    const text = await metrics.registry.metrics();
    expect(text).toContain('incentives_scheduled_ticks_total{job="sync",result="skipped_overlap"} 1');
    expect(text).toContain('incentives_scheduled_ticks_total{job="sync",result="ran"} 1');
  });

  it("reports idle only once the ticks in flight have finished (shutdown waits for it)", async () => {
    const { fake, scheduler } = setup();
    let release!: () => void;
    fake.gate = new Promise((resolve) => {
      release = resolve;
    });
    const running = scheduler.tick("sync", T1);
    expect(await scheduler.idle(30)).toBe(false);
    release();
    expect(await scheduler.idle(1_000)).toBe(true);
    expect(await running).toBe("ran");
  });

  it("runs a tick once even if it fires twice, and a run that throws is logged and counted, not fatal", async () => {
    const { logs, fake, scheduler } = setup();
    expect(await scheduler.tick("reconcile", T1)).toBe("ran");
    expect(await scheduler.tick("reconcile", new Date(T1.getTime() + 400))).toBe("claimed_elsewhere");
    fake.reconcile = async () => {
      throw new Error("store down");
    };
    expect(await scheduler.tick("reconcile", T2)).toBe("failed");
    expect(logs.lines.some((l) => l.msg === "reconcile tick failed")).toBe(true);
  });

  it("fires ticks from node-cron in the configured time zone and stops firing on stop()", async () => {
    const { fake, scheduler } = setup({
      syncCron: "* * * * * *",
      reconcileCron: "0 2 * * *",
      timezone: "Europe/Paris",
    });
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    await scheduler.stop();
    const fired = fake.syncCalls.length;
    expect(fired).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(fake.syncCalls.length).toBe(fired);
    expect(fake.reconcileCalls).toBe(0);
  });
});

describe("job runner", () => {
  it("waits for runs in flight on drain, and aborts them through the signal after the timeout", async () => {
    const { fake, jobs } = setup();
    let seen: AbortSignal | undefined;
    fake.sync = (request) => {
      seen = request.signal;
      return new Promise((_resolve, reject) => {
        request.signal?.addEventListener("abort", () => reject(new Error("aborted")));
      });
    };
    const run = jobs.sync({ trigger: "schedule" }).catch((error: Error) => error.message);
    expect(jobs.inFlight()).toBe(1);
    expect(await jobs.drain(50)).toBe(false);
    jobs.abort();
    expect(seen?.aborted).toBe(true);
    expect(await run).toBe("aborted");
    expect(await jobs.drain(50)).toBe(true);
    expect(jobs.inFlight()).toBe(0);
  });

  it("records outcomes and the last successful reconcile time", async () => {
    const { fake, jobs, metrics } = setup();
    await jobs.reconcile({ trigger: "schedule" });
    fake.next = { outcome: "partial" };
    await jobs.sync({ trigger: "webhook" });
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'incentives_runs_total{kind="reconcile",outcome="succeeded",trigger="schedule"} 1',
    );
    expect(text).toContain('incentives_runs_total{kind="sync",outcome="partial",trigger="webhook"} 1');
    expect(text).toContain("incentives_last_successful_reconcile_timestamp_seconds 1777593601");
  });
});
