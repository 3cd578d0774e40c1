// Hand-computed cases for the mechanisms around components: funds, cap, eligibility,
// clawback, holdback, fx, rounding and ordering.
import { describe, expect, it } from "vitest";
import { amounts, deal, only, partner, program, statement, statements } from "./helpers.ts";

describe("accrual and claims", () => {
  const coop = { id: "coop", type: "accrual", fund: "coop", rate: "0.10", expires_after: 2 };
  it("accrues, approves claims up to the balance, expires after the window", () => {
    const ss = statements(
      program({ components: [coop] }),
      {
        partners: [partner("P-1")],
        deals: [deal("P-1", "1000", "2026-01-10"), deal("P-1", "500", "2026-04-10")],
        claims: [
          { id: "C-2", partner_id: "P-1", fund: "coop", amount: "30", date: "2026-02-01" },
          { id: "C-1", partner_id: "P-1", fund: "coop", amount: "30", date: "2026-02-01" },
          { id: "C-3", partner_id: "P-1", fund: "coop", amount: "100", date: "2026-05-01" },
          { id: "C-4", partner_id: "P-1", fund: "nope", amount: "5", date: "2026-05-01" },
        ],
      },
      "2026-Q3",
    );
    const [q1, q2, q3] = ss.map((s) => only(s));
    expect(q1!.lines[0]).toMatchObject({ kind: "accrual", amount: "100.00" });
    expect(q1!.earned).toBe("0.00");
    expect(q1!.claims).toEqual([
      { id: "C-1", fund: "coop", approved: "30.00", rejected: "0.00" },
      { id: "C-2", fund: "coop", approved: "30.00", rejected: "0.00" },
    ]);
    expect(q1!.funds).toEqual({ coop: "40.00" });
    // Q2: 40 (Q1 lot) + 50 = 90 available; claim 100 → 90 approved, 10 rejected.
    expect(q2!.claims).toEqual([
      { id: "C-3", fund: "coop", approved: "90.00", rejected: "10.00" },
      { id: "C-4", fund: "nope", approved: "0.00", rejected: "5.00" },
    ]);
    expect(q2!.funds).toEqual({ coop: "0.00" });
    expect(q3!.funds).toEqual({ coop: "0.00" });
  });

  it("unused accruals expire after expires_after periods, oldest drawn first", () => {
    const ss = statements(
      program({ components: [coop] }),
      {
        partners: [partner("P-1")],
        deals: [deal("P-1", "1000", "2026-01-10"), deal("P-1", "500", "2026-04-10")],
        claims: [{ id: "C-1", partner_id: "P-1", fund: "coop", amount: "60", date: "2026-04-20" }],
      },
      "2026-Q3",
    );
    // Q2: lots 100 (Q1) + 50 (Q2); claim 60 from the Q1 lot → 40 + 50; end of Q2 the Q1 lot expires.
    expect(ss.map((s) => only(s).funds.coop)).toEqual(["100.00", "50.00", "0.00"]);
  });
});

describe("cap, eligibility, clawback, holdback", () => {
  it("cap brings the period's lines to the cap with one negative line", () => {
    const s = statement(
      program({
        cap: { per_partner_per_period: "1000" },
        components: [{ id: "r", type: "rate", bands: [{ from: "0", rate: "0.1" }] }],
      }),
      {
        partners: [partner("P-1")],
        deals: [deal("P-1", "8000", "2026-01-01"), deal("P-1", "4000", "2026-01-02")],
      },
      "2026-Q1",
    );
    const p = only(s);
    expect(p.lines.at(-1)).toEqual({
      component: "cap",
      kind: "cap",
      deal_id: null,
      amount: "-200.00",
      explanation: "cap 1000.00: lines total 1200.00",
    });
    expect(p.earned).toBe("1000.00");
  });

  it("an ineligible partner's lines are forfeited and not earned; accruals add nothing", () => {
    const s = statement(
      program({
        eligibility: { agreement_signed: true, compliance_ok: true },
        components: [
          { id: "r", type: "rate", bands: [{ from: "0", rate: "0.1" }] },
          { id: "coop", type: "accrual", fund: "coop", rate: "0.1" },
        ],
      }),
      { partners: [partner("P-1", { compliance_ok: false })], deals: [deal("P-1", "1000", "2026-01-01")] },
      "2026-Q1",
    );
    const p = only(s);
    expect(p.eligible).toBe(false);
    expect(p.ineligible_reasons).toEqual(["compliance_ok is false (required: true)"]);
    expect(p.lines.every((l) => l.forfeited === true)).toBe(true);
    expect(p.earned).toBe("0.00");
    expect(p.funds).toEqual({ coop: "0.00" });
  });

  it("clawback within the window reverses counted lines in the cancellation period; outside it does not", () => {
    const ss = statements(
      program({
        clawback: { window_days: 90 },
        scorecard: [{ metric: "csat", weight: 1, target: "5" }],
        components: [
          { id: "r", type: "rate", bands: [{ from: "0", rate: "0.1" }] },
          { id: "m", type: "multiplier", applies_to: ["r"], by_score: [{ from: "0", factor: "1.5" }] },
          { id: "coop", type: "accrual", fund: "coop", rate: "0.1" },
        ],
      }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "1000", "2026-03-01", { id: "in", cancelled_on: "2026-05-30", csat: 5 }),
          deal("P-1", "1000", "2026-03-01", { id: "out", cancelled_on: "2026-05-31" }),
        ],
      },
      "2026-Q2",
    );
    const q2 = only(ss[1]!);
    expect(q2.lines.map((l) => [l.component, l.kind, l.deal_id, l.amount])).toEqual([
      ["r", "clawback", "in", "-100.00"],
      ["m", "clawback", "in", "-50.00"],
    ]);
    expect(q2.clawed_back).toBe("-150.00");
    expect(q2.earned).toBe("-150.00");
    expect(q2.payable).toBe("0.00");
    // Q1 earned 300, held 0 (no holdback), so the negative rest is carried forward.
    expect(q2.carry_forward).toBe("-150.00");
  });

  it("holdback: held on positive earned, released after N periods, carry-forward of a negative rest", () => {
    const ss = statements(
      program({ holdback: { rate: "0.20", release_after: 2 }, clawback: { window_days: 365 } }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "10000", "2026-01-10", { id: "a" }),
          deal("P-1", "40000", "2026-04-10", { id: "b", cancelled_on: "2026-07-01" }),
          deal("P-1", "20000", "2026-10-10", { id: "c" }),
        ],
      },
      "2026-Q4",
    );
    const rows = ss.map((s) => {
      const p = only(s);
      return [p.earned, p.held_back, p.released, p.carry_forward, p.payable];
    });
    expect(rows).toEqual([
      ["500.00", "100.00", "0.00", "0.00", "400.00"],
      ["2000.00", "400.00", "0.00", "0.00", "1600.00"],
      // −2000 earned, release of Q1's 100 → −1900 carried
      ["-2000.00", "0.00", "100.00", "-1900.00", "0.00"],
      // 1000 earned − 200 held + 400 released − 1900 carried = −700
      ["1000.00", "200.00", "400.00", "-700.00", "0.00"],
    ]);
  });
});

