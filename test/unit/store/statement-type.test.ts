import { describe, expect, it } from "vitest";
import type { PostableStatement } from "../../../src/store/ledger/statement.ts";
import { postableStatementSchema } from "../../../src/store/ledger/statement.ts";

// The engine's output types are interfaces with more fields than the store reads; they must be
// assignable to PostableStatement without a cast.
interface EngineLine {
  component: string;
  kind: "rate" | "tier_rate" | "spif" | "multiplier" | "cap" | "clawback" | "accrual";
  deal_id: string | null;
  amount: string;
  explanation: string;
  forfeited?: true;
}
interface EnginePartner {
  partner_id: string;
  tier: string;
  score: string | null;
  earned: string;
  held_back: string;
  released: string;
  clawed_back: string;
  carry_forward: string;
  payable: string;
  funds: Record<string, string>;
  claims: { id: string; fund: string; approved: string; rejected: string }[];
  lines: readonly EngineLine[];
}
interface EngineStatement {
  program: string;
  period: string;
  currency: string;
  partners: readonly EnginePartner[];
}

describe("PostableStatement", () => {
  it("accepts the engine's §4 statement as is, and the schema keeps its extra fields", () => {
    const fromEngine: EngineStatement = {
      program: "FY26",
      period: "2026-Q1",
      currency: "USD",
      partners: [
        {
          partner_id: "P-ACME",
          tier: "Silver",
          score: "78.50",
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
