import { describe, expect, it } from "vitest";
import { checkMappingAgainstDescribe } from "../../../src/sync/mapping/check-against-describe.ts";
import { validateMapping } from "../../../src/sync/mapping/validate.ts";
import { hubspotDescribes, salesforceDescribes, withField } from "./fixtures/describes.ts";
import { shipped, shippedRaw } from "./helpers.ts";

const sf = shipped("salesforce");
const brief = (ps: ReturnType<typeof checkMappingAgainstDescribe>) =>
  ps.map((p) => [p.entity, p.field, p.crm_field, p.code, p.path]);

describe("checkMappingAgainstDescribe", () => {
  it("finds nothing wrong with the shipped mappings against the project metadata", () => {
    expect(checkMappingAgainstDescribe(sf, salesforceDescribes())).toEqual([]);
    expect(checkMappingAgainstDescribe(shipped("hubspot"), hubspotDescribes())).toEqual([]);
  });

  it("accepts describes as a plain object too", () => {
    expect(checkMappingAgainstDescribe(sf, Object.fromEntries(salesforceDescribes()))).toEqual([]);
  });

  it("reports a missing object once and skips its fields", () => {
    const d = salesforceDescribes();
    d.delete("Opportunity");
    expect(brief(checkMappingAgainstDescribe(sf, d))).toEqual([
      ["deal", "object", null, "object_missing", "entities.deal.object"],
    ]);
  });

  it("reports missing fields in fields, scope, match key and partner lookup", () => {
    let d = withField(salesforceDescribes(), "Opportunity", "Attribution__c", null);
    d = withField(d, "Account", "IsPartner", null);
    d = withField(d, "Account", "Website", null);
    d = withField(d, "Opportunity", "PartnerAccountId", null);
    expect(brief(checkMappingAgainstDescribe(sf, d))).toEqual([
      ["partner", "scope[0]", "IsPartner", "field_missing", "entities.partner.scope[0].field"],
      ["partner", "match_key", "Website", "field_missing", "entities.partner.match_key.crm_field"],
      ["partner", "domain", "Website", "field_missing", "entities.partner.fields.domain.crm_field"],
      ["deal", "scope[0]", "PartnerAccountId", "field_missing", "entities.deal.scope[0].field"],
      ["deal", "partner_ref", "PartnerAccountId", "field_missing", "entities.deal.partner_ref.crm_field"],
      [
        "deal",
        "attribution",
        "Attribution__c",
        "field_missing",
        "entities.deal.fields.attribution.crm_field",
      ],
    ]);
  });

  it("reports incompatible types both ways", () => {
    let d = withField(salesforceDescribes(), "Opportunity", "Amount", { type: "boolean" });
    d = withField(d, "Account", "Incentive_Eligible__c", { type: "number" });
    d = withField(d, "Opportunity", "PartnerAccountId", { type: "currency" });
    expect(brief(checkMappingAgainstDescribe(sf, d))).toEqual([
      [
        "partner",
        "eligible",
        "Incentive_Eligible__c",
        "type_incompatible",
        "entities.partner.fields.eligible",
      ],
      ["deal", "partner_ref", "PartnerAccountId", "type_incompatible", "entities.deal.partner_ref.crm_field"],
      ["deal", "amount", "Amount", "type_incompatible", "entities.deal.fields.amount.transform"],
    ]);
  });

  it("reports written fields that are read-only, but not read-only fields that are only read", () => {
    let d = withField(salesforceDescribes(), "Account", "Partner_Tier__c", { updateable: false });
    d = withField(d, "Account", "Name", { updateable: false });
    d = withField(d, "Opportunity", "Amount", { updateable: false });
    expect(brief(checkMappingAgainstDescribe(sf, d))).toEqual([
      ["partner", "name", "Name", "not_updateable", "entities.partner.fields.name.direction"],
      ["partner", "tier", "Partner_Tier__c", "not_updateable", "entities.partner.fields.tier.direction"],
    ]);
  });

  it("reports each picklist value that has no canonical value and no default", () => {
    const d = withField(salesforceDescribes(), "Opportunity", "Attribution__c", {
      picklistValues: ["Sourced", "Influenced", "Partner-led", "Co-sell"],
    });
    const problems = checkMappingAgainstDescribe(sf, d);
    expect(brief(problems)).toEqual([
      [
        "deal",
        "attribution",
        "Attribution__c",
        "picklist_value_unmapped",
        "entities.deal.fields.attribution.transform.map",
      ],
      [
        "deal",
        "attribution",
        "Attribution__c",
        "picklist_value_unmapped",
        "entities.deal.fields.attribution.transform.map",
      ],
    ]);
    expect(problems[0]?.message).toContain('"Partner-led"');
  });

  it("lets a value map default cover picklist values it does not list", () => {
    const d = withField(salesforceDescribes(), "Opportunity", "Type", {
      picklistValues: ["New Business", "Channel Sale", "Renewal"],
    });
    expect(checkMappingAgainstDescribe(sf, d)).toEqual([]);
  });

  it("reports a canonical status the restricted CRM picklist cannot take", () => {
    const d = withField(salesforceDescribes(), "Opportunity", "Incentive_Status__c", {
      picklistValues: ["Earned", "Pending", "Forfeited"],
    });
    const problems = checkMappingAgainstDescribe(sf, d);
    expect(brief(problems)).toEqual([
      [
        "deal",
        "incentive_status",
        "Incentive_Status__c",
        "picklist_value_missing",
        "entities.deal.fields.incentive_status.transform.map",
      ],
    ]);
    expect(problems[0]?.message).toContain('"Clawed Back"');
  });

  it("does not look up relationship paths it cannot see in this object's describe", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.deal.fields.product = { crm_field: "Product2.ProductCode", direction: "inbound" };
    const result = validateMapping(raw, "salesforce");
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(checkMappingAgainstDescribe(result.mapping, salesforceDescribes())).toEqual([]);
  });
});
