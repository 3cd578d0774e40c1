import { describe, expect, it } from "vitest";
import {
  changedFields,
  checkValueAgainstField,
  toOutboundBatch,
  toOutboundRecord,
} from "../../../src/sync/mapping/outbound.ts";
import { hubspotDescribes, salesforceDescribes, withField } from "./fixtures/describes.ts";
import { fd, shipped } from "./helpers.ts";

const sf = shipped("salesforce");
const account = salesforceDescribes().get("Account")!;
const opportunity = salesforceDescribes().get("Opportunity")!;

describe("toOutboundRecord", () => {
  it("turns computed partner values into Salesforce field values", () => {
    const out = toOutboundRecord(
      sf,
      "partner",
      "001000000000001AAA",
      {
        tier: "Gold",
        qualified_tier: "Gold",
        next_tier: null,
        gap_to_next_tier: "0.00",
        score: "87.50",
        eligible: false,
        ineligible_reasons: ["agreement not signed", "compliance review pending"],
        payable_this_period: "1234.50",
        paid_ytd: "10000",
        fund_balance: "250.25",
        updated_at: "2026-03-31T12:00:00+02:00",
        incentive_key: "P-00001",
        name: "Acme Integrations",
      },
      account,
    );
    expect(out.problems).toEqual([]);
    expect(out.fields).toEqual({
      Name: "Acme Integrations",
      Partner_Tier__c: "Gold",
      Partner_Qualified_Tier__c: "Gold",
      Partner_Next_Tier__c: null,
      Gap_To_Next_Tier__c: "0",
      Partner_Score__c: "87.5",
      Incentive_Eligible__c: false,
      Ineligible_Reasons__c: "agreement not signed; compliance review pending",
      Payable_This_Period__c: "1234.5",
      Incentives_Paid_YTD__c: "10000",
      Coop_Fund_Balance__c: "250.25",
      Incentives_Updated_At__c: "2026-03-31T10:00:00.000Z",
      Incentive_Key__c: "P-00001",
    });
  });

  it("writes only fields the caller supplied and never inbound-only fields", () => {
    const out = toOutboundRecord(sf, "deal", "k", { incentive_amount: "10", amount: "999" }, opportunity);
    expect(out.fields).toEqual({ Incentive_Amount__c: "10" });
  });

  it("maps canonical statuses to the CRM's picklist labels", () => {
    const a = toOutboundRecord(sf, "deal", "k", { incentive_status: "clawed_back" }, opportunity);
    expect(a.fields).toEqual({ Incentive_Status__c: "Clawed Back" });
    const hs = toOutboundRecord(
      shipped("hubspot"),
      "deal",
      "k",
      { incentive_status: "clawed_back" },
      hubspotDescribes().get("deals")!,
    );
    expect(hs.fields).toEqual({ incentive_status: "clawed_back" });
  });

  it("turns every value the CRM would refuse into a problem, and keeps the good values", () => {
    let d = withField(salesforceDescribes(), "Account", "Ineligible_Reasons__c", { length: 10 });
    d = withField(d, "Opportunity", "Incentive_Status__c", { picklistValues: ["Earned", "Pending"] });
    const partner = toOutboundRecord(
      sf,
      "partner",
      "001A",
      {
        ineligible_reasons: "agreement not signed",
        score: "87.555",
        gap_to_next_tier: "12345678901234567.00",
        eligible: null,
        tier: "Gold",
      },
      d.get("Account")!,
    );
    expect(partner.problems.map((p) => [p.field, p.crm_field, p.class, p.code])).toEqual([
      ["gap_to_next_tier", "Gap_To_Next_Tier__c", "permanent", "too_large"],
      ["score", "Partner_Score__c", "permanent", "too_precise"],
      ["eligible", "Incentive_Eligible__c", "permanent", "not_nillable"],
      ["ineligible_reasons", "Ineligible_Reasons__c", "permanent", "too_long"],
    ]);
    expect(partner.problems[0]).toMatchObject({
      crm: "salesforce",
      object: "Account",
      entity: "partner",
      key: "001A",
    });
    expect(partner.fields).toEqual({ Partner_Tier__c: "Gold" });

    const deal = toOutboundRecord(
      sf,
      "deal",
      "006A",
      { incentive_status: "forfeited" },
      d.get("Opportunity")!,
    );
    expect(deal.problems).toMatchObject([
      { code: "bad_picklist_value", value: "Forfeited", class: "permanent" },
    ]);
  });

  it("reports wrong value types and configuration problems", () => {
    let d = withField(salesforceDescribes(), "Account", "Incentive_Eligible__c", { type: "number" });
    d = withField(d, "Account", "Partner_Tier__c", { updateable: false });
    d = withField(d, "Account", "Coop_Fund_Balance__c", null);
    const out = toOutboundRecord(
      sf,
      "partner",
      "001A",
      // A caller bug: a non-decimal amount and a non-ISO timestamp.
      { eligible: true, tier: "Gold", fund_balance: "1.0", paid_ytd: "ten", updated_at: "yesterday" },
      d.get("Account")!,
    );
    expect(out.problems.map((p) => [p.field, p.class, p.code])).toEqual([
      ["tier", "config", "not_updateable"],
      ["eligible", "config", "type_incompatible"],
      ["paid_ytd", "permanent", "bad_value"],
      ["fund_balance", "config", "field_missing"],
      ["updated_at", "permanent", "bad_value"],
    ]);
    expect(out.fields).toEqual({});
  });

  it("offline (no describe) still checks the values themselves", () => {
    const out = toOutboundRecord(sf, "deal", "k", { incentive_amount: "12,5abc", spif_awarded: "500" }, null);
    expect(out.problems.map((p) => p.code)).toEqual(["bad_value"]);
    expect(out.fields).toEqual({ SPIF_Awarded__c: "500" });
  });
});

