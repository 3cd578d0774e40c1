import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { runHubSpotProvision } from "../../../connectors/hubspot/provision-command.ts";
import type { HubSpotEmulator } from "../../../sandbox/hubspot/server.ts";
import { startHubSpotEmulator } from "../../../sandbox/hubspot/server.ts";
import { TOKEN } from "./setup.ts";

let emulator: HubSpotEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("provision hubspot command", () => {
  it("--check lists what is missing (exit 1), a run creates it (exit 0), a second run has nothing to do", async () => {
    emulator = await startHubSpotEmulator({ accessTokens: [TOKEN], rateLimits: { enabled: false } });
    const env = { HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_BASE_PATH: emulator.url };
    const run = async (args: string[]) => {
      const lines: string[] = [];
      const code = await runHubSpotProvision(args, {
        env,
        write: (l) => lines.push(l),
        logger: pino({ level: "silent" }),
      });
      return { code, lines };
    };
    const check = await run(["--check"]);
    expect(check.code).toBe(1);
    expect(check.lines).toContain("would deals: create property incentive_amount (number/number)");
    expect((await run([])).code).toBe(0);
    expect(await run([])).toEqual({ code: 0, lines: ["HubSpot properties are up to date."] });
    expect((await run(["--check"])).code).toBe(0);
  });

  it("bad configuration exits 2 and lists every problem without echoing secrets", async () => {
    const lines: string[] = [];
    const code = await runHubSpotProvision([], {
      env: { HUBSPOT_ACCESS_TOKEN: "zq9x7", HUBSPOT_BASE_PATH: "nope" },
      write: (l) => lines.push(l),
    });
    expect(code).toBe(2);
    expect(lines.join("\n")).toMatch(/auth\.accessToken[\s\S]*basePath/);
    expect(lines.join("\n")).not.toContain("zq9x7");
  });
});
