import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DataBuilder, parseData, parseDocument } from "../../../src/engine/index.ts";

const example = parseDocument(readFileSync("programs/example-data.yaml", "utf8"));

describe("DataBuilder", () => {
  it("builds the same document parseData does, record by record", () => {
    if (!example.ok) throw new Error("example data unreadable");
    const doc = example.value as { partners: unknown[]; deals: unknown[]; fx?: unknown; claims?: unknown };
    const b = new DataBuilder();
    for (const p of doc.partners) expect(b.addPartner(p)).toEqual([]);
    for (const d of doc.deals) expect(b.addDeal(d)).toEqual([]);
    const built = b.finish({ fx: doc.fx, claims: doc.claims });
    const parsed = parseData(doc);
    expect(built.ok && parsed.ok).toBe(true);
    if (built.ok && parsed.ok) expect(built.value).toEqual(parsed.value);
  });

  it("refuses a bad record with its field, keeps the rest, and checks cross-record rules at the end", () => {
    const b = new DataBuilder();
    const partner = {
      id: "P1",
      name: "One",
      type: "reseller",
      certifications: 0,
      agreement_signed: true,
      compliance_ok: true,
    };
    expect(b.addPartner(partner)).toEqual([]);
    const deal = {
      id: "D1",
      partner_id: "P1",
      kind: "new",
      stage: "won",
      attribution: "sourced",
      amount: "100.00",
      currency: "USD",
      close_date: "2026-01-10",
    };
    const bad = b.addDeal({ ...deal, id: "D2", amount: 100.5 });
    expect(bad.map((p) => p.path)).toEqual(["amount"]);
    expect(b.addDeal(deal)).toEqual([]);
    expect(b.addDeal({ ...deal, id: "D3", partner_id: "P-NOBODY" })).toEqual([]);
    const built = b.finish();
    expect(built.ok).toBe(false);
    if (!built.ok)
      expect(built.problems.map((p) => [p.path, p.code])).toEqual([
        ["deals[1].partner_id", "unknown_partner"],
      ]);
  });

  it("validates fx rates at the end", () => {
    const built = new DataBuilder().finish({ fx: { "2026-Q1": { EUR: "-1" } } });
    expect(built.ok).toBe(false);
    if (!built.ok)
      expect(built.problems.map((p) => [p.path, p.code, p.message])).toEqual([
        ["fx.2026-Q1.EUR", "invalid_value", "must be > 0"],
      ]);
  });
});
