// The deal status text both CRMs show (issue #13): each case, and which wins when several apply.
import { describe, expect, it } from "vitest";
import {
  clawbackWindowEnd,
  dealStatusDetail,
  holdbackReleasePeriod,
  type StatusTerms,
  statusTerms,
} from "../../../src/sync/outbound/status-detail.ts";

const terms: StatusTerms = { period: "quarter", releaseAfter: 1, clawbackDays: 90 };
const deal = { dealPeriod: "2026-Q4", closeDate: "2026-11-16" };

describe("deal status detail", () => {
  it("is counted when nothing holds it", () => {
    expect(dealStatusDetail(deal, { ...terms, clawbackDays: null }, "2026-12-01", "2026-Q4")).toBe("counted");
  });

  it("names the last day of an open clawback window", () => {
    expect(clawbackWindowEnd("2026-11-16", 90)).toBe("2027-02-14");
    expect(dealStatusDetail(deal, terms, "2026-12-01", "2026-Q4")).toBe(
      "clawback window open until 2027-02-14",
    );
    // The window's last day still counts as open; the day after, it is counted.
    expect(dealStatusDetail(deal, terms, "2027-02-14", "2027-Q1")).toBe(
      "clawback window open until 2027-02-14",
    );
    expect(dealStatusDetail(deal, terms, "2027-02-15", "2027-Q1")).toBe("counted");
  });

  it("names the period a holdback is released in, until that period comes", () => {
    const t = { ...terms, clawbackDays: null, releaseAfter: 2 };
    expect(holdbackReleasePeriod("2026-Q4", 2)).toBe("2027-Q2");
    expect(holdbackReleasePeriod("2026-12", 1)).toBe("2027-01");
    expect(dealStatusDetail({ ...deal, heldBack: true }, t, "2026-12-01", "2026-Q4")).toBe(
      "held back until 2027-Q2",
    );
    expect(dealStatusDetail({ ...deal, heldBack: true }, t, "2027-04-02", "2027-Q2")).toBe("counted");
    // Nothing held in the deal's period (earned ≤ 0): not held back.
    expect(dealStatusDetail({ ...deal, heldBack: false }, t, "2026-12-01", "2026-Q4")).toBe("counted");
  });

  it("says forfeited with the statement's reasons, before anything else", () => {
    expect(
      dealStatusDetail(
        { ...deal, heldBack: true, forfeitedReasons: ["agreement not signed", "compliance not ok"] },
        terms,
        "2026-12-01",
        "2026-Q4",
      ),
    ).toBe("forfeited: agreement not signed; compliance not ok");
    expect(dealStatusDetail({ ...deal, forfeitedReasons: [] }, terms, "2026-12-01", "2026-Q4")).toBe(
      "forfeited: not eligible",
    );
  });

  it("says clawed back with the period of the reversal, over an open window", () => {
    expect(dealStatusDetail({ ...deal, clawedBackIn: "2026-Q4" }, terms, "2026-12-01", "2026-Q4")).toBe(
      "clawed back in 2026-Q4",
    );
  });

  it("takes the terms from the program", () => {
    expect(
      statusTerms({
        period: "month",
        holdback: { rate: "0.2", release_after: 3 },
        clawback: { window_days: 30 },
      }),
    ).toEqual({ period: "month", releaseAfter: 3, clawbackDays: 30 });
    expect(statusTerms({ period: "year" })).toEqual({
      period: "year",
      releaseAfter: null,
      clawbackDays: null,
    });
  });
});
