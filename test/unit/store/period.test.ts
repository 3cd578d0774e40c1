import { describe, expect, it } from "vitest";
import { comparePeriods, isPeriod, nextPeriod } from "../../../src/store/period.ts";

describe("periods", () => {
  it("recognises month, quarter and year labels", () => {
    expect(["2026-01", "2026-Q4", "2026"].every(isPeriod)).toBe(true);
    expect(["2026-13", "2026-Q5", "Q1-2026", "26"].some(isPeriod)).toBe(false);
  });
  it("steps to the next period, across years", () => {
    expect(nextPeriod("2026-Q1")).toBe("2026-Q2");
    expect(nextPeriod("2026-Q4")).toBe("2027-Q1");
    expect(nextPeriod("2026-09")).toBe("2026-10");
    expect(nextPeriod("2026-12")).toBe("2027-01");
    expect(nextPeriod("2026")).toBe("2027");
  });
  it("orders periods by start date", () => {
    expect(["2026-Q3", "2025-Q4", "2026-Q1"].sort(comparePeriods)).toEqual(["2025-Q4", "2026-Q1", "2026-Q3"]);
  });
});
