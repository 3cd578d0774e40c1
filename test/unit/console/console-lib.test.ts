// The console's pure helpers: where a problem's path sits in the YAML text (so the editor marks
// the right line), and money shown and sorted exactly from decimal strings.
import { describe, expect, it } from "vitest";
import { compareDecimal, formatAmount } from "../../../console/src/lib/money.ts";
import { lineOf, pathSegments } from "../../../console/src/lib/yaml-lines.ts";
import { subtract } from "../../../console/src/pages/simulation-math.ts";

const MAPPING = `# comment
crm: salesforce
entities:
  partner:
    object: Account
    scope:
      - { field: IsPartner, op: eq, value: true }
    fields:
      name: { crm_field: Name, direction: both }
      type:
        crm_field: Partner_Type__c
        transform:
          map:
            Reseller: reseller
`;

describe("problem path → YAML line", () => {
  it("splits dotted paths with indices", () => {
    expect(pathSegments("components[2].bands[1].from")).toEqual(["components", 2, "bands", 1, "from"]);
  });

  it("finds flow and block values, list items, and falls back to the closest parent", () => {
    expect(lineOf(MAPPING, "entities.partner.fields.name.crm_field")).toBe(9);
    expect(lineOf(MAPPING, "entities.partner.fields.type.crm_field")).toBe(11);
    expect(lineOf(MAPPING, "entities.partner.fields.type.transform.map")).toBe(13);
    expect(lineOf(MAPPING, "entities.partner.scope[0].field")).toBe(7);
    // A key that is missing: the line of its parent.
    expect(lineOf(MAPPING, "entities.partner.fields.type.default")).toBe(10);
    expect(lineOf(MAPPING, "entities.deal.object")).toBe(3);
  });
});

describe("money from decimal strings", () => {
  it("groups digits without touching them", () => {
    expect(formatAmount("1234567.50")).toBe("1,234,567.50");
    expect(formatAmount("-1000")).toBe("-1,000");
    expect(formatAmount("0.10")).toBe("0.10");
  });

  it("compares and subtracts exactly (beyond what a double holds)", () => {
    expect(compareDecimal("10.5", "9.99")).toBe(1);
    expect(compareDecimal("-0.01", "0")).toBe(-1);
    expect(compareDecimal("0.00", "-0")).toBe(0);
    expect(compareDecimal("-2", "-10")).toBe(1);
    expect(compareDecimal("90071992547409931.01", "90071992547409931.02")).toBe(-1);
    expect(subtract("90071992547409931.01", "0.02")).toBe("90071992547409930.99");
    expect(subtract("5.00", "7.25")).toBe("-2.25");
  });
});
