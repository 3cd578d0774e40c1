import { describe, expect, it } from "vitest";
import { demoDeals, demoFx, demoPartners } from "../../../sandbox/demo-data.ts";

describe("demo data", () => {
  const options = { seed: 7, partners: 50, deals: 2_000 };

  it("is reproducible from its seed and differs across seeds", () => {
    const a = [...demoDeals(options)];
    const b = [...demoDeals(options)];
    const c = [...demoDeals({ ...options, seed: 8 })];
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it("gives most revenue to the top fifth of partners", () => {
    const byPartner = new Map<string, number>();
    for (const deal of demoDeals(options)) {
      byPartner.set(deal.partner_id, (byPartner.get(deal.partner_id) ?? 0) + Number(deal.amount));
    }
    const sorted = [...byPartner.values()].sort((x, y) => y - x);
    const total = sorted.reduce((s, v) => s + v, 0);
    const topFifth = sorted.slice(0, 10).reduce((s, v) => s + v, 0);
    expect(topFifth / total).toBeGreaterThan(0.6);
  });

  it("emits valid canonical fields: decimal amounts, dates in range, known partners", () => {
    const partnerIds = new Set([...demoPartners(options)].map((p) => p.id));
    expect(partnerIds.size).toBe(50);
    for (const deal of demoDeals(options)) {
      expect(deal.amount).toMatch(/^\d+\.\d{2}$/);
      expect(partnerIds.has(deal.partner_id)).toBe(true);
      expect(deal.close_date >= "2026-01-01" && deal.close_date <= "2026-12-31").toBe(true);
      if (deal.cancelled_on) expect(deal.cancelled_on > deal.close_date).toBe(true);
    }
  });

  it("gives fx for every quarter spanned", () => {
    expect(Object.keys(demoFx({ quarters: 4 }))).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
  });
});
