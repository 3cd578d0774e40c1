// Golden statements for the archetypes example (programs/archetypes*.yaml), all four quarters:
// two ladders, a margin basis, type-filtered components and scorecard metrics, a partner whose
// type changes mid-year and one that falls out of compliance in Q4.
// Regenerate deliberately with UPDATE_GOLDEN=1 after a reviewed change in semantics.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { computeStatements, parseData, parseProgram } from "../../../src/engine/index.ts";

const GOLDEN = "test/unit/engine/golden/archetypes-statements.json";

describe("archetypes program golden statements", () => {
  it("match the reviewed statements", () => {
    const program = parseProgram(readFileSync("programs/archetypes.yaml", "utf8"));
    const data = parseData(readFileSync("programs/archetypes-data.yaml", "utf8"));
    if (!program.ok || !data.ok) throw new Error("archetypes example files are invalid");
    const result = computeStatements(program.value, data.value, "2026-Q4");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    if (process.env.UPDATE_GOLDEN === "1")
      writeFileSync(GOLDEN, `${JSON.stringify(result.value, null, 2)}\n`);
    expect(result.value).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
  });
});
