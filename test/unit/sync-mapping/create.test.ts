import { describe, expect, it } from "vitest";
import type { ScopeCondition } from "../../../connectors/types.ts";
import { checkMappingAgainstDescribe } from "../../../src/sync/mapping/check-against-describe.ts";
import { scopeHolds, toCreateRecord } from "../../../src/sync/mapping/create.ts";
import type { Mapping, MappingProblem } from "../../../src/sync/mapping/types.ts";
import { validateMapping } from "../../../src/sync/mapping/validate.ts";
import { hubspotDescribes, salesforceDescribes, withField } from "./fixtures/describes.ts";
import { fd, shipped, shippedRaw } from "./helpers.ts";

type Raw = ReturnType<typeof shippedRaw>;

function valid(raw: Raw, crm: "salesforce" | "hubspot" = "salesforce"): Mapping {
  const result = validateMapping(raw, crm);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.mapping;
}

function problems(raw: Raw, crm: "salesforce" | "hubspot" = "salesforce"): string[][] {
  const result = validateMapping(raw, crm);
  if (result.ok) throw new Error("expected the mapping to be invalid");
  return result.problems.map((p) => [p.path, p.code]);
}

const brief = (ps: MappingProblem[]) => ps.map((p) => [p.field, p.crm_field, p.path, p.code]);

describe("scopeHolds", () => {
  const c = (op: ScopeCondition["op"], value?: ScopeCondition["value"]): ScopeCondition =>
    value === undefined ? { field: "F", op } : { field: "F", op, value };
  it.each([
    [c("eq", true), true, true],
    [c("eq", true), "true", true],
    [c("eq", true), false, false],
    [c("eq", "Partner"), "partner", true],
    [c("eq", "5"), "5.00", true],
    [c("eq", "x"), null, false],
    [c("neq", "x"), null, true],
    [c("neq", "x"), "x", false],
    [c("in", ["a", "b"]), "b", true],
    [c("in", ["a", "b"]), null, false],
    [c("not_in", ["a", "b"]), "c", true],
    [c("not_in", ["a", "b"]), null, true],
    [c("gt", "10"), "9", false],
    [c("gte", "10"), "10.0", true],
    [c("lt", "2026-01-01"), "2025-12-31", true],
    [c("lte", "3"), null, false],
    [c("is_null"), "", true],
    [c("is_null"), "x", false],
    [c("not_null"), "x", true],
    [c("not_null"), undefined, false],
  ])("%j with %j → %s", (cond, value, expected) => {
    expect(scopeHolds(cond, value)).toBe(expected);
  });
});

describe("create: in the mapping file", () => {
  it("resolves the shipped blocks: every input field the file reads, plus the scope constants", () => {
    expect(shipped("salesforce").entities.partner.create).toEqual({
      enabled: true,
      set: { IsPartner: true },
      fields: ["name", "domain", "type", "certifications", "agreement_signed", "compliance_ok"],
    });
    expect(shipped("hubspot").entities.partner.create).toEqual({
      enabled: true,
      set: {},
      fields: ["name", "domain", "type", "certifications", "agreement_signed", "compliance_ok"],
    });
    expect(shipped("salesforce").entities.deal.create).toBeUndefined();
  });

  it("keeps an explicit field list and turns numbers in set into decimal strings", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.partner.create = {
      enabled: false,
      set: { IsPartner: true, NumberOfEmployees: 12.5 },
      fields: ["name"],
    };
    expect(valid(raw).entities.partner.create).toEqual({
      enabled: false,
      set: { IsPartner: true, NumberOfEmployees: "12.5" },
      fields: ["name"],
    });
  });

  it("refuses create on deals and says why", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.deal.create = { enabled: false };
    const result = validateMapping(raw, "salesforce");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.entity, p.field, p.path, p.code])).toEqual([
      ["deal", "create", "entities.deal.create", "create_unexpected"],
    ]);
    expect(result.problems[0]!.message).toMatch(/only partners.*native Salesforce sync/);
  });

  it("checks the block's shape", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.partner.create = { enable: true, set: { "Bad Name": 1 }, fields: "name" };
    expect(problems(raw)).toEqual(
      expect.arrayContaining([
        ["entities.partner.create.enabled", "schema"],
        ["entities.partner.create.enable", "schema"],
        ["entities.partner.create.fields", "schema"],
      ]),
    );
  });

  it("lists only mapped input fields, once each", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.partner.create.fields = ["name", "tier", "nickname", "initial_tier", "name"];
    expect(problems(raw)).toEqual([
      ["entities.partner.create.fields[1]", "create_field_invalid"],
      ["entities.partner.create.fields[2]", "create_field_invalid"],
      ["entities.partner.create.fields[3]", "create_field_invalid"],
      ["entities.partner.create.fields[4]", "create_field_invalid"],
    ]);
  });

  it("refuses a created field that shares its CRM field with another", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.partner.fields.initial_tier = { crm_field: "Name", direction: "inbound" };
    expect(problems(raw)).toEqual([["entities.partner.create", "create_field_invalid"]]);
  });

  it("needs the scope met: a constant that fails it, or a scope field nothing writes", () => {
    const wrong = shippedRaw("salesforce");
    wrong.entities.partner.create.set = { IsPartner: false };
    expect(problems(wrong)).toEqual([["entities.partner.create.set.IsPartner", "create_set_invalid"]]);
    const missing = shippedRaw("salesforce");
    missing.entities.partner.create.set = {};
    expect(problems(missing)).toEqual([["entities.partner.create", "create_scope_unmet"]]);
    // A scope field a created field writes is checked record by record instead.
    const hs = shippedRaw("hubspot");
    hs.entities.partner.scope = [{ field: "partner_type", op: "in", value: ["reseller", "var"] }];
    expect(valid(hs, "hubspot").entities.partner.create?.enabled).toBe(true);
  });

  it("refuses a constant for a field the mapping already writes, and needs incentive_key", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.partner.create.set = { IsPartner: true, Name: "x", Website: "y", Incentive_Key__c: "z" };
    expect(problems(raw)).toEqual([
      ["entities.partner.create.set.Name", "create_set_invalid"],
      ["entities.partner.create.set.Website", "create_set_invalid"],
      ["entities.partner.create.set.Incentive_Key__c", "create_set_invalid"],
    ]);
    const noKey = shippedRaw("hubspot");
    delete noKey.entities.partner.fields.incentive_key;
    expect(problems(noKey, "hubspot")).toEqual([
      ["entities.partner.fields.incentive_key", "create_key_missing"],
    ]);
  });
});

