// An explanation longer than its CRM field is cut with a marker, never refused (issue #13).
import { describe, expect, it } from "vitest";
import type { ObjectDescription } from "../../../connectors/types.ts";
import { fitText, TEXT_LIMIT } from "../../../src/sync/mapping/fit-text.ts";
import { toOutboundRecord } from "../../../src/sync/mapping/outbound.ts";
import { fd, shipped } from "../sync-mapping/helpers.ts";

describe("fitText", () => {
  it("keeps text that fits", () => {
    expect(fitText("counted", 255)).toBe("counted");
    expect(fitText("x".repeat(255), 255)).toBe("x".repeat(255));
  });

  it("cuts to exactly the field's length with a marker saying how much is shown", () => {
    const text = "2026-Q4 resale rate: 500.00 — 10000.00 at 5% (band from 0)\n".repeat(3000);
    const total = Array.from(text).length;
    const cut = fitText(text, 32_768);
    expect(Array.from(cut).length).toBe(32_768);
    const shown =
      /\[cut to fit the field: (\d+) of (\d+) characters; the full text is on the statement\]$/.exec(cut);
    expect(shown).not.toBeNull();
    expect(Number(shown![2])).toBe(total);
    expect(cut.startsWith(text.slice(0, Number(shown![1])))).toBe(true);
  });

  it("counts characters, not UTF-16 units, like the describe check", () => {
    const text = "€😀".repeat(200);
    const cut = fitText(text, 300);
    expect(Array.from(cut).length).toBe(300);
  });

  it("falls back to a plain ellipsis in a field too short for the marker", () => {
    expect(fitText("forfeited: agreement_signed is false from 2026-11-20 (required: true)", 20)).toBe(
      "forfeited: agreemen…",
    );
  });

  it("knows the CRMs' limits when the describe names none", () => {
    expect(TEXT_LIMIT).toEqual({ salesforce: 131_072, hubspot: 65_536 });
  });
});

describe("a too-long explanation in the write-back", () => {
  const describe_: ObjectDescription = {
    object: "Opportunity",
    fields: [
      fd("Incentive_Explanation__c", "textarea", { length: 32_768 }),
      fd("Incentive_Status_Detail__c", "string", { length: 255 }),
      fd("Incentive_Amount__c", "currency", { precision: 18, scale: 2 }),
      fd("Projected_Explanation__c", "textarea", { length: 32_768 }),
    ],
  };
  const long = "2026-Q4 resale rate: 1.00 — 20.00 at 5% (band from 0)\n".repeat(5000);

  it("is cut to the field and written with the rest of the record, not quarantined", () => {
    const out = toOutboundRecord(
      shipped("salesforce"),
      "deal",
      "006X",
      { incentive_explanation: long, incentive_amount: "12.00" },
      describe_,
    );
    expect(out.problems).toEqual([]);
    expect(out.fields.Incentive_Amount__c).toBe("12");
    const text = String(out.fields.Incentive_Explanation__c);
    expect(Array.from(text).length).toBe(32_768);
    expect(text).toMatch(/characters; the full text is on the statement\]$/);
  });

  it("is cut to the HubSpot limit when the describe names no length", () => {
    const out = toOutboundRecord(
      shipped("hubspot"),
      "deal",
      "1",
      { incentive_explanation: long.repeat(2) },
      { object: "deals", fields: [fd("incentive_explanation", "textarea")] },
    );
    expect(out.problems).toEqual([]);
    expect(Array.from(String(out.fields.incentive_explanation)).length).toBe(65_536);
  });

  it("a status text longer than 255 characters is cut too", () => {
    const out = toOutboundRecord(
      shipped("salesforce"),
      "deal",
      "006X",
      { incentive_status_detail: `forfeited: ${"compliance_ok is false; ".repeat(20)}` },
      describe_,
    );
    expect(out.problems).toEqual([]);
    expect(Array.from(String(out.fields.Incentive_Status_Detail__c)).length).toBe(255);
  });

  it("an open deal's projection explanation is cut like the deal's own explanation", () => {
    const out = toOutboundRecord(
      shipped("salesforce"),
      "deal",
      "006X",
      { projected_explanation: long },
      describe_,
    );
    expect(out.problems).toEqual([]);
    expect(Array.from(String(out.fields.Projected_Explanation__c)).length).toBe(32_768);
  });
});
