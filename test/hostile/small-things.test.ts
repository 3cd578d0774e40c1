// Issue #20, point 8: small things an operator meets. The crash hook must do nothing outside the
// test build; a bad INCENTIVES_NOW is a clear config error; the fx file is checked before any CRM
// is called; HubSpot connector log lines carry "crm" once.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { type Logger, pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectorLogger } from "../../connectors/hubspot/logger.ts";
import { runtimeConfigFromEnv } from "../../src/compose/runtime-config.ts";

const dir = mkdtempSync(join(tmpdir(), "hostile-small-"));
const node = process.execPath;

/** The CLI in a child process with exactly this environment (plus PATH and TZ). */
function cli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (resolve) => {
      const child = spawn(node, ["src/cli/main.ts", ...args], {
        env: {
          PATH: process.env.PATH ?? "",
          TZ: "UTC",
          DATA_DIR: join(dir, "data"),
          LOG_LEVEL: "warn",
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => {
        stdout += c.toString();
      });
      child.stderr.on("data", (c: Buffer) => {
        stderr += c.toString();
      });
      child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
    },
  );
}

describe("the crash hook", () => {
  const script = `import("./src/sync/checkpoint.ts").then((m) => { m.checkpoint("outbound.batch"); console.log("alive"); });`;
  const run = (env: Record<string, string>) =>
    spawnSync(node, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", INCENTIVES_CRASH_AT: "outbound.batch:1", ...env },
    });

  it("does nothing outside the test build, whatever INCENTIVES_CRASH_AT says", () => {
    for (const env of [{}, { NODE_ENV: "production" }, { NODE_ENV: "development" }]) {
      const r = run(env);
      expect(r.signal, JSON.stringify(env)).toBeNull();
      expect(r.stdout).toBe("alive\n");
    }
  });

  it("kills at the checkpoint under NODE_ENV=test (what crash.test.ts relies on)", () => {
    const r = run({ NODE_ENV: "test" });
    expect(r.signal).toBe("SIGKILL");
    expect(r.stdout).toBe("");
  });
});

describe("INCENTIVES_NOW", () => {
  it("text that is not an ISO date or timestamp is refused, also when Date.parse would guess", () => {
    for (const bad of ["garbage", "garbage 1", "2026-02-30", "March 7", "1e20"]) {
      const r = runtimeConfigFromEnv({ INCENTIVES_NOW: bad });
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.problems.join("\n")).toMatch(/^INCENTIVES_NOW: must be an ISO date/m);
    }
    for (const good of ["2026-11-20", "2026-11-20T12:00:00Z", "2026-11-20T12:00:00.000+01:00"]) {
      const r = runtimeConfigFromEnv({ INCENTIVES_NOW: good });
      expect(r.ok, good).toBe(true);
    }
  });

  it("`INCENTIVES_NOW=garbage incentives sync`: exit 2 naming the variable, no stack trace", async () => {
    const r = await cli(["sync"], { INCENTIVES_NOW: "garbage" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INCENTIVES_NOW: must be an ISO date/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("the fx file is checked before any CRM is called", () => {
  let server: Server;
  let requests = 0;
  let url = "";
  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(401, { "content-type": "application/json" }).end('{"status":"error"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("a rate that is not a decimal: exit 2 naming the file and the rate's path, zero CRM requests", async () => {
    const fx = join(dir, "fx-bad.yaml");
    writeFileSync(fx, `2026-Q4:\n  EUR: "1.08"\n  GBP: one point two\n`);
    const r = await cli(["sync"], {
      HUBSPOT_ACCESS_TOKEN: "pat-na1-00000000-0000-0000-0000-000000000000",
      HUBSPOT_BASE_PATH: url,
      INCENTIVES_FX_FILE: fx,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`INCENTIVES_FX_FILE: ${fx}: 2026-Q4.GBP:`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(requests).toBe(0);
  });

  it("a period label that is no period, and a file that is not a mapping of periods", async () => {
    const fx = join(dir, "fx-bad-period.yaml");
    writeFileSync(fx, `Q4-2026:\n  EUR: "1.08"\n`);
    const r = runtimeConfigFromEnv({ INCENTIVES_FX_FILE: fx });
    expect(r.ok).toBe(true); // the file is read when the runtime is composed, not parsed here
    const list = join(dir, "fx-list.yaml");
    writeFileSync(list, `- 1\n- 2\n`);
    for (const file of [fx, list]) {
      const out = await cli(["sync"], {
        HUBSPOT_ACCESS_TOKEN: "pat-na1-00000000-0000-0000-0000-000000000000",
        HUBSPOT_BASE_PATH: url,
        INCENTIVES_FX_FILE: file,
      });
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toContain(`INCENTIVES_FX_FILE: ${file}:`);
    }
    expect(requests).toBe(0);
  });
});

describe("the program is checked before any CRM is called", () => {
  let server: Server;
  let requests = 0;
  let url = "";
  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.writeHead(401, { "content-type": "application/json" }).end('{"status":"error"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("an invalid program on a fresh store: the run fails naming it, zero CRM requests", async () => {
    const program = join(dir, "bad-program.yaml");
    writeFileSync(
      program,
      "program: x\ncurrency: USD\nperiod: quarter\nstarts: 2026-01-01\ncomponents: []\n",
    );
    const r = await cli(["sync"], {
      DATA_DIR: join(dir, "data-program"),
      HUBSPOT_ACCESS_TOKEN: "pat-na1-00000000-0000-0000-0000-000000000000",
      HUBSPOT_BASE_PATH: url,
      INCENTIVES_PROGRAM: program,
    });
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain(`${program}: components`);
    expect(requests).toBe(0);
  });
});

describe("HubSpot connector log lines", () => {
  function lines(write: (log: Logger) => void): string[] {
    const out: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        out.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    write(pino({ level: "info" }, stream) as Logger);
    return out;
  }

  it('carry "crm" once, whether or not the caller already bound it (the composition root does)', () => {
    const raw = lines((base) => {
      createConnectorLogger(base.child({ crm: "hubspot" })).warn({ accessToken: "secret" }, "composed");
      createConnectorLogger(base).warn("bare");
    });
    expect(raw).toHaveLength(2);
    for (const line of raw) {
      expect(line.match(/"crm":/g), line).toHaveLength(1);
      expect(line).toContain('"crm":"hubspot"');
      expect(line).not.toContain("secret");
    }
  });
});
