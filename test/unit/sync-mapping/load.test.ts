import { describe, expect, it } from "vitest";
import {
  CANONICAL_FIELDS,
  DEAL_OUTBOUND_FIELDS,
  PARTNER_OUTBOUND_FIELDS,
} from "../../../src/sync/mapping/canonical.ts";
import { parseMapping } from "../../../src/sync/mapping/load.ts";
import type { MappingProblem } from "../../../src/sync/mapping/types.ts";
import { checkMappingPair, validateMapping } from "../../../src/sync/mapping/validate.ts";
import { shipped, shippedRaw, shippedText } from "./helpers.ts";

function problemsOf(raw: unknown, crm: "salesforce" | "hubspot" = "salesforce"): MappingProblem[] {
  const result = validateMapping(raw, crm);
  if (result.ok) throw new Error("expected the mapping to be invalid");
  return result.problems;
}

/** A Salesforce record id (the deal's partner Account, for its related list): HubSpot has no use for it. */
const SALESFORCE_ONLY = new Set<string>(["incentive_partner"]);

describe("shipped mappings", () => {
  it.each(["salesforce", "hubspot"] as const)("%s loads with every computed field mapped", (crm) => {
    const mapping = shipped(crm);
    expect(mapping.crm).toBe(crm);
    expect(Object.keys(mapping.entities.partner.fields)).toEqual(
      expect.arrayContaining([...PARTNER_OUTBOUND_FIELDS]),
    );
    expect(Object.keys(mapping.entities.deal.fields)).toEqual(
      expect.arrayContaining(
        DEAL_OUTBOUND_FIELDS.filter((f) => crm === "salesforce" || !SALESFORCE_ONLY.has(f)),
      ),
    );
  });

  it("maps every canonical field of the catalog except initial_tier in both CRMs", () => {
    for (const crm of ["salesforce", "hubspot"] as const) {
      const m = shipped(crm);
      for (const entity of ["partner", "deal"] as const) {
        const missing = Object.keys(CANONICAL_FIELDS[entity]).filter(
          (f) => !(f in m.entities[entity].fields),
        );
        expect(missing).toEqual(
          entity === "partner" ? ["initial_tier"] : crm === "hubspot" ? [...SALESFORCE_ONLY] : [],
        );
      }
    }
  });

  it("the two shipped mappings agree on match keys and conflict policies", () => {
    expect(checkMappingPair(shipped("salesforce"), shipped("hubspot"))).toEqual([]);
  });

  it("Opportunity.Type New Business maps to new, and scope stays structured", () => {
    const deal = shipped("salesforce").entities.deal;
    expect(deal.fields.kind?.transform).toMatchObject({ map: { "New Business": "new" }, default: "new" });
    expect(deal.scope).toEqual([{ field: "PartnerAccountId", op: "not_null" }]);
    expect(shipped("salesforce").entities.partner.scope).toEqual([
      { field: "IsPartner", op: "eq", value: true },
    ]);
  });
});

