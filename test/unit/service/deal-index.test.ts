// The cards' reading of a statement: lines by deal, latest close first, each deal's lines in
// statement order, the cap line left out; kept per statement row, the most recently used.
import { describe, expect, it } from "vitest";
import type { StatementLine } from "../../../src/engine/index.ts";
import { createStatementCache, indexDeals } from "../../../src/service/cards/deal-index.ts";
import type { Store } from "../../../src/store/index.ts";

const line = (
  deal: string | null,
  component: string,
  kind: StatementLine["kind"] = "rate",
): StatementLine => ({
  component,
  kind,
  deal_id: deal,
  amount: "1.00",
  explanation: `${component} ${deal}`,
});

describe("indexDeals", () => {
  it("orders deals latest close first (statement order reversed), lines in statement order", () => {
    // Evaluation order: a reversal of an earlier deal first, then D-1 (closed first), D-2, then the cap.
    const lines = [
      line("D-0", "resale", "clawback"),
      line("D-1", "resale"),
      line("D-1", "coop", "accrual"),
      line("D-2", "resale"),
      line("D-1", "quality", "multiplier"),
      line(null, "cap", "cap"),
    ];
    const index = indexDeals(lines);
    expect(index.deals).toEqual(["D-2", "D-1", "D-0"]);
    expect(index.lines.get("D-1")!.map((l) => l.component)).toEqual(["resale", "coop", "quality"]);
    expect(index.lines.has("null")).toBe(false);
  });
});

describe("createStatementCache", () => {
  it("reads a statement row once, keeping the most recently used", async () => {
    const reads: string[] = [];
    const store = {
      ledger: {
        statementHead: async (id: string) => ({ id, period: "2026-Q4", partner: { tier: "Gold" } }),
        statementLines: async (id: string) => {
          reads.push(id);
          return [line(`D-${id}`, "resale")];
        },
      },
    } as unknown as Store;
    const statement = createStatementCache(store, 2);
    const first = await statement("1");
    expect(first?.index.deals).toEqual(["D-1"]);
    expect(first?.st.tier).toBe("Gold");
    await statement("1");
    await statement("2");
    await statement("1"); // 1 is now the most recently used
    await statement("3"); // evicts 2
    await statement("1");
    await statement("2");
    expect(reads).toEqual(["1", "2", "3", "2"]);
  });
});
