import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import {
  Dec,
  isDecimalString,
  minorDigits,
  money,
  parseCrmDecimal,
  percent,
  roundToCurrency,
  two,
} from "../../../money/index.ts";

describe("the money module", () => {
  it("sums beyond decimal.js's default 20 significant digits exactly", () => {
    const a = "12345678901234567890.12";
    // The bare default would round this sum to 20 digits; the module's configuration must not.
    expect(new Decimal(a).plus("0.01").toFixed()).not.toBe("12345678901234567890.13");
    expect(new Dec(a).plus("0.01").toFixed()).toBe("12345678901234567890.13");
  });

  it("prints plain digits, never exponent notation, for small and large amounts", () => {
    expect(new Dec("0.0000001").toString()).toBe("0.0000001");
    expect(new Dec("1e25").toString()).toBe("10000000000000000000000000");
  });

  it("leaves the global decimal.js configuration alone", () => {
    expect(Decimal.precision).toBe(20);
    expect(Dec.precision).toBe(64);
  });

  it("knows ISO 4217 minor units from one table", () => {
    expect(minorDigits("USD")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("KWD")).toBe(3);
    // The HubSpot conversion used a table without UYI; the merged table has it.
    expect(minorDigits("UYI")).toBe(0);
  });

  it("rounds once to the currency, half away from zero", () => {
    expect(roundToCurrency(new Dec("2.345"), "USD").toFixed()).toBe("2.35");
    expect(roundToCurrency(new Dec("-2.345"), "USD").toFixed()).toBe("-2.35");
    expect(roundToCurrency(new Dec("1234.5"), "JPY").toFixed()).toBe("1235");
    expect(roundToCurrency(new Dec("1.0005"), "BHD").toFixed()).toBe("1.001");
  });

  it("formats money with exactly the minor digits, scores with two, rates as percentages", () => {
    expect(money(new Dec("7"), 2)).toBe("7.00");
    expect(money(new Dec("-0.004"), 2)).toBe("0.00");
    expect(money(new Dec("1234567.125"), 2)).toBe("1234567.13");
    expect(two(new Dec("1.005"))).toBe("1.01");
    expect(percent(new Dec("0.0725"))).toBe("7.25%");
  });

  it("parses what a CRM sends and rejects what is not a number", () => {
    expect(parseCrmDecimal(" +1.50 ")?.toFixed()).toBe("1.5");
    expect(parseCrmDecimal(".5")?.toFixed()).toBe("0.5");
    expect(parseCrmDecimal("1e3")?.toFixed()).toBe("1000");
    expect(parseCrmDecimal("1,000")).toBeNull();
    expect(parseCrmDecimal("")).toBeNull();
    expect(isDecimalString("-12.50")).toBe(true);
    expect(isDecimalString("1e3")).toBe(false);
  });
});