// Each row breaks one rule of the shipped Salesforce mapping and names the exact YAML path.
const RULES: Array<{
  rule: string;
  mutate: (m: ReturnType<typeof shippedRaw>) => void;
  path: string;
  code: MappingProblem["code"];
}> = [
  {
    rule: "unknown canonical field",
    mutate: (m) => {
      m.entities.partner.fields.revenue = { crm_field: "AnnualRevenue", direction: "inbound" };
    },
    path: "entities.partner.fields.revenue",
    code: "unknown_field",
  },
  {
    rule: "computed field read inbound",
    mutate: (m) => {
      m.entities.partner.fields.tier.direction = "inbound";
    },
    path: "entities.partner.fields.tier.direction",
    code: "direction_invalid",
  },
  {
    rule: "input field written outbound only",
    mutate: (m) => {
      m.entities.deal.fields.amount.direction = "outbound";
      delete m.entities.deal.fields.amount.required;
    },
    path: "entities.deal.fields.amount.direction",
    code: "direction_invalid",
  },
  {
    rule: "conflict policy without direction both",
    mutate: (m) => {
      m.entities.deal.fields.amount.conflict = "latest";
    },
    path: "entities.deal.fields.amount.conflict",
    code: "conflict_without_both",
  },
  {
    rule: "direction both without conflict policy",
    mutate: (m) => {
      delete m.entities.partner.fields.name.conflict;
    },
    path: "entities.partner.fields.name.conflict",
    code: "conflict_missing",
  },
  {
    rule: "unknown conflict policy",
    mutate: (m) => {
      m.entities.partner.fields.name.conflict = "newest";
    },
    path: "entities.partner.fields.name.conflict",
    code: "schema",
  },
  {
    rule: "unknown direction",
    mutate: (m) => {
      m.entities.deal.fields.product.direction = "in";
    },
    path: "entities.deal.fields.product.direction",
    code: "schema",
  },
  {
    rule: "required on an outbound field",
    mutate: (m) => {
      m.entities.deal.fields.incentive_amount.required = true;
    },
    path: "entities.deal.fields.incentive_amount.required",
    code: "required_on_outbound",
  },
  {
    rule: "engine-required field marked optional",
    mutate: (m) => {
      m.entities.deal.fields.amount.required = false;
    },
    path: "entities.deal.fields.amount.required",
    code: "required_by_engine",
  },
  {
    rule: "transform that does not fit the field",
    mutate: (m) => {
      m.entities.deal.fields.amount.transform = "boolean";
    },
    path: "entities.deal.fields.amount.transform",
    code: "transform_invalid",
  },
  {
    rule: "counts must be whole numbers, not decimals",
    mutate: (m) => {
      m.entities.partner.fields.certifications.transform = "decimal";
    },
    path: "entities.partner.fields.certifications.transform",
    code: "transform_invalid",
  },
  {
    rule: "enum without a value map",
    mutate: (m) => {
      delete m.entities.deal.fields.kind.transform;
    },
    path: "entities.deal.fields.kind.transform",
    code: "transform_invalid",
  },
  {
    rule: "unknown transform name",
    mutate: (m) => {
      m.entities.deal.fields.amount.transform = "money";
    },
    path: "entities.deal.fields.amount.transform",
    code: "schema",
  },
  {
    rule: "value map target that is not a canonical value",
    mutate: (m) => {
      m.entities.deal.fields.kind.transform.map["New Business"] = "brand_new";
    },
    path: 'entities.deal.fields.kind.transform.map["New Business"]',
    code: "map_target_invalid",
  },
  {
    rule: "value map default that is not a canonical value",
    mutate: (m) => {
      m.entities.deal.fields.stage.transform.default = "closed";
    },
    path: "entities.deal.fields.stage.transform.default",
    code: "map_target_invalid",
  },
  {
    rule: "field default of the wrong kind",
    mutate: (m) => {
      m.entities.partner.fields.certifications.default = "many";
    },
    path: "entities.partner.fields.certifications.default",
    code: "default_invalid",
  },
  {
    rule: "default on an outbound field",
    mutate: (m) => {
      m.entities.deal.fields.spif_awarded.default = "0";
    },
    path: "entities.deal.fields.spif_awarded.default",
    code: "default_invalid",
  },
  {
    rule: "engine-required field not mapped",
    mutate: (m) => {
      delete m.entities.deal.fields.amount;
    },
    path: "entities.deal.fields.amount",
    code: "required_field_unmapped",
  },
  {
    rule: "unknown scope op",
    mutate: (m) => {
      m.entities.partner.scope[0].op = "like";
    },
    path: "entities.partner.scope[0].op",
    code: "schema",
  },
  {
    rule: "is_null with a value",
    mutate: (m) => {
      m.entities.deal.scope[0] = { field: "PartnerAccountId", op: "is_null", value: "x" };
    },
    path: "entities.deal.scope[0].value",
    code: "scope_value",
  },
  {
    rule: "in without a list",
    mutate: (m) => {
      m.entities.deal.scope.push({ field: "StageName", op: "in", value: "Closed Won" });
    },
    path: "entities.deal.scope[1].value",
    code: "scope_value",
  },
  {
    rule: "query text smuggled into a scope field",
    mutate: (m) => {
      m.entities.partner.scope[0].field = "IsPartner = true OR Id";
    },
    path: "entities.partner.scope[0].field",
    code: "schema",
  },
  {
    rule: "unsafe CRM field name",
    mutate: (m) => {
      m.entities.partner.fields.name.crm_field = "Name, (SELECT Id FROM Contacts)";
    },
    path: "entities.partner.fields.name.crm_field",
    code: "schema",
  },
  {
    rule: "match key that links nothing",
    mutate: (m) => {
      m.entities.deal.match_key.canonical = "email";
    },
    path: "entities.deal.match_key.canonical",
    code: "match_key_invalid",
  },
  {
    rule: "deal without partner_ref",
    mutate: (m) => {
      delete m.entities.deal.partner_ref;
    },
    path: "entities.deal.partner_ref",
    code: "partner_ref_missing",
  },
  {
    rule: "partner with a partner_ref",
    mutate: (m) => {
      m.entities.partner.partner_ref = { crm_field: "ParentId" };
    },
    path: "entities.partner.partner_ref",
    code: "partner_ref_unexpected",
  },
  {
    rule: "misspelt key",
    mutate: (m) => {
      m.entities.deal.fields.amount.trnsform = "decimal";
    },
    path: "entities.deal.fields.amount.trnsform",
    code: "schema",
  },
  {
    rule: "two fields writing one CRM field",
    mutate: (m) => {
      m.entities.partner.fields.paid_ytd.crm_field = "Payable_This_Period__c";
    },
    path: "entities.partner.fields.paid_ytd.crm_field",
    code: "duplicate_crm_field",
  },
  {
    rule: "entity missing",
    mutate: (m) => {
      delete m.entities.deal;
    },
    path: "entities.deal",
    code: "schema",
  },
  {
    rule: "unknown crm",
    mutate: (m) => {
      m.crm = "pipedrive";
    },
    path: "crm",
    code: "schema",
  },
  {
    rule: "file for one CRM naming the other",
    mutate: (m) => {
      m.crm = "hubspot";
    },
    path: "crm",
    code: "crm_mismatch",
  },
];

