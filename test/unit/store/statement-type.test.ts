import { describe, expect, it } from "vitest";
import type { Statement } from "../../../src/engine/index.ts";
import type { PostableStatement } from "../../../src/store/ledger/statement.ts";
import { postableStatementSchema } from "../../../src/store/ledger/statement.ts";

// The engine's own output type (not a copy of it): a change to the engine's statement that the
// store cannot post without a cast fails the typecheck here.
describe("PostableStatement", () => {
  it("accepts the engine's §4 statement as is, and the schema keeps its extra fields", () => {
    const fromEngine: Statement = {
      program: "FY26",
      period: "2026-Q1",
      currency: "USD",
      partners: [
        {
          partner_id: "P-ACME",
          tier: "Silver",
          qualified_tier: "Silver",
          next_tier: "Gold",
          gap_to_next_tier: "21.50",
          missing_for_next_tier: [],
          score: "78.50",
          eligible: true,
          ineligible_reasons: [],
          earned: "100.00",
          held_back: "20.00",
          released: "0.00",
          clawed_back: "0.00",
          carry_forward: "0.00",
          payable: "80.00",
          funds: { coop: "2.00" },
          claims: [],
          lines: [{ component: "resale", kind: "rate", deal_id: "D-1", amount: "100.00", explanation: "x" }],
        },
      ],
    };
    const postable: PostableStatement = fromEngine;
    const parsed = postableStatementSchema.parse(postable);
    expect(parsed.partners[0]?.tier).toBe("Silver");
    expect(postableStatementSchema.safeParse({ ...postable, period: "Q1" }).success).toBe(false);
    expect(
      postableStatementSchema.safeParse({
        ...postable,
        partners: [{ ...fromEngine.partners[0], payable: 80 }],
      }).success,
    ).toBe(false);
  });
});
