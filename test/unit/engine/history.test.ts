// Spec §6, partner attributes over time: each period is judged by the values in effect on its
// last day. Hand-computed cases, one per rule.
import { describe, expect, it } from "vitest";
import { type DataInput, parseData } from "../../../src/engine/index.ts";
import { deal, partner, program, statements } from "./helpers.ts";

const eligibility = { agreement_signed: true, compliance_ok: true };
const flat = program({ eligibility });

function byPeriod(data: DataInput, through = "2026-Q4", prog = flat) {
  return Object.fromEntries(statements(prog, data, through).map((s) => [s.period, s.partners[0]!]));
}

describe("partner history (spec §6)", () => {
  it("a partner out of compliance today forfeits today's period, not the quarters it was paid for", () => {
    const data: DataInput = {
      partners: [
        partner("P-1", {
          compliance_ok: false,
          history: [
            {
              from: "2026-01-10",
              type: "reseller",
              certifications: 0,
              agreement_signed: true,
              compliance_ok: true,
            },
            { from: "2026-11-20", compliance_ok: false },
          ],
        }),
      ],
      deals: [
        deal("P-1", "10000.00", "2026-02-01"),
        deal("P-1", "20000.00", "2026-05-01"),
        deal("P-1", "30000.00", "2026-08-01"),
        deal("P-1", "40000.00", "2026-10-05"),
      ],
    };
    const s = byPeriod(data);
    // 5% of each deal: Q1–Q3 counted as before, Q4 (its last day is after 2026-11-20) forfeited.
    expect([s["2026-Q1"]!.earned, s["2026-Q2"]!.earned, s["2026-Q3"]!.earned]).toEqual([
      "500.00",
      "1000.00",
      "1500.00",
    ]);
    for (const q of ["2026-Q1", "2026-Q2", "2026-Q3"]) expect(s[q]!.eligible).toBe(true);
    expect(s["2026-Q4"]!.eligible).toBe(false);
    expect(s["2026-Q4"]!.earned).toBe("0.00");
    expect(s["2026-Q4"]!.lines[0]!).toMatchObject({ amount: "2000.00", forfeited: true });
    expect(s["2026-Q4"]!.ineligible_reasons).toEqual([
      "compliance_ok is false from 2026-11-20 (required: true)",
    ]);
  });

  it("without history, the same partner (non-compliant today) forfeits every period, as in v1", () => {
    const s = byPeriod({
      partners: [partner("P-1", { compliance_ok: false })],
      deals: [deal("P-1", "10000.00", "2026-02-01")],
    });
    expect(s["2026-Q1"]!.eligible).toBe(false);
    expect(s["2026-Q1"]!.ineligible_reasons).toEqual(["compliance_ok is false (required: true)"]);
  });

  it("before every entry naming an attribute, the earliest such entry holds", () => {
    // The agreement was recorded unsigned on 2026-06-01 and signed on 2026-08-15; compliance was
    // never recorded, so its current value holds in every period.
    const s = byPeriod({
      partners: [
        partner("P-1", {
          agreement_signed: true,
          history: [
            { from: "2026-06-01", agreement_signed: false },
            { from: "2026-08-15", agreement_signed: true },
          ],
        }),
      ],
      deals: [deal("P-1", "1000.00", "2026-02-01"), deal("P-1", "1000.00", "2026-08-01")],
    });
    expect(s["2026-Q1"]!.eligible).toBe(false);
    // The earliest entry is dated after Q1: no "from" date for a value carried back.
    expect(s["2026-Q1"]!.ineligible_reasons).toEqual(["agreement_signed is false (required: true)"]);
    expect(s["2026-Q2"]!.ineligible_reasons).toEqual([
      "agreement_signed is false from 2026-06-01 (required: true)",
    ]);
    expect(s["2026-Q3"]!.eligible).toBe(true);
    expect(s["2026-Q3"]!.earned).toBe("50.00");
  });

  it("on the same date the later entry wins", () => {
    const s = byPeriod({
      partners: [
        partner("P-1", {
          compliance_ok: true,
          history: [
            { from: "2026-02-01", compliance_ok: false },
            { from: "2026-02-01", compliance_ok: true },
          ],
        }),
      ],
      deals: [deal("P-1", "1000.00", "2026-02-10")],
    });
    expect(s["2026-Q1"]!.eligible).toBe(true);
  });

  it("certifications gained mid-year count from the period whose last day they are in effect on", () => {
    const tiered = program({
      tiers: {
        metric: { sum: "amount" },
        levels: [{ name: "Registered" }, { name: "Silver", min: "50000", requires: { certifications: 2 } }],
      },
      components: [{ id: "inf", type: "tier_rate", rates: { Registered: "0.01", Silver: "0.02" } }],
    });
    const s = byPeriod(
      {
        partners: [
          partner("P-1", {
            certifications: 3,
            history: [
              { from: "2026-01-01", certifications: 1 },
              { from: "2026-05-10", certifications: 3 },
            ],
          }),
        ],
        deals: [
          deal("P-1", "60000.00", "2026-02-01"),
          deal("P-1", "60000.00", "2026-04-01"),
          deal("P-1", "10000.00", "2026-07-01"),
        ],
      },
      "2026-Q3",
      tiered,
    );
    // End of Q1: 60000 ≥ 50000 but 1 certification < 2: Registered, Silver missing the certifications.
    expect(s["2026-Q1"]!.qualified_tier).toBe("Registered");
    expect(s["2026-Q1"]!.missing_for_next_tier).toEqual(["certifications >= 2"]);
    // End of Q2 (30 June): 3 certifications since 10 May: Silver, held in Q3.
    expect(s["2026-Q2"]!.qualified_tier).toBe("Silver");
    expect(s["2026-Q3"]!.tier).toBe("Silver");
    expect(s["2026-Q3"]!.lines[0]!.explanation).toBe("10000.00 at 2% (tier Silver)");
  });

  it("a component gate on certifications reads the period's count", () => {
    const gated = program({
      components: [
        { id: "resale", type: "rate", requires: { certifications: 2 }, bands: [{ from: "0", rate: "0.05" }] },
      ],
    });
    const s = byPeriod(
      {
        partners: [
          partner("P-1", {
            certifications: 0,
            history: [
              { from: "2026-01-01", certifications: 2 },
              { from: "2026-04-02", certifications: 0 },
            ],
          }),
        ],
        deals: [deal("P-1", "1000.00", "2026-03-01"), deal("P-1", "1000.00", "2026-05-01")],
      },
      "2026-Q2",
      gated,
    );
    expect(s["2026-Q1"]!.lines[0]!.amount).toBe("50.00");
    expect(s["2026-Q2"]!.lines[0]!).toMatchObject({
      amount: "0.00",
      explanation: "gate not met: certifications 0 < 2",
    });
  });

  it("a SPIF judges a deal's partner by the values in effect in the deal's period", () => {
    const spif = program({
      eligibility,
      components: [{ id: "s", type: "spif", amount: "100", budget: "100" }],
    });
    const out = statements(
      spif,
      {
        partners: [
          partner("P-1", {
            compliance_ok: true,
            history: [
              { from: "2026-01-01", compliance_ok: false },
              { from: "2026-04-01", compliance_ok: true },
            ],
          }),
          partner("P-2"),
        ],
        // P-1's Q1 deal comes first but P-1 is not compliant in Q1: it takes no budget, P-2's does.
        deals: [deal("P-1", "1000.00", "2026-02-01"), deal("P-2", "1000.00", "2026-02-02")],
      },
      "2026-Q1",
    );
    const [p1, p2] = out[0]!.partners;
    expect(p1!.lines[0]!).toMatchObject({
      amount: "0.00",
      explanation: "not eligible: takes no SPIF budget",
    });
    expect(p2!.lines[0]!.amount).toBe("100.00");
  });

  it("a history that only restates the current values changes nothing", () => {
    const deals = [deal("P-1", "10000.00", "2026-02-01"), deal("P-1", "90000.00", "2026-06-01")];
    const plain = statements(flat, { partners: [partner("P-1", { certifications: 2 })], deals }, "2026-Q4");
    const restated = statements(
      flat,
      {
        partners: [
          partner("P-1", {
            certifications: 2,
            history: [
              {
                from: "2026-03-01",
                type: "reseller",
                certifications: 2,
                agreement_signed: true,
                compliance_ok: true,
              },
            ],
          }),
        ],
        deals,
      },
      "2026-Q4",
    );
    expect(JSON.stringify(restated)).toBe(JSON.stringify(plain));
  });

  it("history out of order, an empty entry and a current value the history contradicts are data errors naming the partner", () => {
    const r = parseData({
      partners: [
        partner("P-1", {
          compliance_ok: true,
          history: [
            { from: "2026-05-01", compliance_ok: true },
            { from: "2026-02-01", compliance_ok: false },
            { from: "2026-06-01" },
          ],
        }),
      ],
      deals: [],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: "partners[0].history[1].from",
          code: "history_out_of_order",
          message: "partner P-1: history out of order: 2026-02-01 comes after history[0] from 2026-05-01",
        }),
        expect.objectContaining({ path: "partners[0].history[2]", code: "invalid_value" }),
        expect.objectContaining({
          path: "partners[0].compliance_ok",
          code: "history_mismatch",
          message:
            "partner P-1: current compliance_ok true differs from the last history entry naming it (history[1] from 2026-02-01: false)",
        }),
      ]),
    );
    const bad = parseData({
      partners: [partner("P-1", { history: [{ from: "2026-13-01", type: "wizard" as "reseller" }] })],
      deals: [],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.map((p) => p.path).sort()).toEqual([
        "partners[0].history[0].from",
        "partners[0].history[0].type",
      ]);
  });
});
