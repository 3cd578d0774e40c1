// Issue #20, point 8: `incentives sandbox` used to leave its fx file in the temp folder, and,
// started through npx, a TERM sent to npm could leave the emulators running (npm and the shell
// between stopped; the node process kept the ports). Now the fx file goes with the process, and
// an orphaned sandbox stops itself.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** Starts the command and resolves once it has printed its environment. */
function start(
  command: string,
  args: string[],
): Promise<{ child: ChildProcess; fxFile: string; pid: number; url: string }> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env } });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no sandbox output: ${out}`)), 60_000);
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const fx = /INCENTIVES_FX_FILE='([^']+)'/.exec(out);
      const url = /HUBSPOT_BASE_PATH='([^']+)'/.exec(out);
      if (!fx || !url || !out.includes("Ctrl-C")) return;
      clearTimeout(timer);
      // The fx file is named after the process that owns the emulators.
      const pid = Number(/-(\d+)\.yaml$/.exec(fx[1]!)![1]);
      resolve({ child, fxFile: fx[1]!, pid, url: url[1]! });
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before it was ready: ${out}`)));
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number, ms = 15_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

const args = ["sandbox", "--empty", "--salesforce-port", "0", "--hubspot-port", "0"];

describe("incentives sandbox", () => {
  it("TERM to the process: emulators stop, the fx file is removed", async () => {
    const s = await start(process.execPath, ["src/cli/main.ts", ...args]);
    expect(s.pid).toBe(s.child.pid);
    expect(existsSync(s.fxFile)).toBe(true);
    const exited = new Promise((resolve) =>
      s.child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    s.child.kill("SIGTERM");
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await gone(s.pid)).toBe(true);
    expect(existsSync(s.fxFile)).toBe(false);
  }, 90_000);

  it("started through npx, a TERM to npm stops the emulators too and removes the fx file", async () => {
    const s = await start("npx", ["--no-install", "incentives", ...args]);
    expect(s.pid).not.toBe(s.child.pid); // npm, then the sandbox's own node process
    expect((await fetch(`${s.url}/crm/v3/properties/deals`).catch(() => null)) !== null).toBe(true);
    s.child.kill("SIGTERM");
    expect(await gone(s.pid)).toBe(true);
    expect(existsSync(s.fxFile)).toBe(false);
    await expect(fetch(`${s.url}/crm/v3/properties/deals`)).rejects.toThrow();
  }, 90_000);
});
