import { describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import { demoDeals, demoFx, demoPartnerChanges, demoPartners } from "../../../sandbox/demo-data.ts";

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

  it("gives deals a gross margin between 12% and 45% of the amount, none on about 1 in 20", () => {
    let without = 0;
    let n = 0;
    for (const deal of demoDeals({ partners: 50, deals: 2000 })) {
      n++;
      if (deal.margin === null) {
        without++;
        continue;
      }
      expect(deal.margin).toMatch(/^\d+\.\d{2}$/);
      const share = new Dec(deal.margin).div(deal.amount);
      expect(share.gte("0.119") && share.lte("0.45")).toBe(true);
    }
    expect(without / n).toBeGreaterThan(0.03);
    expect(without / n).toBeLessThan(0.07);
  });

  it("mixes partner types like a channel: resellers first, every type present", () => {
    const counts = new Map<string, number>();
    for (const p of demoPartners({ partners: 1000, deals: 0 }))
      counts.set(p.type, (counts.get(p.type) ?? 0) + 1);
    expect(counts.size).toBe(7);
    const [top] = [...counts].sort((x, y) => y[1] - x[1]);
    expect(top![0]).toBe("reseller");
    expect(counts.get("other")!).toBeLessThan(counts.get("integrator")!);
  });

  it("changes a few partners' attributes during the year, from values they did not have to their current ones", () => {
    const partners = new Map([...demoPartners({ partners: 200, deals: 0 })].map((p) => [p.id, p]));
    const changes = demoPartnerChanges({ partners: 200, deals: 0 });
    expect(changes).toHaveLength(10);
    expect(JSON.stringify(changes)).toBe(JSON.stringify(demoPartnerChanges({ partners: 200, deals: 0 })));
    for (const c of changes) {
      expect(c.date > "2026-01-31" && c.date < "2026-12-01").toBe(true);
      const p = partners.get(c.partner_id)!;
      for (const [k, v] of Object.entries(c.after)) expect(p[k as keyof typeof p]).toBe(v);
      for (const [k, v] of Object.entries(c.before)) expect(v).not.toBe(c.after[k as keyof typeof c.after]);
    }
    expect(new Set(changes.flatMap((c) => Object.keys(c.before)))).toEqual(
      new Set(["type", "certifications", "agreement_signed"]),
    );
  });

  it("gives fx for every quarter spanned", () => {
    expect(Object.keys(demoFx({ quarters: 4 }))).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
  });
});
