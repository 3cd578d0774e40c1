import { describe, expect, it } from "vitest";
import { toDescribedObject } from "../../../connectors/salesforce/describe.ts";
import { declaredFields, loadSalesforceMetadata } from "../../../connectors/salesforce/metadata-loader.ts";
import { compareField } from "../../../connectors/salesforce/provision.ts";

describe("SFDX metadata package", () => {
  it("declares exactly the fields the issue lists", async () => {
    const meta = await loadSalesforceMetadata();
    const names = declaredFields(meta).map((d) => `${d.object}.${d.name}`);
    expect(names.sort()).toEqual(
      [
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
        "Account.Payable_This_Period__c",
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
        "Opportunity.SPIF_Awarded__c",
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
