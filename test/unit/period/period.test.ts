import { describe, expect, it } from "vitest";
import {
  comparePeriods,
  isPeriod,
  nextPeriod,
  periodEnd,
  periodOf,
  periodStart,
} from "../../../src/period/index.ts";

describe("periods", () => {
  it("recognises month, quarter and year labels", () => {
    expect(["2026-01", "2026-Q4", "2026"].every(isPeriod)).toBe(true);
    // Half-years are no period of the program format, so no part of the product accepts them.
    expect(["2026-13", "2026-Q5", "Q1-2026", "26", "2026-H1"].some(isPeriod)).toBe(false);
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
  it("gives the first day of each period notation", () => {
    expect(periodStart("2026")).toBe("2026-01-01");
    expect(periodStart("2026-Q1")).toBe("2026-01-01");
    expect(periodStart("2026-Q4")).toBe("2026-10-01");
    expect(periodStart("2026-05")).toBe("2026-05-01");
    expect(periodStart("2026-12")).toBe("2026-12-01");
    expect(() => periodStart("2026-H2")).toThrow("not a period: '2026-H2'");
  });
  it("gives the last day of each period notation, leap years included", () => {
    expect(periodEnd("2026")).toBe("2026-12-31");
    expect(periodEnd("2026-Q1")).toBe("2026-03-31");
    expect(periodEnd("2026-Q2")).toBe("2026-06-30");
    expect(periodEnd("2026-02")).toBe("2026-02-28");
    expect(periodEnd("2028-02")).toBe("2028-02-29");
    expect(periodEnd("2026-12")).toBe("2026-12-31");
    expect(() => periodEnd("2026-H2")).toThrow("not a period: '2026-H2'");
  });
  it("names the period containing a date in each granularity", () => {
    expect(periodOf("month", "2026-03-31")).toBe("2026-03");
    expect(periodOf("quarter", "2026-03-31")).toBe("2026-Q1");
    expect(periodOf("quarter", "2026-04-01")).toBe("2026-Q2");
    expect(periodOf("quarter", "2026-12-31")).toBe("2026-Q4");
    expect(periodOf("year", "2026-12-31")).toBe("2026");
  });
});
