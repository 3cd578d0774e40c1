import {
  badgeClass,
  errorText,
  format,
  newestFirst,
  parseMetrics,
  periodRange,
  splitLines,
  splitList,
  statusTone,
  sumMoney,
} from "c/incentiveText";

describe("c/incentiveText", () => {
  it("splits explanations into non-blank lines and lists on semicolons or newlines", () => {
    expect(splitLines("a: 1\r\n\n  b: 2  \n")).toEqual(["a: 1", "b: 2"]);
    expect(splitList("agreement not signed; compliance check failed\nscore below 50")).toEqual([
      "agreement not signed",
      "compliance check failed",
      "score below 50",
    ]);
    expect(splitLines(null)).toEqual([]);
    expect(splitList(undefined)).toEqual([]);
  });

  it("reads scorecard metrics as name and value, keeping a line without a colon", () => {
    expect(parseMetrics("csat: 4.5\nrenewal rate: 0.92\nno colon")).toEqual([
      { key: "metric-0", name: "csat", value: "4.5" },
      { key: "metric-1", name: "renewal rate", value: "0.92" },
      { key: "metric-2", name: "no colon", value: "" },
    ]);
  });

  it("fills label placeholders and leaves unknown ones", () => {
    expect(format("Progress to {0}", "Gold")).toBe("Progress to Gold");
    expect(format("{0} of {1} {2}", 2, 3)).toBe("2 of 3 {2}");
  });

  it("orders periods newest first, each once", () => {
    expect(newestFirst(["2026-Q3", "2026-Q4", null, "2025-Q4", "2026-Q4", ""])).toEqual([
      "2026-Q4",
      "2026-Q3",
      "2025-Q4",
    ]);
  });

  it("sums currency in cents, so 0.10 + 0.20 is 0.30 and blanks are skipped", () => {
    expect(sumMoney([0.1, 0.2])).toBe(0.3);
    expect(sumMoney([1000.46, 234.1, null])).toBe(1234.56);
    expect(sumMoney([null, undefined])).toBeNull();
  });

  it("tones each status the service writes", () => {
    expect(statusTone("counted")).toBe("success");
    expect(statusTone("held back until 2027-Q1")).toBe("warning");
    expect(statusTone("clawback window open until 2027-02-14")).toBe("warning");
    expect(statusTone("forfeited: partner not eligible")).toBe("error");
    // Money already taken back is an error (the HubSpot card shows danger), not the window's warning.
    expect(statusTone("clawed back in 2027-Q1")).toBe("error");
    expect(statusTone("")).toBe("none");
    expect(badgeClass("warning")).toBe("slds-theme_warning");
    expect(badgeClass("none")).toBe("");
  });

  it("reads wire errors in either shape", () => {
    expect(errorText({ body: { message: "No access" } })).toBe("No access");
    expect(errorText([{ body: [{ message: "a" }, { message: "b" }] }, { message: "c" }])).toBe("a, b, c");
    expect(errorText(undefined)).toBe("");
  });

  it("periodRange gives a period label's first and last day (month, quarter, year; leap years)", () => {
    expect(periodRange("2026-Q4")).toEqual({ start: "2026-10-01", end: "2026-12-31" });
    expect(periodRange("2026-Q1")).toEqual({ start: "2026-01-01", end: "2026-03-31" });
    expect(periodRange("2028-02")).toEqual({ start: "2028-02-01", end: "2028-02-29" });
    expect(periodRange("2026-11")).toEqual({ start: "2026-11-01", end: "2026-11-30" });
    expect(periodRange("2026")).toEqual({ start: "2026-01-01", end: "2026-12-31" });
    expect(periodRange("2026-Q5")).toBeNull();
    expect(periodRange(null)).toBeNull();
  });
});
