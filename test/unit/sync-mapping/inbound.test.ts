import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CrmName, CrmRecord } from "../../../connectors/types.ts";
import type { EntityName } from "../../../src/sync/mapping/canonical.ts";
import {
  formatInboundError,
  mapInboundBatch,
  mapInboundRecord,
  readSpecFor,
} from "../../../src/sync/mapping/inbound.ts";
import { validateMapping } from "../../../src/sync/mapping/validate.ts";
import { record, shipped, shippedRaw } from "./helpers.ts";

interface GoldenCase {
  name: string;
  entity: EntityName;
  record: CrmRecord;
  expected: {
    status: string;
    matchKey: string | null;
    partnerRefs: string[];
    values: Record<string, unknown>;
  };
}

function golden(crm: CrmName): GoldenCase[] {
  const file = new URL(`./fixtures/${crm}-records.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { cases: GoldenCase[] }).cases;
}

describe.each(["salesforce", "hubspot"] as const)("golden %s records", (crm) => {
  const mapping = shipped(crm);
  it.each(golden(crm))("$name", ({ entity, record: rec, expected }) => {
    const result = mapInboundRecord(mapping, entity, rec);
    expect(result).toMatchObject({ crm, object: rec.object, id: rec.id, entity, status: expected.status });
    if (result.status !== "mapped") throw new Error(JSON.stringify(result));
    expect(result.matchKey).toBe(expected.matchKey);
    expect(result.partnerRefs).toEqual(expected.partnerRefs);
    expect(result.values).toStrictEqual(expected.values);
    expect(result.modifiedAt).toBe(rec.modifiedAt);
    expect(result.mirrorOf).toEqual(rec.mirrorOf);
  });
});

it("links a Salesforce opportunity and its HubSpot mirror to the same match key", () => {
  const [, , sfDeal] = golden("salesforce");
  const [, , hsDeal] = golden("hubspot");
  const a = mapInboundRecord(shipped("salesforce"), "deal", sfDeal!.record);
  const b = mapInboundRecord(shipped("hubspot"), "deal", hsDeal!.record);
  expect(a.status === "mapped" && b.status === "mapped" && a.matchKey === b.matchKey).toBe(true);
});

describe("bad records", () => {
  const mapping = shipped("salesforce");
  const opp = (id: string, fields: Record<string, string | null>) =>
    record({
      crm: "salesforce",
      object: "Opportunity",
      id,
      fields: {
        Name: id,
        Type: "New Business",
        StageName: "Closed Won",
        Attribution__c: "Sourced",
        Amount: "1000",
        CloseDate: "2026-02-01",
        PartnerAccountId: "001000000000001AAA",
        ...fields,
      },
    });

  it("reports each bad record with CRM, object, record id, field and reason, and maps the rest", () => {
    const batch = mapInboundBatch(mapping, "deal", [
      opp("006000000000010AAA", {}),
      opp("006000000000011AAA", { Amount: null }),
      opp("006000000000012AAA", { Attribution__c: "Partner-led" }),
      opp("006000000000013AAA", { Amount: "12,5abc" }),
      opp("006000000000014AAA", { Amount: "1e3" }),
    ]);
    expect(batch.mapped.map((r) => r.id)).toEqual(["006000000000010AAA", "006000000000014AAA"]);
    expect(batch.mapped[1]?.values.amount).toBe("1000");
    const errors = batch.rejected.map((r) => r.errors.map((e) => [e.recordId, e.field, e.crm_field, e.code]));
    expect(errors).toEqual([
      [["006000000000011AAA", "amount", "Amount", "missing_required"]],
      [["006000000000012AAA", "attribution", "Attribution__c", "unmapped_value"]],
      [["006000000000013AAA", "amount", "Amount", "bad_decimal"]],
    ]);
    const bad = batch.rejected[2]!.errors[0]!;
    expect(bad).toMatchObject({ crm: "salesforce", object: "Opportunity", value: "12,5abc" });
    expect(formatInboundError(bad)).toBe(
      'salesforce Opportunity 006000000000013AAA: amount (Amount): "12,5abc" is not a decimal number',
    );
  });

  it("lists every bad field of one record", () => {
    const result = mapInboundRecord(
      mapping,
      "deal",
      opp("006000000000020AAA", { CloseDate: "2026-02-30", CSAT__c: "7", Time_To_Value_Days__c: "2.5" }),
    );
    expect(result.status === "rejected" && result.errors.map((e) => [e.field, e.code])).toEqual([
      ["close_date", "bad_date"],
      ["csat", "out_of_range"],
      ["time_to_value_days", "bad_integer"],
    ]);
  });

  it("quarantines a margin below zero or above the amount (spec §5), naming the deal and field", () => {
    const batch = mapInboundBatch(mapping, "deal", [
      opp("006000000000040AAA", { Gross_Margin__c: "250.00" }),
      opp("006000000000041AAA", { Gross_Margin__c: "1000" }),
      opp("006000000000042AAA", { Gross_Margin__c: "-0.01" }),
      opp("006000000000043AAA", { Gross_Margin__c: "1000.01" }),
      opp("006000000000044AAA", { Gross_Margin__c: null }),
    ]);
    // A margin equal to the amount is allowed; a blank margin maps to null (the engine then pays
    // 0.00 on a margin basis, "no margin on the deal").
    expect(batch.mapped.map((r) => [r.id, r.values.margin])).toEqual([
      ["006000000000040AAA", "250"],
      ["006000000000041AAA", "1000"],
      ["006000000000044AAA", null],
    ]);
    expect(
      batch.rejected.map((r) => r.errors.map((e) => [e.recordId, e.field, e.crm_field, e.code])),
    ).toEqual([
      [["006000000000042AAA", "margin", "Gross_Margin__c", "out_of_range"]],
      [["006000000000043AAA", "margin", "Gross_Margin__c", "out_of_range"]],
    ]);
    expect(formatInboundError(batch.rejected[1]!.errors[0]!)).toBe(
      "salesforce Opportunity 006000000000043AAA: margin (Gross_Margin__c): margin 1000.01 is above the amount 1000",
    );
    // HubSpot's gross_margin the same way.
    const hs = mapInboundRecord(
      shipped("hubspot"),
      "deal",
      record({
        crm: "hubspot",
        object: "deals",
        id: "77",
        fields: {
          deal_kind: "new",
          dealstage: "closedwon",
          attribution: "sourced",
          amount: "500",
          gross_margin: "600",
          closedate: "2026-01-01",
        },
        associations: { partner: ["1"] },
      }),
    );
    expect(hs.status === "rejected" && hs.errors.map((e) => [e.field, e.crm_field, e.code])).toEqual([
      ["margin", "gross_margin", "out_of_range"],
    ]);
  });

  it("rejects a deal without a partner, or with several", () => {
    const none = mapInboundRecord(mapping, "deal", opp("006000000000030AAA", { PartnerAccountId: null }));
    expect(none.status === "rejected" && none.errors[0]).toMatchObject({
      field: "partner_ref",
      crm_field: "PartnerAccountId",
      code: "missing_partner_ref",
    });
    const hs = shipped("hubspot");
    const many = mapInboundRecord(
      hs,
      "deal",
      record({
        crm: "hubspot",
        object: "deals",
        id: "9",
        fields: {
          deal_kind: "new",
          dealstage: "closedwon",
          attribution: "sourced",
          amount: "1",
          closedate: "2026-01-01",
        },
        associations: { partner: ["1", "2"] },
      }),
    );
    expect(many.status === "rejected" && many.errors.map((e) => e.code)).toEqual(["ambiguous_partner_ref"]);
  });

  it("reports a malformed match key instead of linking on it", () => {
    const hs = shipped("hubspot");
    const result = mapInboundRecord(
      hs,
      "deal",
      record({
        crm: "hubspot",
        object: "deals",
        id: "10",
        fields: {
          deal_kind: "new",
          dealstage: "closedwon",
          attribution: "sourced",
          amount: "1",
          closedate: "2026-01-01",
          hs_salesforceopportunityid: "not-an-id",
        },
        associations: { partner: ["1"] },
      }),
    );
    expect(result.status === "rejected" && result.errors.map((e) => [e.field, e.code])).toEqual([
      ["match_key", "bad_match_key"],
    ]);
  });

  it("rejects a record without a match key only when the key is required", () => {
    const raw = shippedRaw("salesforce");
    raw.entities.partner.match_key.required = true;
    const strict = validateMapping(raw, "salesforce");
    if (!strict.ok) throw new Error(JSON.stringify(strict.problems));
    const account = record({
      crm: "salesforce",
      object: "Account",
      id: "001B",
      fields: { Name: "No Site", Website: null },
    });
    expect(mapInboundRecord(shipped("salesforce"), "partner", account)).toMatchObject({
      status: "mapped",
      matchKey: null,
    });
    const result = mapInboundRecord(strict.mapping, "partner", account);
    expect(result.status === "rejected" && result.errors.map((e) => [e.field, e.crm_field, e.code])).toEqual([
      ["match_key", "Website", "missing_match_key"],
    ]);
  });

  it("passes tombstones through and refuses records of another object", () => {
    const gone = mapInboundRecord(
      mapping,
      "deal",
      record({
        crm: "salesforce",
        object: "Opportunity",
        id: "006X",
        fields: {},
        deleted: true,
        mergedIds: ["006Y"],
      }),
    );
    expect(gone).toMatchObject({ status: "deleted", id: "006X", mergedIds: ["006Y"] });
    const wrong = mapInboundRecord(
      mapping,
      "deal",
      record({ crm: "salesforce", object: "Account", id: "001", fields: {} }),
    );
    expect(wrong.status === "rejected" && wrong.errors[0]?.code).toBe("wrong_object");
  });
});

describe("readSpecFor", () => {
  it("asks Salesforce for every mapped field, the match key and the partner lookup, with the structured scope", () => {
    const spec = readSpecFor(shipped("salesforce"), "deal");
    expect(spec.object).toBe("Opportunity");
    expect(spec.fields).toEqual(
      expect.arrayContaining(["Id", "PartnerAccountId", "Amount", "Type", "Incentive_Amount__c"]),
    );
    expect(new Set(spec.fields).size).toBe(spec.fields.length);
    expect(spec.scope).toEqual([{ field: "PartnerAccountId", op: "not_null" }]);
    expect(spec.associations).toEqual([]);
  });

  it("asks HubSpot for the Partner-labelled company association", () => {
    const spec = readSpecFor(shipped("hubspot"), "deal");
    expect(spec.fields).toContain("hs_salesforceopportunityid");
    expect(spec.associations).toEqual([{ toObject: "companies", label: "Partner", as: "partner" }]);
  });
});

describe("robustness", () => {
  it("never throws, whatever the CRM sends", () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.string(),
      fc.constantFrom("1e999", "-0", "0x10", "NaN", "2026-02-30", " ", "Closed Won", "12,5abc"),
    );
    for (const crm of ["salesforce", "hubspot"] as const) {
      const mapping = shipped(crm);
      for (const entity of ["partner", "deal"] as const) {
        const spec = readSpecFor(mapping, entity);
        fc.assert(
          fc.property(
            fc.array(value, { minLength: spec.fields.length, maxLength: spec.fields.length }),
            (vals) => {
              const fields = Object.fromEntries(spec.fields.map((f, i) => [f, vals[i] ?? null]));
              const result = mapInboundRecord(
                mapping,
                entity,
                record({ crm, object: spec.object, id: "X", fields, associations: { partner: ["1"] } }),
              );
              return result.status === "mapped" || (result.status === "rejected" && result.errors.length > 0);
            },
          ),
          { numRuns: 300 },
        );
      }
    }
  });
});
