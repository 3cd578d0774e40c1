// Merging a linked record's sides: stale and echoed sides drop out, real concurrent edits go to
// the field's conflict policy and are reported.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mergeSides } from "../../../src/sync/inbound/merge.ts";
import { parseMapping } from "../../../src/sync/mapping/index.ts";
import { canonicalId, type Side } from "../../../src/sync/model.ts";

const sf = parseMapping(readFileSync("mappings/salesforce.yaml", "utf8"), "salesforce");
const hs = parseMapping(readFileSync("mappings/hubspot.yaml", "utf8"), "hubspot");
if (!sf.ok || !hs.ok) throw new Error("shipped mappings invalid");
const mappings = { salesforce: sf.mapping, hubspot: hs.mapping };

function side(values: Side["values"], modifiedAt: string): Side {
  return { id: "x", object: "o", modifiedAt, modifiedBy: null, fields: {}, values };
}

describe("mergeSides", () => {
  it("a side still holding the last synced value lost to the side that changed, whatever the policy", () => {
    const r = mergeSides(
      mappings,
      "partner",
      {
        salesforce: side({ name: "Old" }, "2026-11-20T10:00:00Z"),
        hubspot: side({ name: "New in HubSpot" }, "2026-11-20T09:00:00Z"),
      },
      { name: "Old" },
    );
    expect(r.values.name).toBe("New in HubSpot");
    expect(r.conflicts).toEqual([]);
  });

  it("both sides changed: the policy (latest) decides and the conflict is reported", () => {
    const r = mergeSides(
      mappings,
      "partner",
      {
        salesforce: side({ name: "SF" }, "2026-11-20T10:00:00Z"),
        hubspot: side({ name: "HS" }, "2026-11-20T11:00:00Z"),
      },
      { name: "Old" },
    );
    expect(r.values.name).toBe("HS");
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]!.decision.reason).toContain("latest");
  });

  it("per-field edit times beat the record's modifiedAt for `latest`", () => {
    const sfSide = side({ name: "SF" }, "2026-11-20T12:00:00Z");
    sfSide.userAt = { name: "2026-11-20T08:00:00Z" };
    const r = mergeSides(
      mappings,
      "partner",
      { salesforce: sfSide, hubspot: side({ name: "HS" }, "2026-11-20T09:00:00Z") },
      { name: "Old" },
    );
    expect(r.values.name).toBe("HS");
  });

  it("inbound-only fields fall back to the default policy (Salesforce unless blank)", () => {
    const r = mergeSides(
      mappings,
      "partner",
      {
        salesforce: side({ type: "reseller" }, "2026-01-01T00:00:00Z"),
        hubspot: side({ type: "agency" }, "2026-02-01T00:00:00Z"),
      },
      null,
    );
    expect(r.values.type).toBe("reseller");
  });

  it("a record in one CRM only takes that CRM's values", () => {
    const r = mergeSides(
      mappings,
      "deal",
      { hubspot: side({ amount: "10.00", stage: "won" }, "2026-01-01T00:00:00Z") },
      null,
    );
    expect(r.values).toEqual({ amount: "10.00", stage: "won" });
  });
});

describe("canonicalId", () => {
  it("is deterministic and distinguishes entities", () => {
    expect(canonicalId("partner", "acme.com")).toBe(canonicalId("partner", "acme.com"));
    expect(canonicalId("partner", "acme.com")).toMatch(/^P-[0-9A-F]{16}$/);
    expect(canonicalId("deal", "006000000000001AAA")).toMatch(/^D-[0-9A-F]{16}$/);
    expect(canonicalId("partner", "acme.com")).not.toBe(canonicalId("partner", "acme.org"));
  });
});