describe("create: against the describe", () => {
  const sf = shipped("salesforce");
  const hs = shipped("hubspot");

  it("reports a created field the CRM can neither create nor update, but not an update-only one", () => {
    const readOnly = withField(salesforceDescribes(), "Account", "Certifications__c", {
      createable: false,
      updateable: false,
    });
    expect(brief(checkMappingAgainstDescribe(sf, readOnly))).toEqual([
      ["certifications", "Certifications__c", "entities.partner.create", "not_createable"],
    ]);
    const updateOnly = withField(salesforceDescribes(), "Account", "Certifications__c", {
      createable: false,
    });
    expect(checkMappingAgainstDescribe(sf, updateOnly)).toEqual([]);
  });

  it("says nothing about create when it is disabled", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.partner.create.enabled = false;
    const d = withField(salesforceDescribes(), "Account", "Certifications__c", {
      createable: false,
      updateable: false,
    });
    expect(checkMappingAgainstDescribe(valid(raw), d)).toEqual([]);
  });

  it("checks set constants: field exists, can be written, value fits", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.partner.create.set = { IsPartner: true, Rating__c: "Hot", Partner_Flag__c: "yes" };
    const d = withField(salesforceDescribes(), "Account", "IsPartner", {
      createable: false,
      updateable: false,
    });
    const account = d.get("Account")!;
    d.set("Account", { ...account, fields: [...account.fields, fd("Partner_Flag__c", "boolean")] });
    expect(brief(checkMappingAgainstDescribe(valid(raw), d))).toEqual([
      ["create", "IsPartner", "entities.partner.create.set.IsPartner", "not_createable"],
      ["create", "Rating__c", "entities.partner.create.set.Rating__c", "field_missing"],
      ["create", "Partner_Flag__c", "entities.partner.create.set.Partner_Flag__c", "create_set_invalid"],
    ]);
  });

  it("needs the key field unique, and a restricted picklist able to take every created value", () => {
    let d = withField(hubspotDescribes(), "companies", "incentive_key", { unique: false, externalId: false });
    d = withField(d, "companies", "partner_type", {
      picklistValues: ["reseller", "integrator", "technology", "affiliate", "var", "other"],
    });
    expect(brief(checkMappingAgainstDescribe(hs, d))).toEqual([
      ["type", "partner_type", "entities.partner.fields.type.transform.map", "picklist_value_missing"],
      [
        "incentive_key",
        "incentive_key",
        "entities.partner.fields.incentive_key.crm_field",
        "create_key_not_unique",
      ],
    ]);
  });
});

