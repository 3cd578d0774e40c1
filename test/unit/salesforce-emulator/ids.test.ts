import { describe, expect, it } from "vitest";
import { checksum, IdFactory, normalizeId } from "../../../sandbox/salesforce/ids.ts";

describe("Salesforce ids", () => {
  it("computes the documented 18-char checksum", () => {
    // Known pair from Salesforce documentation/examples: 001D000000IqhSL → 001D000000IqhSLIAZ.
    expect(checksum("001D000000IqhSL")).toBe("IAZ");
    expect(normalizeId("001D000000IqhSL")).toBe("001D000000IqhSLIAZ");
  });

  it("accepts 15 and 18 chars, case-insensitive suffix, and rejects malformed ids", () => {
    expect(normalizeId("001D000000IqhSLiaz")).toBe("001D000000IqhSLIAZ");
    expect(normalizeId("001D000000IqhSLAAA")).toBeNull();
    expect(normalizeId("garbage")).toBeNull();
    expect(normalizeId("001D000000IqhS!")).toBeNull();
  });

  it("issues deterministic, well-formed ids per key prefix", () => {
    const a = new IdFactory();
    const b = new IdFactory();
    const ids = [a.next("006"), a.next("006"), a.next("001")];
    expect([b.next("006"), b.next("006"), b.next("001")]).toEqual(ids);
    for (const id of ids) {
      expect(id).toHaveLength(18);
      expect(normalizeId(id)).toBe(id);
      expect(normalizeId(id.slice(0, 15))).toBe(id);
    }
    expect(ids[2]!.startsWith("001")).toBe(true);
  });
});
