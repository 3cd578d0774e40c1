// The real `incentives serve` process: exit 2 with every config problem, the mode on the first
// log line, probes answering, and a clean exit on SIGTERM.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

// Each process gets its own PGlite folder (never the repository's ./data) and a small sandbox.
const DATA_ROOT = mkdtempSync(join(tmpdir(), "incentives-serve-"));
let dirs = 0;
const dataDir = () => join(DATA_ROOT, `data-${++dirs}`);
afterAll(() => rmSync(DATA_ROOT, { recursive: true, force: true }));

const CLEAN_ENV = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !/^(SALESFORCE_|HUBSPOT_|ADMIN_TOKEN|DATABASE_|DATA_DIR|MAPPINGS_DIR|INCENTIVES_|SANDBOX_|PORT|CONFIG_FILE)/.test(
          key,
        ),
    ),
  ),
  SANDBOX_PARTNERS: "10",
  SANDBOX_DEALS: "60",
};

describe("incentives serve", () => {
  it("exits 2 listing every configuration problem, without starting", () => {
    const result = spawnSync(process.execPath, ["src/cli/main.ts", "serve"], {
      encoding: "utf8",
      timeout: 20_000,
      env: {
        ...CLEAN_ENV,
        PORT: "http",
        ADMIN_TOKEN: "too-short-secret",
        RECONCILE_CRON: "nightly",
        RECONCILE_TZ: "Nowhere/Special",
        SCHEDULER_ENABLED: "perhaps",
        HUBSPOT_ACCESS_TOKEN: "pat-na1-secret-value",
      },
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("invalid configuration (5 problems)");
    for (const key of ["PORT", "ADMIN_TOKEN", "RECONCILE_CRON", "RECONCILE_TZ", "SCHEDULER_ENABLED"]) {
      expect(result.stderr).toContain(`  - ${key}:`);
    }
    expect(result.stderr).not.toContain("too-short-secret");
    expect(result.stderr).not.toContain("pat-na1-secret-value");
  });

  it("lists the connectors' own configuration problems with the service's in connected mode", () => {
    const result = spawnSync(process.execPath, ["src/cli/main.ts", "serve"], {
      encoding: "utf8",
      timeout: 20_000,
      env: { ...CLEAN_ENV, SALESFORCE_AUTH: "jwt", HUBSPOT_ACCESS_TOKEN: "short", PORT: "-1" },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("  - PORT:");
    expect(result.stderr).toContain("  - SALESFORCE_ORG_ID: required in connected mode");
    expect(result.stderr).toContain("  - Salesforce connector: auth.privateKey:");
    expect(result.stderr).toContain("  - HubSpot connector: auth.accessToken:");
  });

  it("starts in sandbox mode (first log line), serves probes, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, ["src/cli/main.ts", "serve"], {
      env: {
        ...CLEAN_ENV,
        PORT: "0",
        HOST: "127.0.0.1",
        ADMIN_TOKEN: "0123456789abcdef0123456789abcdef",
        DATA_DIR: dataDir(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: Array<Record<string, unknown>> = [];
    let buffer = "";
    const listening = new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        let newline = buffer.indexOf("\n");
        while (newline >= 0) {
          const line = JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>;
          lines.push(line);
          if (line.msg === "listening") resolve(line.port as number);
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf("\n");
        }
      });
      child.on("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const port = await listening;
      expect(lines[0]).toMatchObject({
        mode: "sandbox",
        msg: "starting in sandbox mode: no CRM credentials configured",
      });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      // The sandbox emulators run in the process and the store is PGlite: ready.
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      // A sync runs for real (queued behind the start-up reconcile if that is still going).
      const sync = await fetch(`http://127.0.0.1:${port}/api/sync`, {
        method: "POST",
        headers: { authorization: "Bearer 0123456789abcdef0123456789abcdef" },
      });
      expect(sync.status).toBe(200);
      expect(((await sync.json()) as { run: { outcome: string } }).run.outcome).not.toBe("failed");
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(lines.map((l) => l.msg)).toEqual(
        expect.arrayContaining(["shutting down: no new work accepted", "stopped"]),
      );
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("checks a PostgreSQL store for readiness and closes its pools on SIGTERM", async () => {
    const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
    const schema = `serve_${process.pid}_${Date.now()}`;
    const child = spawn(process.execPath, ["src/cli/main.ts", "serve"], {
      env: { ...CLEAN_ENV, PORT: "0", HOST: "127.0.0.1", DATABASE_URL: url, DATABASE_SCHEMA: schema },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString("utf8");
          const match = /"port":(\d+),"adminApi"/.exec(out);
          if (match) resolve(Number(match[1]));
        });
      });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });

  it("says connected mode on the first line when both CRMs have credentials", async () => {
    const child = spawn(process.execPath, ["src/cli/main.ts", "serve"], {
      env: {
        ...CLEAN_ENV,
        PORT: "0",
        HOST: "127.0.0.1",
        SCHEDULER_ENABLED: "false",
        SALESFORCE_AUTH: "access_token",
        SALESFORCE_INSTANCE_URL: "https://example.my.salesforce.com",
        SALESFORCE_ACCESS_TOKEN: "sf-access-token-secret",
        HUBSPOT_ACCESS_TOKEN: "pat-na1-secret",
        SALESFORCE_ORG_ID: "00D5e000000KQ2eEAG",
        DATA_DIR: dataDir(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        if (out.includes('"msg":"listening"')) resolve();
      });
    });
    child.kill("SIGINT");
    await new Promise((resolve) => child.on("exit", resolve));
    const first = JSON.parse(out.split("\n")[0] ?? "{}") as Record<string, unknown>;
    expect(first).toMatchObject({ mode: "connected" });
    expect(out).not.toContain("sf-access-token-secret");
    expect(out).not.toContain("pat-na1-secret");
  });
});
