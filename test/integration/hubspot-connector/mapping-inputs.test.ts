// The shipped HubSpot mapping against a seeded, provisioned sandbox portal: every property it
// reads or writes exists with a usable type, so `incentives mappings validate` passes live.
import { afterEach, describe, expect, it } from "vitest";
import { INPUT_PROPERTY_DEFINITIONS } from "../../../connectors/hubspot/metadata/properties.ts";
import type { ObjectDescription } from "../../../connectors/types.ts";
import { checkMappingAgainstDescribe } from "../../../src/sync/mapping/check-against-describe.ts";
import { loadMapping } from "../../../src/sync/mapping/load.ts";
import { type Harness, readAll, startHarness, TOKEN } from "./setup.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

describe("the default mapping's HubSpot inputs", () => {
  it("a seeded + provisioned sandbox passes the mapping's live check, and the seed fills the inputs", async () => {
    h = await startHarness({ rateLimits: { enabled: false }, seed: { partners: 6, deals: 40 } });
    const report = await h.connector.provision({ check: false });
    // The sandbox already has the inputs, with the types provisioning wants.
    expect(report.problems).toEqual([]);
    expect(report.changes.some((c) => /deal_kind|partner_type|certifications|attribution/.test(c))).toBe(
      false,
    );

    const loaded = await loadMapping("mappings/hubspot.yaml", "hubspot");
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const describes = new Map<string, ObjectDescription>();
    for (const object of ["companies", "deals"]) describes.set(object, await h.connector.describe(object));
    expect(checkMappingAgainstDescribe(loaded.mapping, describes)).toEqual([]);

    const inputs = (object: "deals" | "companies") => INPUT_PROPERTY_DEFINITIONS[object].map((d) => d.name);
    const deals = await readAll(h.connector, {
      object: "deals",
      fields: inputs("deals"),
      mode: "full",
      cursor: null,
    });
    expect(deals.records).toHaveLength(40);
    for (const r of deals.records) {
      expect(["new", "expansion", "renewal"]).toContain(r.fields.deal_kind);
      expect(["sourced", "influenced"]).toContain(r.fields.attribution);
      expect(typeof r.fields.product_code).toBe("string");
    }
    expect(deals.records.some((r) => r.fields.csat !== null)).toBe(true);
    const companies = await readAll(h.connector, {
      object: "companies",
      fields: inputs("companies"),
      mode: "full",
      cursor: null,
    });
    const partners = companies.records.filter((r) => r.fields.partner_type !== null);
    expect(partners).toHaveLength(6);
    for (const p of partners) {
      expect(typeof p.fields.agreement_signed).toBe("boolean");
      expect(p.fields.certifications).not.toBeNull();
    }
  });

  it("provisioning creates the inputs a portal lacks, with the mapping's options", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    // A real portal has none of them: archive two of the sandbox's.
    for (const [object, name] of [
      ["deals", "deal_kind"],
      ["companies", "certifications"],
    ] as const) {
      const res = await fetch(`${h.emulator.url}/crm/v3/properties/${object}/${name}`, {
        method: "DELETE",
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).toBe(204);
    }
    const check = await h.connector.provision({ check: true });
    expect(
      check.problems
        .filter((p) => p.field === "deal_kind" || p.field === "certifications")
        .map((p) => [p.object, p.field, p.problem]),
    ).toEqual([
      ["deals", "deal_kind", "missing"],
      ["companies", "certifications", "missing"],
    ]);
    const run = await h.connector.provision({ check: false });
    expect(run.problems).toEqual([]);
    expect(run.changes).toContain("deals: create property deal_kind (enumeration/select)");
    expect(run.changes).toContain("companies: create property certifications (number/number)");
    const deals = await h.connector.describe("deals");
    expect(deals.fields.find((f) => f.name === "deal_kind")?.picklistValues).toEqual([
      "new",
      "expansion",
      "renewal",
    ]);
    expect(await h.connector.provision({ check: true })).toEqual({ changes: [], problems: [] });
  });
});
