import { describe, expect, it } from "vitest";
import {
  condition,
  datetime,
  field,
  id,
  literal,
  quote,
  resumeAfter,
  select,
} from "../../../connectors/salesforce/soql.ts";

describe("SOQL builder", () => {
  it("escapes quotes, backslashes and control characters in string literals", () => {
    expect(quote("O'Brien")).toBe("'O\\'Brien'");
    expect(quote("a\\b")).toBe("'a\\\\b'");
    expect(quote("line\nbreak")).toBe("'line\\nbreak'");
    // A backslash before a quote must not un-escape the quote.
    expect(quote("x\\' OR Name != '")).toBe("'x\\\\\\' OR Name != \\''");
  });

  it("keeps an injection attempt inside one string literal", () => {
    const soql = select({
      object: "Account",
      fields: ["Id"],
      where: [condition({ field: "Name", op: "eq", value: "x' OR Name != 'y" }, () => "string")],
    });
    expect(soql).toBe("SELECT Id FROM Account WHERE (Name = 'x\\' OR Name != \\'y')");
  });

  it("rejects field and object names that are not plain identifiers", () => {
    expect(() => field("Name FROM User --")).toThrow(/field name rejected/);
    expect(() => field("Id,(SELECT Id FROM Contacts)")).toThrow();
    expect(() => field("1abc")).toThrow();
    expect(field("Partner_Tier__c")).toBe("Partner_Tier__c");
    expect(field("Account.Owner.Name")).toBe("Account.Owner.Name");
    expect(field("Partner_Account__r.Name")).toBe("Partner_Account__r.Name");
    expect(() => select({ object: "Account WHERE Id != null", fields: ["Id"] })).toThrow(/object name/);
    expect(() => condition({ field: "Name) OR (Id", op: "is_null" })).toThrow();
  });

  it("validates ids and date-times before placing them", () => {
    expect(id("001000000000001AAA")).toBe("'001000000000001AAA'");
    expect(id("001000000000001")).toBe("'001000000000001'");
    expect(() => id("001' OR Id != '")).toThrow(/record id rejected/);
    expect(() => id("0010000000000012")).toThrow();
    expect(datetime("2026-01-02T03:04:05.000Z")).toBe("2026-01-02T03:04:05Z");
    expect(datetime("2026-01-02T03:04:05.123+01:00")).toBe("2026-01-02T02:04:05.123Z");
    expect(() => datetime("2026-01-02 OR Id != null")).toThrow(/date-time rejected/);
  });

  it("types scope literals by the described field type", () => {
    expect(literal("123", "string")).toBe("'123'");
    expect(literal("123.50", "currency")).toBe("123.50");
    expect(() => literal("1; DELETE", "number")).toThrow();
    expect(literal("true", "boolean")).toBe("true");
    expect(() => literal("yes", "boolean")).toThrow();
    expect(literal(true)).toBe("true");
    expect(literal("2026-04-01", "date")).toBe("2026-04-01");
    expect(condition({ field: "Type", op: "in", value: ["A", "B'"] })).toBe("Type IN ('A', 'B\\'')");
    expect(condition({ field: "PartnerAccountId", op: "not_null" })).toBe("PartnerAccountId != null");
    expect(() => condition({ field: "Type", op: "in", value: [] })).toThrow();
  });

  it("builds the overlap-safe resume condition", () => {
    expect(resumeAfter("2026-01-01T00:00:00.000Z", null)).toBe("SystemModstamp > 2026-01-01T00:00:00Z");
    expect(resumeAfter("2026-01-01T00:00:00.000Z", "001000000000001AAA")).toBe(
      "(SystemModstamp > 2026-01-01T00:00:00Z) OR (SystemModstamp = 2026-01-01T00:00:00Z AND Id > '001000000000001AAA')",
    );
    expect(() => resumeAfter("2026-01-01T00:00:00.000Z", "x' OR 1=1")).toThrow();
  });
});