describe("mapping rules", () => {
  it.each(RULES)("$rule → $path", ({ mutate, path, code }) => {
    const raw = shippedRaw("salesforce");
    mutate(raw);
    const problems = problemsOf(raw);
    expect(problems).toContainEqual(expect.objectContaining({ path, code }));
    // Precise: the broken rule is the only problem reported.
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([`${path} ${code}`]);
  });

  it("lists every problem at once, with entity, field and CRM field", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.deal.fields.kind.transform.map["New Business"] = "brand_new";
    raw.entities.partner.fields.tier.direction = "both";
    raw.entities.deal.scope[0].op = "like";
    const problems = problemsOf(raw);
    expect(problems.map((p) => p.path).sort()).toEqual([
      'entities.deal.fields.kind.transform.map["New Business"]',
      "entities.deal.scope[0].op",
      "entities.partner.fields.tier.conflict",
      "entities.partner.fields.tier.direction",
    ]);
    expect(problems).toContainEqual(
      expect.objectContaining({ crm: "salesforce", entity: "deal", field: "kind", crm_field: "Type" }),
    );
  });

  it("still checks scope and fields when the entity itself is broken", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.deal.object = "Opportunity; DELETE";
    raw.entities.deal.scope[0].op = "like";
    raw.entities.deal.fields.amount.transform = "boolean";
    expect(problemsOf(raw).map((p) => p.path)).toEqual([
      "entities.deal.object",
      "entities.deal.scope[0].op",
      "entities.deal.fields.amount.transform",
    ]);
  });

  it("reports YAML syntax errors with their line", () => {
    const result = parseMapping("crm: salesforce\nentities:\n  partner: [\n", "salesforce");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toMatchObject({ code: "yaml", path: expect.stringMatching(/^line \d+/) });
  });

  it("rejects duplicate YAML keys instead of silently keeping the last", () => {
    // The same key twice with the same value: valid in every other respect, so only the duplicate
    // can make it fail (a second value such as hubspot would also fail as crm_mismatch).
    const text = shippedText("salesforce").replace("crm: salesforce", "crm: salesforce\ncrm: salesforce");
    const result = parseMapping(text, "salesforce");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([
        expect.objectContaining({ code: "yaml", message: expect.stringMatching(/keys must be unique/) }),
      ]);
  });

  it("accepts numeric scope values as strings", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.deal.scope.push(
      { field: "Amount", op: "gt", value: 0 },
      { field: "Type", op: "in", value: ["A", 1] },
    );
    const result = validateMapping(raw, "salesforce");
    expect(result.ok && result.mapping.entities.deal.scope.slice(1)).toEqual([
      { field: "Amount", op: "gt", value: "0" },
      { field: "Type", op: "in", value: ["A", "1"] },
    ]);
  });

  it("flags two mappings that could never link records or disagree on a conflict policy", () => {
    const hs = shippedRaw("hubspot");
    hs.entities.partner.match_key.canonical = "partner_key";
    hs.entities.partner.fields.name.conflict = "hubspot";
    const other = validateMapping(hs, "hubspot");
    if (!other.ok) throw new Error("expected valid");
    const problems = checkMappingPair(shipped("salesforce"), other.mapping);
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ["entities.partner.match_key.canonical", "pair_mismatch"],
      ["entities.partner.fields.name.conflict", "pair_mismatch"],
    ]);
  });
});
