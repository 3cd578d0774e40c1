import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("incentives CLI", () => {
  it("rejects an unknown command with exit code 2 and lists the commands", () => {
    const result = spawnSync(process.execPath, ["src/cli/main.ts", "no-such-command"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'no-such-command'");
    expect(result.stdout).toBe("");
  });
});
