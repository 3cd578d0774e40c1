import { describe, expect, it } from "vitest";
import { mergeLinked } from "../../../src/sync/mapping/merge.ts";
import { shipped } from "./helpers.ts";

const mappings = { salesforce: shipped("salesforce"), hubspot: shipped("hubspot") };

describe("mergeLinked", () => {
  it("merges a partner present in both CRMs and writes the newer name back to the older side", () => {
    const result = mergeLinked(mappings, "partner", {
      salesforce: {
        values: { name: "Acme Integrations", type: "integrator", certifications: 2, domain: "acme.com" },
        modifiedAt: "2026-03-01T10:00:00.000Z",
      },
      hubspot: {
        values: { name: "Acme Integrations Inc.", type: "reseller", certifications: 2, domain: "acme.com" },
        modifiedAt: "2026-03-02T10:00:00.000Z",
      },
    });
    expect(result.values).toEqual({
      name: "Acme Integrations Inc.",
      type: "integrator",
      certifications: 2,
      domain: "acme.com",
    });
    expect(result.decisions.name).toMatchObject({ winner: "hubspot", conflicted: true });
    expect(result.decisions.type?.reason).toMatch(/prefer_salesforce_unless_blank/);
    expect(result.decisions.certifications).toMatchObject({ conflicted: false, reason: "both CRMs agree" });
    // Only `both` fields are written back; type is inbound-only in both mappings.
    expect(result.writeBack).toEqual({ salesforce: { name: "Acme Integrations Inc." }, hubspot: {} });
  });

  it("takes a record present in one CRM as it is, with nothing to write back", () => {
    const result = mergeLinked(mappings, "deal", {
      hubspot: { values: { amount: "10", kind: "new" }, modifiedAt: "2026-03-01T00:00:00Z" },
    });
    expect(result.values).toEqual({ amount: "10", kind: "new" });
    expect(result.decisions.amount?.reason).toBe("only hubspot has the record");
    expect(result.writeBack).toEqual({ salesforce: {}, hubspot: {} });
  });

  it("falls back to the other CRM when Salesforce is blank", () => {
    const result = mergeLinked(mappings, "deal", {
      salesforce: { values: { product: null }, modifiedAt: "2026-03-01T00:00:00Z" },
      hubspot: { values: { product: "NOVA" }, modifiedAt: "2026-02-01T00:00:00Z" },
    });
    expect(result.values.product).toBe("NOVA");
  });
});
