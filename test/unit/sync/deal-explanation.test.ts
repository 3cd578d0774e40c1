// A deal's explanation as the CRMs show it: the statement's own line texts, with the period, the
// period a clawback reverses and the deal's share of a cap (issue #13).
import { describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import type { Statement } from "../../../src/engine/index.ts";
import { addDealLines, type DealFigures } from "../../../src/sync/compute/deal-figures.ts";
import { explainStatementDeals, lineText } from "../../../src/sync/outbound/deal-explanation.ts";
import { deal, only, partner, program, statements } from "../engine/helpers.ts";

describe("lineText", () => {
  it("puts period, component and kind before the amount and the engine's explanation", () => {
    expect(
      lineText("2026-Q4", {
        component: "resale",
        kind: "rate",
        deal_id: "D-1",
        amount: "500.00",
        explanation: "EUR 9090.91 × 1.10 = 10000.00 at 5% (band from 0)",
      }),
    ).toBe("2026-Q4 resale rate: 500.00 — EUR 9090.91 × 1.10 = 10000.00 at 5% (band from 0)");
  });

  it("names the period a clawback reverses, and a forfeited line", () => {
    const claw = {
      component: "resale",
      kind: "clawback" as const,
      deal_id: "D-1",
      amount: "-500.00",
      explanation: "reverses resale line 500.00",
    };
    expect(lineText("2027-Q1", claw, "2026-Q4")).toBe(
      "2027-Q1 resale clawback of 2026-Q4: -500.00 — reverses resale line 500.00",
    );
    expect(
      lineText("2026-Q4", {
        component: "resale",
        kind: "rate",
        deal_id: "D-1",
        amount: "5.00",
        explanation: "x",
        forfeited: true,
      }),
    ).toBe("2026-Q4 resale rate: 5.00 — x (forfeited: not eligible)");
  });
});

describe("explained deals of real statements", () => {
  const doc = program({
    components: [
      {
        id: "resale",
        type: "rate",
        bands: [
          { from: "0", rate: "0.05" },
          { from: "100000", rate: "0.07" },
        ],
      },
    ],
    cap: { per_partner_per_period: "9000" },
    clawback: { window_days: 90 },
  });
  const a = deal("P-1", "90000", "2026-02-01");
  const b = deal("P-1", "60000", "2026-03-01", { cancelled_on: "2026-04-10" });
  const c = deal("P-1", "40000", "2026-03-05", { currency: "EUR" });
  const data = { partners: [partner("P-1")], deals: [a, b, c], fx: { "2026-Q1": { EUR: "1.10" } } };
  const [q1, q2] = statements(doc, data, "2026-Q2") as [Statement, Statement];

  it("gives every deal its lines in statement order, with the band split and fx as the engine wrote them", () => {
    const texts = explainStatementDeals("2026-Q1", only(q1), 2);
    const lines = only(q1).lines;
    for (const id of [a.id, b.id, c.id]) {
      const own = lines.filter((l) => l.deal_id === id);
      expect(texts.get(id)!.slice(0, own.length)).toEqual(own.map((l) => lineText("2026-Q1", l)));
    }
    expect(texts.get(c.id)![0]).toContain("EUR 40000.00 × 1.10 = 44000.00");
    expect(texts.get(b.id)![0]).toContain("(band from 0) + ");
  });

  it("adds each deal's share of the cap, pro rata to its capped lines, summing to the cap line within a cent per deal", () => {
    const p = only(q1);
    const cap = p.lines.find((l) => l.kind === "cap")!;
    expect(cap).toBeDefined();
    const texts = explainStatementDeals("2026-Q1", p, 2);
    const shares = [a.id, b.id, c.id].map((id) => {
      const t = texts.get(id)!.at(-1)!;
      expect(t).toMatch(/^2026-Q1 cap share: -\d+\.\d{2} — this deal's .* of the lines total .* × cap line /);
      return new Dec(/cap share: (-\d+\.\d{2})/.exec(t)![1]!);
    });
    const sum = shares.reduce((x, y) => x.plus(y), new Dec(0));
    expect(sum.minus(cap.amount).abs().lessThanOrEqualTo("0.03")).toBe(true);
  });

  it("collects the whole story across periods: the clawback names the period it reverses", () => {
    const deals = new Map<string, DealFigures>();
    addDealLines(deals, "2026-Q1", only(q1), 2);
    addDealLines(deals, "2026-Q2", only(q2), 2);
    const f = deals.get(b.id)!;
    expect(f.period).toBe("2026-Q1");
    expect(f.clawedBackIn).toBe("2026-Q2");
    const last = f.explanation!.split("\n").at(-1)!;
    expect(last).toMatch(/^2026-Q2 resale clawback of 2026-Q1: -\d+\.\d{2} — reverses resale line /);
    // The figures beside it are those the write-back already had.
    expect(deals.get(a.id)!.amount.toFixed(2)).toBe(
      only(q1).lines.filter((l) => l.deal_id === a.id && l.kind === "rate")[0]!.amount,
    );
  });
});
