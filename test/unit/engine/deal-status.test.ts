// The deal status words the HubSpot cards show (CONTRACT.md), and progress to the next tier.
import { describe, expect, it } from "vitest";
import { clawbackUntil, type DealStatusInput, dealStatus } from "../../../src/engine/deal-status.ts";
import { parseProgram, type StatementLine } from "../../../src/engine/index.ts";
import { tierProgressPercent } from "../../../src/engine/tier-progress.ts";

const line = (over: Partial<StatementLine> = {}): StatementLine => ({
  component: "resale",
  kind: "rate",
  deal_id: "D-1",
  amount: "500.00",
  explanation: "10000.00 at 5%",
  ...over,
});

const base: DealStatusInput = {
  lines: [line()],
  ineligibleReasons: [],
  cancelledOn: null,
  clawbackUntil: "2026-09-30",
  heldUntil: null,
  currentPeriod: "2026-Q4",
  today: "2026-12-03",
};

describe("dealStatus", () => {
  it("counted once the clawback window closed and nothing is held", () => {
    expect(dealStatus(base)).toBe("counted");
  });

  it("names the last day of an open clawback window", () => {
    expect(dealStatus({ ...base, clawbackUntil: "2027-02-14" })).toBe(
      "clawback window open until 2027-02-14",
    );
    expect(dealStatus({ ...base, clawbackUntil: "2026-12-03" })).toBe(
      "clawback window open until 2026-12-03",
    );
  });

  it("names the period a holdback is released in, until it is", () => {
    expect(dealStatus({ ...base, heldUntil: "2027-Q1" })).toBe("held back until 2027-Q1");
    expect(dealStatus({ ...base, heldUntil: "2026-Q4" })).toBe("counted");
  });

  it("says why a deal is forfeited: the partner's ineligibility, or a clawback", () => {
    const forfeited = [line({ forfeited: true })];
    expect(dealStatus({ ...base, lines: forfeited, ineligibleReasons: ["agreement not signed"] })).toBe(
      "forfeited: agreement not signed",
    );
    expect(dealStatus({ ...base, lines: forfeited })).toBe("forfeited: partner not eligible");
    const clawed = [line(), line({ kind: "clawback", amount: "-500.00" })];
    expect(dealStatus({ ...base, lines: clawed, cancelledOn: "2026-08-01" })).toBe(
      "forfeited: clawed back, deal cancelled 2026-08-01",
    );
    // Cancelled inside the window: clawed back even before the reversing line is read.
    expect(dealStatus({ ...base, cancelledOn: "2026-09-01" })).toBe(
      "forfeited: clawed back, deal cancelled 2026-09-01",
    );
    // Cancelled after the window: the incentive stands.
    expect(dealStatus({ ...base, cancelledOn: "2026-10-15" })).toBe("counted");
  });

  it("clawbackUntil adds the window's days to the close date", () => {
    expect(clawbackUntil("2026-11-16", 90)).toBe("2027-02-14");
    expect(clawbackUntil("2026-11-16", null)).toBeNull();
    expect(clawbackUntil(null, 90)).toBeNull();
  });
});

describe("tierProgressPercent", () => {
  const program = parseProgram(`
program: P
currency: USD
period: quarter
starts: 2026-01-01
tiers:
  metric: { sum: amount, deals: { kind: [new] }, window: 4 }
  levels: [ { name: Registered }, { name: Silver, min: "250000" }, { name: Gold, min: "1000000" } ]
components:
  - { id: resale, type: rate, bands: [ { from: "0", rate: "0.05" } ] }
`);
  if (!program.ok) throw new Error(JSON.stringify(program));

  it("is the share of the next tier's min reached, one decimal, rounded down", () => {
    expect(tierProgressPercent(program.value, { next_tier: "Silver", gap_to_next_tier: "68750.00" })).toBe(
      "72.5",
    );
    expect(tierProgressPercent(program.value, { next_tier: "Gold", gap_to_next_tier: "1.00" })).toBe("99.9");
    expect(tierProgressPercent(program.value, { next_tier: "Gold", gap_to_next_tier: "0.00" })).toBe("100.0");
  });

  it("is null at the top tier or for a tier without a min", () => {
    expect(tierProgressPercent(program.value, { next_tier: null, gap_to_next_tier: null })).toBeNull();
    expect(
      tierProgressPercent(program.value, { next_tier: "Registered", gap_to_next_tier: "0.00" }),
    ).toBeNull();
  });
});
