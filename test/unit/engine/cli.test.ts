// The compute and validate commands, run as a user would.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const run = (...args: string[]) =>
  spawnSync(process.execPath, ["src/cli/main.ts", ...args], { encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "engine-cli-"));
const example = ["--program", "programs/example.yaml", "--data", "programs/example-data.yaml"];

describe("incentives compute", () => {
  it("prints the statement JSON on stdout", () => {
    const r = run("compute", ...example, "--period", "2026-Q2");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.period).toBe("2026-Q2");
    expect(s.currency).toBe("USD");
    expect(s.partners.length).toBeGreaterThan(0);
  });

  it("prints a per-partner table with --format table", () => {
    const r = run("compute", ...example, "--period", "2026-Q2", "--format", "table");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /PARTNER\s+TIER\s+SCORE\s+ELIGIBLE\s+EARNED\s+HELD\s+RELEASED\s+CLAWED BACK\s+PAYABLE\s+FUNDS/,
    );
  });

  it("shows each partner's ladder with its tier, and says when a ladder change carried a tier over", () => {
    const r = run(
      "compute",
      "--program",
      "programs/archetypes.yaml",
      "--data",
      "programs/archetypes-data.yaml",
      "--period",
      "2026-Q3",
      "--format",
      "table",
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\[Resale\]/);
    expect(r.stdout).toMatch(/\[Alliances & Services\]/);
    expect(r.stdout).toMatch(
      /: moved to ladder Alliances & Services \(type integrator\): tier Silver carried over as Silver$/m,
    );
  });

  it("invalid program: exit 2, problems on stderr, nothing on stdout", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "program: x\ncurrency: USD\nperiod: quarter\nstarts: 2026-01-01\ncomponents:\n  - { id: a, type: rate, bands: [ { from: '1', rate: '0.1' } ] }\n",
    );
    const r = run("compute", "--program", bad, "--data", "programs/example-data.yaml", "--period", "2026-Q1");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("components[0].bands[0].from: must start at 0");
  });

  it("a period of the wrong granularity is an input problem", () => {
    const r = run("compute", ...example, "--period", "2026-03");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("program's period is quarter");
  });

  it("missing options print usage with exit 2; --help exits 0", () => {
    expect(run("compute", "--program", "x.yaml").status).toBe(2);
    const h = run("compute", "--help");
    expect(h.status).toBe(0);
    expect(h.stdout).toContain("usage: incentives compute");
  });
});

describe("incentives validate", () => {
  it("OK on a valid program", () => {
    const r = run("validate", "programs/example.yaml");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^OK programs\/example.yaml/);
  });

  it("every problem on stderr, exit 2", () => {
    const bad = join(dir, "bad2.yaml");
    writeFileSync(
      bad,
      "program: x\ncurrency: USD\nperiod: quarter\nstarts: 2026-01-01\nbogus: 1\ncomponents:\n  - { id: m, type: multiplier, applies_to: [zz], by_score: [ { from: '0', factor: '1' } ] }\n",
    );
    const r = run("validate", bad);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("bogus: unknown key 'bogus'");
    expect(r.stderr).toContain("components[0].applies_to[0]: unknown component 'zz'");
  });
});