describe("fx and rounding", () => {
  it("converts at full precision with the period's rate and explains it", () => {
    const s = statement(
      program({ components: [{ id: "r", type: "rate", bands: [{ from: "0", rate: "0.02" }] }] }),
      {
        partners: [partner("P-1")],
        deals: [deal("P-1", "10000", "2026-01-01", { currency: "EUR" })],
        fx: { "2026-Q1": { EUR: "1.10" } },
      },
      "2026-Q1",
    );
    expect(only(s).lines[0]).toMatchObject({
      amount: "220.00",
      explanation: "EUR 10000.00 × 1.10 = 11000.00 at 2% (band from 0)",
    });
  });

  it("rounds each line half away from zero at .005", () => {
    const s = statement(
      program({ components: [{ id: "r", type: "rate", bands: [{ from: "0", rate: "0.5" }] }] }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "0.01", "2026-01-01"),
          deal("P-1", "0.01", "2026-01-02"),
          deal("P-1", "2.01", "2026-01-03"),
        ],
      },
      "2026-Q1",
    );
    // 0.005 → 0.01 each; 1.005 → 1.01; total is the sum of rounded lines.
    expect(amounts(only(s))).toEqual(["0.01", "0.01", "1.01"]);
    expect(only(s).earned).toBe("1.03");
  });

  it("JPY has no minor digits", () => {
    const s = statement(
      program({
        currency: "JPY",
        components: [{ id: "r", type: "rate", bands: [{ from: "0", rate: "0.05" }] }],
      }),
      {
        partners: [partner("P-1")],
        deals: [
          deal("P-1", "12345", "2026-01-01", { currency: "JPY" }),
          deal("P-1", "10", "2026-01-02", { currency: "JPY" }),
        ],
      },
      "2026-Q1",
    );
    // 617.25 → 617; 0.5 → 1
    expect(amounts(only(s))).toEqual(["617", "1"]);
    expect(only(s).earned).toBe("618");
    expect(only(s).lines[0]!.explanation).toBe("12345 at 5% (band from 0)");
  });

  it("a missing fx rate is a problem naming the currency and period", async () => {
    const { parseProgram, parseData, computeStatement } = await import("../../../src/engine/index.ts");
    const p = parseProgram(program());
    const d = parseData({
      partners: [partner("P-1")],
      deals: [deal("P-1", "1", "2026-04-01", { currency: "GBP", id: "X" })],
      fx: { "2026-Q1": { GBP: "1.2" } },
    });
    if (!p.ok || !d.ok) throw new Error("setup");
    const r = computeStatement(p.value, d.value, "2026-Q2");
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        {
          path: "fx.2026-Q2.GBP",
          message: "no fx rate for GBP in 2026-Q2 (needed by deal X)",
          code: "missing_fx",
        },
      ]);
  });
});

describe("ordering", () => {
  it("partners by id; lines by close date, then id, then component order", () => {
    const s = statement(
      program({
        components: [
          { id: "m", type: "multiplier", applies_to: ["r"], by_score: [{ from: "0", factor: "1" }] },
          { id: "r", type: "rate", bands: [{ from: "0", rate: "0.1" }] },
        ],
      }),
      {
        partners: [partner("P-b"), partner("P-a")],
        deals: [
          deal("P-a", "1", "2026-01-02", { id: "D-1" }),
          deal("P-a", "1", "2026-01-01", { id: "D-9" }),
          deal("P-a", "1", "2026-01-01", { id: "D-10" }),
        ],
      },
      "2026-Q1",
    );
    expect(s.partners.map((p) => p.partner_id)).toEqual(["P-a", "P-b"]);
    expect(only(s, "P-a").lines.map((l) => `${l.deal_id}:${l.component}`)).toEqual([
      "D-10:m",
      "D-10:r",
      "D-9:m",
      "D-9:r",
      "D-1:m",
      "D-1:r",
    ]);
  });
});
