import { describe, expect, it } from "vitest";
import {
  condition,
  count,
  datetime,
  field,
  id,
  literal,
  quote,
  resumeAfter,
  select,
} from "../../../connectors/salesforce/soql.ts";
import type { FieldType, ScopeCondition } from "../../../connectors/types.ts";
import { OrgState } from "../../../sandbox/salesforce/org-state.ts";
import { Compiler } from "../../../sandbox/salesforce/soql/compile.ts";
import { execute } from "../../../sandbox/salesforce/soql/execute.ts";

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

describe("incremental walk with scope conditions", () => {
  const NOW = Date.parse("2026-05-15T12:00:00Z");
  const SINCE = "2026-05-01T00:00:00.000Z";
  const types: Record<string, FieldType> = {
    IsPartner: "boolean",
    Type: "picklist",
    Certifications__c: "number",
    Website: "string",
  };
  const scope: ScopeCondition[] = [
    { field: "IsPartner", op: "eq", value: true },
    { field: "Type", op: "in", value: ["Channel Partner / Reseller", "Technology Partner"] },
    { field: "Website", op: "not_null" },
    { field: "Name", op: "neq", value: "x' OR Name != 'y" },
  ];

  /** Scope AND the (SystemModstamp, Id) resume clause, as read.ts builds them. */
  function build(lastId: string | null) {
    const where = scope.map((c) => condition(c, (f) => types[f]));
    where.push(resumeAfter(SINCE, lastId));
    return {
      soql: select({ object: "Account", fields: ["Id", "Name"], where, orderBy: ["SystemModstamp", "Id"] }),
      countSoql: count("Account", where),
    };
  }

  it("parenthesises every part, so the OR of the cursor clause never escapes the scope", () => {
    const { soql, countSoql } = build("001000000000001AAA");
    const where =
      "(IsPartner = true) AND (Type IN ('Channel Partner / Reseller', 'Technology Partner')) AND " +
      "(Website != null) AND (Name != 'x\\' OR Name != \\'y') AND " +
      "((SystemModstamp > 2026-05-01T00:00:00Z) OR " +
      "(SystemModstamp = 2026-05-01T00:00:00Z AND Id > '001000000000001AAA'))";
    expect(soql).toBe(`SELECT Id, Name FROM Account WHERE ${where} ORDER BY SystemModstamp, Id`);
    expect(countSoql).toBe(`SELECT COUNT() FROM Account WHERE ${where}`);
  });

  it("is valid SOQL for a parser that rejects AND and OR mixed without parentheses", () => {
    const org = new OrgState(() => NOW);
    const user = org.create(
      "User",
      { LastName: "Owner", Username: "o@x.test", Email: "o@x.test", Alias: "o" },
      { userId: "", mode: "backdoor" },
    );
    if (!user.ok) throw new Error("user");
    const ctx = { userId: user.id, mode: "backdoor" as const };
    const add = (fields: Record<string, unknown>, stamp: string) => {
      const r = org.create(
        "Account",
        { Website: "https://p.example.com", SystemModstamp: Date.parse(stamp), ...fields },
        ctx,
      );
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.id;
    };
    const partner = { IsPartner: true, Type: "Technology Partner" };
    const atCursor = add({ Name: "At cursor", ...partner }, SINCE);
    const sameStampAfter = add({ Name: "Same stamp, later Id", ...partner }, SINCE);
    const later = add({ Name: "Later", ...partner }, "2026-05-02T00:00:00Z");
    add({ Name: "Before", ...partner }, "2026-04-30T00:00:00Z");
    // Out of scope, but inside the cursor clause's second branch: a missing parenthesis would
    // let it through ("... AND SystemModstamp > x OR (SystemModstamp = x AND Id > y)").
    add({ Name: "Customer, same stamp", IsPartner: false, Type: "Customer - Direct" }, SINCE);
    add({ Name: "Customer, later", IsPartner: false, Type: "Customer - Direct" }, "2026-05-03T00:00:00Z");

    const run = (soql: string) => {
      const plan = new Compiler(org, soql, NOW).compile();
      return execute(org, plan, true).rows as Array<{ Id: string }>;
    };
    const { soql, countSoql } = build(atCursor);
    expect(run(soql).map((r) => r.Id)).toEqual([sameStampAfter, later]);
    expect(new Compiler(org, countSoql, NOW).compile().countOnly).toBe(true);
    expect(run(build(null).soql).map((r) => r.Id)).toEqual([later]);
    // The same parts joined without parentheses are rejected, as Salesforce does.
    const flat = soql.replace(/\(|\)/g, "").replace(/IN '([^']*)', '([^']*)'/, "IN ('$1', '$2')");
    expect(() => run(flat)).toThrow(/unexpected token/);
  });
});
