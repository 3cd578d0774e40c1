// How the sync dates partner attribute changes (program format §6) and what history it hands the
// engine.
import { describe, expect, it } from "vitest";
import type { PartnerHistoryEntry } from "../../../src/store/index.ts";
import type { Entry, Side } from "../../../src/sync/model.ts";
import {
  engineHistory,
  historyChanges,
  partnerAttributes,
  type RecordedAttributes,
} from "../../../src/sync/partner-history.ts";

const attrs = { type: "reseller", certifications: 1, agreement_signed: true, compliance_ok: true };

function side(modifiedAt: string, values: Side["values"]): Side {
  return { id: "x", object: "Account", modifiedAt, modifiedBy: null, fields: {}, values };
}

function entry(data: Entry["data"], sides: Entry["raw"]["sides"]): Entry {
  return { id: "P-1", entity: "partner", data, raw: { sides }, deleted: false };
}

describe("historyChanges", () => {
  it("records a partner seen for the first time, dated today", () => {
    const recorded = new Map<string, RecordedAttributes>();
    const out = historyChanges([entry({ ...attrs }, {})], recorded, "2026-11-20", 3);
    expect(out).toEqual([
      { partnerId: "P-1", effectiveFrom: "2026-11-20", source: "first_seen", runId: 3, ...attrs },
    ]);
    expect(recorded.get("P-1")).toEqual({ attributes: attrs, from: "2026-11-20" });
    // Seen again unchanged: nothing.
    expect(historyChanges([entry({ ...attrs }, {})], recorded, "2026-11-21", 4)).toEqual([]);
  });

  it("dates a change by the last-modified date of the CRM record that carries the new value", () => {
    const recorded = new Map([["P-1", { attributes: attrs, from: "2026-01-01" }]]);
    const changed = entry(
      { ...attrs, compliance_ok: false },
      {
        salesforce: side("2026-09-14T08:00:00.000Z", { compliance_ok: false }),
        // HubSpot was touched later but still says true: it does not carry the change.
        hubspot: side("2026-10-02T08:00:00.000Z", { compliance_ok: true }),
      },
    );
    const [e] = historyChanges([changed], recorded, "2026-11-20", null);
    expect(e).toMatchObject({ effectiveFrom: "2026-09-14", source: "salesforce", compliance_ok: false });
  });

  it("never dates a change before the last entry or after today", () => {
    const recorded = new Map([["P-1", { attributes: attrs, from: "2026-10-01" }]]);
    const early = entry(
      { ...attrs, certifications: 2 },
      { salesforce: side("2026-03-01T00:00:00Z", { certifications: 2 }) },
    );
    expect(historyChanges([early], recorded, "2026-11-20", null)[0]!.effectiveFrom).toBe("2026-10-01");
    const future = entry(
      { ...attrs, certifications: 3 },
      { hubspot: side("2027-06-01T00:00:00Z", { certifications: 3 }) },
    );
    expect(historyChanges([future], recorded, "2026-11-20", null)[0]!.effectiveFrom).toBe("2026-11-20");
  });

  it("reads values as the engine does", () => {
    expect(partnerAttributes({ type: "", certifications: null, agreement_signed: "true" })).toEqual({
      type: "other",
      certifications: 0,
      agreement_signed: false,
      compliance_ok: false,
    });
  });
});

function stored(effectiveFrom: string, a: Partial<typeof attrs> = {}): PartnerHistoryEntry {
  return { id: 0, partnerId: "P-1", effectiveFrom, source: "x", runId: null, recordedAt: "", ...attrs, ...a };
}

describe("engineHistory", () => {
  it("is empty when the history only states the current values", () => {
    expect(engineHistory([stored("2026-01-01")], { ...attrs }, "2026-11-20")).toEqual([]);
    expect(engineHistory([], { ...attrs }, "2026-11-20")).toEqual([]);
  });

  it("gives full snapshots in date order, repeats dropped", () => {
    const out = engineHistory(
      [stored("2026-01-01"), stored("2026-02-01"), stored("2026-05-10", { compliance_ok: false })],
      { ...attrs, compliance_ok: false },
      "2026-11-20",
    );
    expect(out).toEqual([
      { from: "2026-01-01", ...attrs },
      { from: "2026-05-10", ...attrs, compliance_ok: false },
    ]);
  });

  it("adds today's values when the store has not recorded them (a dry run)", () => {
    const out = engineHistory([stored("2026-01-01")], { ...attrs, certifications: 4 }, "2026-11-20");
    expect(out.at(-1)).toEqual({ from: "2026-11-20", ...attrs, certifications: 4 });
  });
});