describe("toOutboundBatch", () => {
  it("quarantines records with any problem whole and passes the rest", () => {
    const batch = toOutboundBatch(
      sf,
      "deal",
      [
        { key: "D-1", values: { incentive_amount: "100.10", incentive_status: "earned" } },
        { key: "D-2", values: { incentive_amount: "100.123", incentive_status: "earned" } },
        { key: "D-3", values: {} },
        { key: "D-4", values: { spif_awarded: "500" } },
      ],
      opportunity,
    );
    expect(batch.ready).toEqual([
      { key: "D-1", fields: { Incentive_Amount__c: "100.1", Incentive_Status__c: "Earned" } },
      { key: "D-4", fields: { SPIF_Awarded__c: "500" } },
    ]);
    expect(batch.rejected.map((r) => [r.key, r.problems.map((p) => p.code)])).toEqual([
      ["D-2", ["too_precise"]],
    ]);
  });
});

describe("checkValueAgainstField", () => {
  it.each([
    [fd("S", "string", { length: 3 }), "abcd", "too_long"],
    [fd("S", "string", { length: 3 }), "a😀c", null],
    [fd("N", "number", { precision: 5, scale: 2 }), "999.99", null],
    [fd("N", "number", { precision: 5, scale: 2 }), "1000", "too_large"],
    [fd("N", "number", { precision: 5, scale: 2 }), "-0.001", "too_precise"],
    [fd("N", "number"), "123456789012345678901234.5", null],
    [fd("N", "number"), true, "bad_value"],
    [fd("B", "boolean"), "true", "bad_value"],
    [fd("P", "picklist", { picklistValues: ["A"], restrictedPicklist: true }), "B", "bad_picklist_value"],
    [fd("P", "picklist", { picklistValues: ["A"] }), "B", null],
    [fd("D", "date"), "2026-01-01T00:00:00Z", "bad_value"],
    [fd("T", "datetime"), "2026-01-01T00:00:00Z", null],
    [fd("X", "string", { nillable: false }), null, "not_nillable"],
  ] as const)("%j ← %j → %s", (field, value, code) => {
    expect(checkValueAgainstField(field, value)?.code ?? null).toBe(code);
  });
});

describe("changedFields", () => {
  it("drops values the CRM already holds, comparing decimals and instants by value", () => {
    expect(
      changedFields(
        { A: "120000", B: "2026-03-31T10:00:00.000Z", C: null, D: "Gold", E: false, F: "1.5" },
        { A: "120000.00", B: "2026-03-31T12:00:00+02:00", C: "", D: "Silver", E: null, F: "1.50" },
      ),
    ).toEqual({ D: "Gold", E: false });
  });
});
