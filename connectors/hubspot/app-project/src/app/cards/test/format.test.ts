// What the cards print: money from the service's decimal strings, exactly; statuses as tags.
import { describe, expect, it } from "vitest";
import { componentLabel, formatMoney, isZero, statusVariant } from "../lib/format";

describe("card formatting", () => {
  it("formats money from its decimal string, past what a float holds", () => {
    expect(formatMoney("12345678901234567.89", "USD")).toBe("$12,345,678,901,234,567.89");
    expect(formatMoney("0.10", "USD")).toBe("$0.10");
    expect(formatMoney("-250.00", "USD")).toBe("-$250.00");
    expect(formatMoney("1500", "JPY")).toBe("¥1,500");
  });

  it("reads zero as text", () => {
    expect(["0", "0.00", "-0.00", "00.0"].map(isZero)).toEqual([true, true, true, true]);
    expect(["0.01", "-0.001", "10", ".", "", "-"].map(isZero)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("tags each status the service words", () => {
    expect(
      [
        "counted",
        "held back until 2027-Q1",
        "clawback window open until 2027-02-14",
        "clawed back in 2026-Q4",
        "forfeited: agreement not signed",
        "open",
      ].map(statusVariant),
    ).toEqual(["success", "warning", "warning", "danger", "danger", "default"]);
    expect(componentLabel("new_business")).toBe("New business");
  });
});
