// Two real processes share the local PostgreSQL and fire the same cron ticks (every second for
// sync, every two seconds for reconcile). Each tick must run exactly once in total, no two runs of
// a job may overlap in time, and a replica that sees a tick late must not run it again.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REPLICA = fileURLToPath(new URL("./fixtures/scheduler-replica.ts", import.meta.url));

interface TickLine {
  replica: string;
  job: "sync" | "reconcile";
  tick: string;
  result: "ran" | "skipped_overlap" | "claimed_elsewhere" | "failed";
}

let admin: pg.Pool;
const schemas: string[] = [];

beforeAll(() => {
  admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
});

afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
});

async function freshSchema(): Promise<string> {
  const schema = `svc_sched_${randomBytes(6).toString("hex")}`;
  schemas.push(schema);
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.query(
    `CREATE TABLE "${schema}".executions (job text, replica text, started_at timestamptz, finished_at timestamptz)`,
  );
  return schema;
}

function runReplica(
  env: Record<string, string>,
): Promise<{ ticks: TickLine[]; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REPLICA], {
      env: { ...process.env, TEST_DATABASE_URL: DATABASE_URL, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const ticks = stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as TickLine & { started?: boolean })
        .filter((line) => !line.started);
      resolve({ ticks, code, stderr });
    });
  });
}

async function executions(schema: string) {
  const { rows } = await admin.query<{ job: string; replica: string; started_at: Date; finished_at: Date }>(
    `SELECT job, replica, started_at, finished_at FROM "${schema}".executions ORDER BY started_at`,
  );
  return rows;
}

function expectNoOverlap(rows: Array<{ job: string; started_at: Date; finished_at: Date }>): void {
  for (const job of ["sync", "reconcile"]) {
    const runs = rows.filter((r) => r.job === job);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.started_at.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finished_at.getTime());
    }
  }
}

describe("scheduler across replicas sharing PostgreSQL", () => {
  it("runs each tick exactly once in total when two replicas fire the same ticks", async () => {
    const schema = await freshSchema();
    const common = { SCHEMA: schema, RUN_MS: "150", LIFE_MS: "5500" };
    const [a, b] = await Promise.all([
      runReplica({ ...common, REPLICA: "a" }),
      runReplica({ ...common, REPLICA: "b" }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);

    const all = [...a.ticks, ...b.ticks];
    const byTick = new Map<string, TickLine[]>();
    for (const t of all) byTick.set(`${t.job}@${t.tick}`, [...(byTick.get(`${t.job}@${t.tick}`) ?? []), t]);
    // Both replicas saw most ticks; the test means something only if they competed for them.
    const contested = [...byTick.values()].filter((lines) => lines.length === 2);
    expect(contested.length).toBeGreaterThanOrEqual(6);
    for (const [key, lines] of byTick) {
      const ran = lines.filter((l) => l.result === "ran");
      // On a loaded machine a 150 ms run can outlast the next one-second tick: every replica then
      // skips that tick as an overlap, which is the guard working. Otherwise exactly one runs it.
      if (ran.length === 0)
        expect(
          lines.map((l) => l.result),
          key,
        ).toEqual(lines.map(() => "skipped_overlap"));
      else expect(ran, key).toHaveLength(1);
      // A failed tick's cause is in the replicas' error log: show it with the failure.
      expect(
        lines.map((l) => l.result).filter((r) => r === "failed"),
        `${key}\n${a.stderr}\n${b.stderr}`,
      ).toEqual([]);
    }
    const ranTicks = [...byTick.values()].filter((lines) => lines.some((l) => l.result === "ran")).length;
    const rows = await executions(schema);
    expect(rows).toHaveLength(ranTicks);
    expect(rows.filter((r) => r.job === "reconcile").length).toBeGreaterThanOrEqual(2);
    expectNoOverlap(rows);
    // A tick is claimed only by the replica that runs it (an overlap skip claims nothing).
    const claims = await admin.query(`SELECT count(*)::int AS n FROM "${schema}".scheduled_ticks`);
    expect(claims.rows[0].n).toBe(ranTicks);
  });

  it("does not run a tick again on a slow replica that sees it after the other replica finished it", async () => {
    const schema = await freshSchema();
    const common = { SCHEMA: schema, RUN_MS: "50", LIFE_MS: "4500" };
    const [fast, slow] = await Promise.all([
      runReplica({ ...common, REPLICA: "fast" }),
      // Late: each tick only once the fast replica has finished it and is releasing the advisory
      // lock, so only the scheduled_ticks claim stops the slow one (no fixed delay to outlast).
      runReplica({ ...common, REPLICA: "slow", LATE: "1" }),
    ]);
    expect(fast.code, fast.stderr).toBe(0);
    expect(slow.code, slow.stderr).toBe(0);
    const fastTicks = new Set(fast.ticks.filter((t) => t.result === "ran").map((t) => `${t.job}@${t.tick}`));
    const lateOnes = slow.ticks.filter((t) => fastTicks.has(`${t.job}@${t.tick}`));
    expect(lateOnes.length).toBeGreaterThanOrEqual(3);
    expect(lateOnes.map((t) => t.result)).toEqual(lateOnes.map(() => "claimed_elsewhere"));
    const rows = await executions(schema);
    const ran = [...fast.ticks, ...slow.ticks].filter((t) => t.result === "ran");
    expect(rows).toHaveLength(ran.length);
    expect(new Set(ran.map((t) => `${t.job}@${t.tick}`)).size).toBe(ran.length);
  });

  it("skips, on every replica, a tick that would overlap a run still going on another replica", async () => {
    const schema = await freshSchema();
    // Sync runs take 1.5 s and tick every second: every other tick finds a run in progress.
    const common = { SCHEMA: schema, RUN_MS: "1500", LIFE_MS: "5500" };
    const [a, b] = await Promise.all([
      runReplica({ ...common, REPLICA: "a" }),
      runReplica({ ...common, REPLICA: "b" }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const all = [...a.ticks, ...b.ticks].filter((t) => t.job === "sync");
    expect(all.some((t) => t.result === "skipped_overlap")).toBe(true);
    const rows = await executions(schema);
    expectNoOverlap(rows);
    expect(rows.filter((r) => r.job === "sync").length).toBeGreaterThanOrEqual(2);
    // No tick ran twice.
    const ran = all.filter((t) => t.result === "ran").map((t) => t.tick);
    expect(new Set(ran).size).toBe(ran.length);
    // The skip is logged with a warning on the replica that skipped.
    expect(a.stderr + b.stderr).toContain("tick skipped: the previous sync run is still going");
  });
});
