// Issue #20, point 6: hostile program documents. Each used to be accepted, crash, or exhaust
// memory; each is now a problem naming its path and rule (exit 2 from `incentives validate`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/engine/index.ts";
import { MAX_PROGRAM_CHARS, MAX_PROGRAM_LIST } from "../../src/engine/program-limits.ts";
import { program } from "../unit/engine/helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "hostile-program-"));

function problems(input: unknown): string[] {
  const r = parseProgram(input);
  if (r.ok) throw new Error("expected problems");
  return r.problems.map((p) => `${p.path}: ${p.message} (${p.code})`);
}

describe("program size and list lengths", () => {
  it("a 47 MB program with a million bands: `incentives validate` exits 2 naming the limit", () => {
    const band = "    - { from: '1', rate: '0.01' }\n";
    const text = `program: big\ncurrency: USD\nperiod: quarter\nstarts: 2026-01-01\ncomponents:\n  - id: a\n    type: rate\n    bands:\n${band.repeat(1_000_000)}`;
    expect(text.length).toBeGreaterThan(30_000_000);
    const file = join(dir, "big.yaml");
    writeFileSync(file, text);
    // A heap far below what parsing it used to take (4 GB was not enough): the size is checked first.
    const r = spawnSync(process.execPath, ["--max-old-space-size=256", "src/cli/main.ts", "validate", file], {
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`at most ${MAX_PROGRAM_CHARS} are accepted (too_large)`);
  });

  it("a list longer than the ceiling is refused at its path", () => {
    const bands = Array.from({ length: MAX_PROGRAM_LIST + 1 }, (_, i) => ({ from: String(i), rate: "0.01" }));
    const found = problems(program({ components: [{ id: "a", type: "rate", bands }] }));
    expect(found).toContain(`components[0].bands: at most ${MAX_PROGRAM_LIST} items in a list (too_big)`);
  });
});

describe("scorecard weight", () => {
  it('weight "forty" is reported as not a number, with its path', () => {
    const found = problems(program({ scorecard: [{ metric: "csat", weight: "forty", target: "4.5" }] }));
    expect(found).toEqual(["scorecard[0].weight: weight 'forty' is not a number (invalid_value)"]);
  });

  it("a zero or negative weight is still reported as must be > 0", () => {
    expect(problems(program({ scorecard: [{ metric: "csat", weight: "-3", target: "4.5" }] }))).toEqual([
      "scorecard[0].weight: weight must be > 0 (invalid_value)",
    ]);
    expect(parseProgram(program({ scorecard: [{ metric: "csat", weight: "40", target: "4.5" }] })).ok).toBe(
      true,
    );
  });
});

describe("amounts with more decimals than the currency has", () => {
  it('a SPIF amount "500.123456789" and a band at 60000.001 are refused with their paths', () => {
    const found = problems(
      program({
        components: [
          {
            id: "resale",
            type: "rate",
            bands: [
              { from: "0", rate: "0.05" },
              { from: "60000.001", rate: "0.07" },
            ],
          },
          { id: "spif", type: "spif", amount: "500.123456789", deals: { min_amount: "1000.50" } },
        ],
      }),
    );
    expect(found).toEqual([
      "components[0].bands[1].from: '60000.001' has 3 decimal places; USD amounts have at most 2 (too_many_decimals)",
      "components[1].amount: '500.123456789' has 9 decimal places; USD amounts have at most 2 (too_many_decimals)",
    ]);
  });

  it("the currency decides: JPY has none, KWD three; trailing zeros are not extra precision", () => {
    const spif = (currency: string, amount: string) =>
      parseProgram(program({ currency, components: [{ id: "s", type: "spif", amount }] }));
    expect(spif("JPY", "500.5").ok).toBe(false);
    expect(spif("JPY", "500").ok).toBe(true);
    expect(spif("KWD", "500.125").ok).toBe(true);
    expect(spif("USD", "500.100").ok).toBe(true);
    const levels = program({
      tiers: { metric: { sum: "amount" }, levels: [{ name: "R" }, { name: "S", min: "1000.001" }] },
      cap: { per_partner_per_period: "99.999" },
    });
    expect(
      problems(levels)
        .map((p) => p.split(":")[0])
        .sort(),
    ).toEqual(["cap.per_partner_per_period", "tiers.levels[1].min"]);
  });
});
