// Golden statements for the shipped example (programs/example*.yaml), all four quarters.
// Regenerate deliberately with UPDATE_GOLDEN=1 after a reviewed change in semantics.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { computeStatements, parseData, parseProgram } from "../../../src/engine/index.ts";

const GOLDEN = "test/unit/engine/golden/example-statements.json";

describe("example program golden statements", () => {
  it("match the reviewed statements", () => {
    const program = parseProgram(readFileSync("programs/example.yaml", "utf8"));
    const data = parseData(readFileSync("programs/example-data.yaml", "utf8"));
    if (!program.ok || !data.ok) throw new Error("example files are invalid");
    const result = computeStatements(program.value, data.value, "2026-Q4");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    if (process.env.UPDATE_GOLDEN === "1")
      writeFileSync(GOLDEN, `${JSON.stringify(result.value, null, 2)}\n`);
    // Compared as values, so reformatting the file (biome) does not matter.
    expect(result.value).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
  });
});