describe("toCreateRecord", () => {
  const data = {
    id: "P-0123456789ABCDEF",
    name: "Acme Integrations",
    domain: "acme.example",
    type: "integrator",
    certifications: 3,
    agreement_signed: true,
    compliance_ok: false,
  };
  const computed = {
    tier: "Gold",
    qualified_tier: "Gold",
    next_tier: null,
    gap_to_next_tier: "0.00",
    score: "87.50",
    eligible: true,
    ineligible_reasons: null,
    payable_this_period: "1200.00",
    paid_ytd: "0.00",
    fund_balance: "0.00",
    updated_at: "2026-11-20T12:00:00.000Z",
    incentive_key: "P-0123456789ABCDEF",
    name: "Acme Integrations",
  };
  const account = salesforceDescribes().get("Account")!;

  it("reverse-maps the inputs, adds the computed fields and the constants, and reads back the same", () => {
    const out = toCreateRecord(shipped("salesforce"), { data, computed, matchKey: "acme.example" }, account);
    expect(out.problems).toEqual([]);
    expect(out.fields).toEqual({
      Name: "Acme Integrations",
      Website: "acme.example",
      Partner_Type__c: "Integrator",
      Certifications__c: "3",
      Agreement_Signed__c: true,
      Compliance_OK__c: false,
      Partner_Tier__c: "Gold",
      Partner_Qualified_Tier__c: "Gold",
      Gap_To_Next_Tier__c: "0",
      Partner_Score__c: "87.5",
      Incentive_Eligible__c: true,
      Payable_This_Period__c: "1200",
      Incentives_Paid_YTD__c: "0",
      Coop_Fund_Balance__c: "0",
      Incentives_Updated_At__c: "2026-11-20T12:00:00.000Z",
      Incentive_Key__c: "P-0123456789ABCDEF",
    });
    // The fixture's IsPartner can be updated but not set on create: it follows by id.
    expect(out.after).toEqual({ IsPartner: true });
    expect(out.values).toEqual({
      name: "Acme Integrations",
      domain: "acme.example",
      type: "integrator",
      certifications: 3,
      agreement_signed: true,
      compliance_ok: false,
    });
  });

  it("quarantines a value the CRM would refuse: nothing to send", () => {
    const out = toCreateRecord(
      shipped("salesforce"),
      { data: { ...data, name: "x".repeat(300) }, computed, matchKey: "acme.example" },
      account,
    );
    expect(out.problems.map((p) => [p.field, p.crm_field, p.code, p.class])).toEqual([
      ["name", "Name", "too_long", "permanent"],
    ]);
  });

  it("reports a field the describe lacks or that cannot be written as configuration", () => {
    let d = withField(salesforceDescribes(), "Account", "Partner_Score__c", null);
    d = withField(d, "Account", "Compliance_OK__c", { createable: false, updateable: false });
    const out = toCreateRecord(shipped("salesforce"), { data, computed, matchKey: null }, d.get("Account")!);
    expect(out.problems.map((p) => [p.crm_field, p.code, p.class])).toEqual([
      ["Compliance_OK__c", "not_createable", "config"],
      ["Partner_Score__c", "field_missing", "config"],
    ]);
  });

  it("writes the match key when no created field carries it", () => {
    const raw = shippedRaw("hubspot");
    delete raw.entities.partner.fields.domain;
    const out = toCreateRecord(
      valid(raw, "hubspot"),
      { data, computed, matchKey: "acme.example" },
      hubspotDescribes().get("companies")!,
    );
    expect(out.problems).toEqual([]);
    expect(out.fields.domain).toBe("acme.example");
    expect(out.fields.partner_type).toBe("integrator");
  });

  it("refuses a record that would land out of scope", () => {
    const raw = shippedRaw("hubspot");
    raw.entities.partner.scope = [{ field: "partner_type", op: "in", value: ["reseller", "var"] }];
    const out = toCreateRecord(valid(raw, "hubspot"), { data, computed, matchKey: null }, null);
    expect(out.problems.map((p) => [p.crm_field, p.code, p.class])).toEqual([
      ["partner_type", "out_of_scope", "permanent"],
    ]);
  });

  it("refuses a record that would read back as other values (it would look like an edit)", () => {
    const raw = shippedRaw("salesforce");
    // No CRM value for `integrator`: it is written as-is and read back as the map's default.
    raw.entities.partner.fields.type.transform.map = { Reseller: "reseller", Other: "other" };
    const out = toCreateRecord(valid(raw), { data, computed, matchKey: "acme.example" }, null);
    expect(out.problems.map((p) => [p.field, p.code, p.reason])).toEqual([
      ["type", "reads_back_differently", 'would read back as "other", not "integrator"'],
    ]);
  });

  it("refuses a record missing a value the CRM's mapping requires", () => {
    const out = toCreateRecord(
      shipped("hubspot"),
      { data: { ...data, name: null }, computed: { ...computed, name: null }, matchKey: null },
      null,
    );
    expect(out.problems.map((p) => [p.field, p.code, p.class])).toEqual([
      ["name", "reads_back_invalid", "permanent"],
    ]);
  });
});
