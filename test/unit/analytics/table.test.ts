// The terminal bars of `incentives analytics`: a negative row (the cap or clawback line of cost by
// component) must not draw the same bar as a cost.
import { describe, expect, it } from "vitest";
import { bar } from "../../../src/cli/analytics-table.ts";

describe("analytics table bars", () => {
  it("draws a positive value with blocks, proportional to the largest row", () => {
    expect(bar("500", "1000", 10)).toBe("█████");
    expect(bar("1000", "1000", 10)).toBe("██████████");
    expect(bar("0.01", "1000", 10)).toBe("█");
  });

  it("draws a negative value with a distinct '-' bar marked (negative)", () => {
    expect(bar("-260117.17", "520234.34", 10)).toBe("----- (negative)");
    expect(bar("-0.01", "1000", 10)).toBe("- (negative)");
    expect(bar("-500", "1000", 10)).not.toContain("█");
  });

  it("draws nothing for zero or an all-zero block", () => {
    expect(bar("0", "1000")).toBe("");
    expect(bar("5", "0")).toBe("");
  });
});
