// connectors/text.ts: what the connectors do to text at the boundary (issue #20, point 1).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanRecord, cleanText, describeUnsafe, hasUnsafeText } from "../../connectors/text.ts";
import type { CrmRecord } from "../../connectors/types.ts";

const anyUnit = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
);

describe("cleanText", () => {
  it("leaves ordinary text alone, tab and new lines included", () => {
    for (const s of ["Acme GmbH", "Zoë & Søn", "line\nbreak\ttab\r", "日本語 😀", ""]) {
      expect(cleanText(s)).toBe(s);
      expect(hasUnsafeText(s)).toBe(false);
    }
  });

  it("replaces NUL, C0/C1 controls, DEL and lone surrogates with U+FFFD, one for one", () => {
    expect(cleanText("bad\u0000name")).toBe("bad\uFFFDname");
    expect(cleanText("\u001b[31mred")).toBe("\uFFFD[31mred");
    expect(cleanText("a\u007fb\u0085c")).toBe("a\uFFFDb\uFFFDc");
    expect(cleanText("x\ud800y\udc00")).toBe("x\uFFFDy\uFFFD");
    expect(describeUnsafe("ab\u0000")).toBe("U+0000 at position 2");
  });

  it("property: the result is well-formed Unicode, JSON-storable, idempotent, and as long as the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: anyUnit, maxLength: 60 }), (s) => {
        const c = cleanText(s);
        expect(Buffer.from(c, "utf8").toString("utf8")).toBe(c); // well-formed: survives UTF-8
        expect(hasUnsafeText(c)).toBe(false);
        expect(cleanText(c)).toBe(c);
        expect(c.length).toBe(s.length);
        expect(JSON.stringify(c)).not.toMatch(/\\u0000|\\ud[89ab]/i);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("cleanRecord", () => {
  const record = (fields: CrmRecord["fields"]): CrmRecord => ({
    crm: "hubspot",
    object: "deals",
    id: "1",
    fields,
    modifiedAt: "2026-01-01T00:00:00.000Z",
    modifiedBy: null,
    deleted: false,
    mergedIds: [],
    mirrorOf: null,
    associations: {},
  });

  it("returns the same object when nothing needs repair", () => {
    const r = record({ dealname: "fine", amount: "10.00", closed: true, none: null });
    expect(cleanRecord(r)).toBe(r);
  });

  it("repairs string fields and lists each one with what was found", () => {
    const out = cleanRecord(record({ dealname: "a\u0000b", note: "ok", x: "\ud800" }));
    expect(out.fields).toEqual({ dealname: "a\uFFFDb", note: "ok", x: "\uFFFD" });
    expect(out.repaired).toEqual([
      { field: "dealname", found: "U+0000 at position 1" },
      { field: "x", found: "U+D800 at position 0" },
    ]);
  });
});
