import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toDescribedObject } from "../../../connectors/salesforce/describe.ts";
import {
  DEFAULT_METADATA_DIR,
  declaredFields,
  loadSalesforceMetadata,
} from "../../../connectors/salesforce/metadata-loader.ts";
import { compareField } from "../../../connectors/salesforce/provision.ts";

describe("SFDX metadata package", () => {
  it("declares exactly the fields the product writes and the inputs the shipped mapping reads", async () => {
    const meta = await loadSalesforceMetadata();
    const names = declaredFields(meta).map((d) => `${d.object}.${d.name}`);
    expect(names.sort()).toEqual(
      [
        "Account.Agreement_Signed__c",
        "Account.Certifications__c",
        "Account.Compliance_OK__c",
        "Account.Partner_Type__c",
        "Opportunity.Attribution__c",
        "Opportunity.CSAT__c",
        "Opportunity.Cancelled_On__c",
        "Opportunity.Product_Code__c",
        "Opportunity.Time_To_Value_Days__c",
        "Opportunity.Gross_Margin__c",
        "Account.Coop_Fund_Balance__c",
        "Account.Gap_To_Next_Tier__c",
        "Account.Incentive_Eligible__c",
        "Account.Incentive_Key__c",
        "Account.Incentives_Paid_YTD__c",
        "Account.Incentives_Updated_At__c",
        "Account.Ineligible_Reasons__c",
        "Account.Partner_Next_Tier__c",
        "Account.Partner_Qualified_Tier__c",
        "Account.Partner_Score__c",
        "Account.Partner_Tier__c",
        "Account.Partner_Ladder__c",
        "Account.Payable_This_Period__c",
        "Account.Open_Disputes__c",
        "Account.Payout_Status__c",
        // Program analytics (issue #17).
        "Account.Partner_First_Sale_Date__c",
        "Account.Partner_Second_Sale_Date__c",
        "Account.Partner_Activated__c",
        "Account.Partner_Days_To_First_Sale__c",
        "Account.Partner_Days_To_Second_Sale__c",
        "Account.Partner_Segment__c",
        "Account.Partner_Incentives_Lifetime__c",
        "Account.Partner_Incentives_This_Year__c",
        "Account.Partner_Incentive_Revenue_Share__c",
        "Account.Partner_Sourced_Share__c",
        "Account.Partner_Influenced_Share__c",
        "Account.Partner_Score_Change__c",
        "Account.Partner_Renewal_Rate_Change__c",
        "Account.Partner_TTV_Change_Days__c",
        "Incentive_Payout__c.Account__c",
        "Incentive_Payout__c.Amount__c",
        "Incentive_Payout__c.Component__c",
        "Incentive_Payout__c.Incentive_Key__c",
        "Incentive_Payout__c.Opportunity__c",
        "Incentive_Payout__c.Period__c",
        "Incentive_Payout__c.Status__c",
        "Opportunity.Incentive_Amount__c",
        "Opportunity.Incentive_Key__c",
        "Opportunity.Incentive_Status__c",
        "Opportunity.Projected_Explanation__c",
        "Opportunity.Projected_Incentive__c",
        "Opportunity.Projected_Tier__c",
        "Opportunity.SPIF_Awarded__c",
        // What the CRM pages show (issue #13, sf-data), and the deal's partner as a lookup.
        "Account.Held_Back_This_Period__c",
        "Account.Incentives_Period__c",
        "Account.Missing_For_Next_Tier__c",
        "Account.Scorecard_Metrics__c",
        "Account.Tier_Held_Since__c",
        "Account.Tier_Progress_Percent__c",
        "Incentive_Payout__c.Explanation__c",
        "Incentive_Payout__c.Held_Amount__c",
        "Incentive_Payout__c.Program_Version__c",
        "Incentive_Payout__c.Released_Amount__c",
        "Opportunity.Incentive_Explanation__c",
        "Opportunity.Incentive_Partner__c",
        "Opportunity.Incentive_Status_Detail__c",
      ].sort(),
    );
    const status = meta.fields.find((f) => f.fullName === "Opportunity.Incentive_Status__c");
    expect(status?.values?.map((v) => v.fullName)).toEqual(["Earned", "Pending", "Forfeited", "Clawed Back"]);
    expect(meta.fields.find((f) => f.fullName === "Account.Partner_Score__c")).toMatchObject({
      type: "Number",
      precision: 5,
      scale: 2,
    });
    expect(meta.fields.find((f) => f.fullName === "Account.Incentive_Key__c")).toMatchObject({
      externalId: true,
      unique: true,
    });
    const byName = (n: string) => meta.fields.find((f) => f.fullName === n);
    expect(byName("Account.Partner_Type__c")?.values?.map((v) => v.fullName)).toEqual([
      "Reseller",
      "Integrator",
      "Technology",
      "Affiliate",
      "Agency",
      "VAR",
      "Other",
    ]);
    expect(byName("Opportunity.Attribution__c")).toMatchObject({ type: "Picklist", restricted: false });
    expect(byName("Opportunity.Incentive_Partner__c")).toMatchObject({
      type: "Lookup",
      referenceTo: "Account",
      relationshipName: "Incentive_Deals",
    });
    expect(byName("Opportunity.Attribution__c")?.values?.map((v) => v.fullName)).toEqual([
      "Sourced",
      "Influenced",
    ]);
    expect(byName("Account.Certifications__c")).toMatchObject({ type: "Number", precision: 3, scale: 0 });
    expect(byName("Account.Compliance_OK__c")).toMatchObject({ type: "Checkbox", defaultValue: false });
    expect(byName("Opportunity.CSAT__c")).toMatchObject({ type: "Number", precision: 3, scale: 2 });
    expect(byName("Opportunity.Time_To_Value_Days__c")).toMatchObject({ precision: 5, scale: 0 });
    expect(byName("Opportunity.Product_Code__c")).toMatchObject({ type: "Text", length: 40 });
    expect(byName("Opportunity.Cancelled_On__c")).toMatchObject({ type: "Date" });
    expect(byName("Opportunity.Gross_Margin__c")).toMatchObject({
      type: "Currency",
      precision: 18,
      scale: 2,
    });
    expect(byName("Account.Partner_Ladder__c")).toMatchObject({ type: "Text", length: 80 });
    expect(meta.objects[0]).toMatchObject({
      fullName: "Incentive_Payout__c",
      nameField: { type: "AutoNumber" },
    });
  });

  it("reports missing, wrong-typed, read-only and picklist problems", async () => {
    const meta = await loadSalesforceMetadata();
    const status = meta.fields.find((f) => f.fullName === "Opportunity.Incentive_Status__c")!;
    const amount = meta.fields.find((f) => f.fullName === "Opportunity.Incentive_Amount__c")!;
    const described = toDescribedObject({
      name: "Opportunity",
      fields: [
        {
          name: "Incentive_Status__c",
          type: "picklist",
          updateable: true,
          picklistValues: [{ value: "Earned", active: true }],
        },
        { name: "Incentive_Amount__c", type: "double", updateable: false },
      ],
    });
    expect(
      compareField("Opportunity", "Incentive_Status__c", status, described).map((p) => p.problem),
    ).toEqual(["missing_picklist_value", "missing_picklist_value", "missing_picklist_value"]);
    expect(
      compareField("Opportunity", "Incentive_Amount__c", amount, described).map((p) => p.problem),
    ).toEqual(["wrong_type", "not_updateable"]);
    expect(compareField("Opportunity", "SPIF_Awarded__c", amount, described)).toEqual([
      {
        object: "Opportunity",
        field: "SPIF_Awarded__c",
        problem: "missing",
        detail: "Currency field not in the org",
      },
    ]);
  });
});

describe("Partner_Incentives permission set", () => {
  it("grants read and edit on every declared field", async () => {
    const xml = await readFile(
      join(DEFAULT_METADATA_DIR, "permissionsets", "Partner_Incentives.permissionset-meta.xml"),
      "utf8",
    );
    const granted = [
      ...xml.matchAll(
        /<fieldPermissions>\s*<editable>true<\/editable>\s*<field>([^<]+)<\/field>\s*<readable>true<\/readable>/g,
      ),
    ].map((m) => m[1]);
    const meta = await loadSalesforceMetadata();
    const declared = declaredFields(meta)
      .filter((d) => d.field.required !== true)
      .map((d) => `${d.object}.${d.name}`);
    expect([...granted].sort()).toEqual([...declared].sort());
  });
});
