import { describe, expect, it } from "vitest";
import { OrgState } from "../../../sandbox/salesforce/org-state.ts";
import { Compiler, type SoqlError } from "../../../sandbox/salesforce/soql/compile.ts";
import { execute } from "../../../sandbox/salesforce/soql/execute.ts";
import { dateLiteralRange } from "../../../sandbox/salesforce/soql/literals.ts";

const NOW = Date.parse("2026-05-15T12:00:00Z");

function org(): OrgState {
  const o = new OrgState(() => NOW);
  const user = o.create(
    "User",
    { LastName: "Owner", Username: "o@x.test", Email: "o@x.test", Alias: "o" },
    { userId: "", mode: "backdoor" },
  );
  if (!user.ok) throw new Error("user");
  const ctx = { userId: user.id, mode: "backdoor" as const };
  const names = ["alpha", "Bravo", "charlie", null];
  names.forEach((Name, i) => {
    const r = o.create(
      "Opportunity",
      {
        Name,
        StageName: i % 2 ? "Closed Won" : "Prospecting",
        CloseDate: `2026-0${i + 1}-10`,
        Amount: i * 10,
      },
      ctx,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  });
  return o;
}

function names(o: OrgState, soql: string): unknown[] {
  const plan = new Compiler(o, soql, NOW).compile();
  return (execute(o, plan, false).rows as Record<string, unknown>[]).map((r) => r.Name);
}

describe("SOQL evaluation", () => {
  it("respects AND/OR precedence and parentheses", () => {
    const o = org();
    expect(
      names(
        o,
        "SELECT Name FROM Opportunity WHERE Amount = 0 OR (Amount = 10 AND IsWon = false) ORDER BY Name",
      ),
    ).toEqual(["alpha"]);
    // SOQL requires parentheses whenever AND and OR are mixed.
    expect(() =>
      names(o, "SELECT Name FROM Opportunity WHERE Amount = 0 OR Amount = 10 AND IsWon = false"),
    ).toThrow(/unexpected token: 'AND'/);
    expect(
      names(o, "SELECT Name FROM Opportunity WHERE (Amount = 0 OR Amount = 10) AND IsWon = true"),
    ).toEqual(["Bravo"]);
    expect(
      names(o, "SELECT Name FROM Opportunity WHERE NOT (Amount = 0 OR Amount = 10) ORDER BY Amount"),
    ).toEqual(["charlie", null]);
  });

  it("compares strings case-insensitively, supports LIKE wildcards, and sorts nulls first ascending", () => {
    const o = org();
    expect(names(o, "SELECT Name FROM Opportunity WHERE Name = 'ALPHA'")).toEqual(["alpha"]);
    expect(names(o, "SELECT Name FROM Opportunity WHERE Name LIKE '_ravo'")).toEqual(["Bravo"]);
    expect(names(o, "SELECT Name FROM Opportunity ORDER BY Name")).toEqual([
      null,
      "alpha",
      "Bravo",
      "charlie",
    ]);
    expect(names(o, "SELECT Name FROM Opportunity ORDER BY Name DESC")).toEqual([
      "charlie",
      "Bravo",
      "alpha",
      null,
    ]);
    expect(names(o, "SELECT Name FROM Opportunity ORDER BY Name ASC NULLS LAST LIMIT 1")).toEqual(["alpha"]);
    expect(
      names(o, "SELECT Name FROM Opportunity WHERE Name != null AND Name NOT IN ('bravo') ORDER BY Name"),
    ).toEqual(["alpha", "charlie"]);
  });

  it("turns date literals into UTC ranges", () => {
    expect(dateLiteralRange("THIS_MONTH", NOW)).toEqual([Date.parse("2026-05-01"), Date.parse("2026-06-01")]);
    expect(dateLiteralRange("LAST_N_DAYS:3", NOW)).toEqual([
      Date.parse("2026-05-12"),
      Date.parse("2026-05-16"),
    ]);
    expect(dateLiteralRange("THIS_QUARTER", NOW)).toEqual([
      Date.parse("2026-04-01"),
      Date.parse("2026-07-01"),
    ]);
    const o = org();
    expect(
      names(o, "SELECT Name FROM Opportunity WHERE CloseDate < THIS_QUARTER ORDER BY CloseDate"),
    ).toEqual(["alpha", "Bravo", "charlie"]);
  });

  it("reports Salesforce-shaped errors with the caret position", () => {
    const o = org();
    const error = (() => {
      try {
        new Compiler(o, "SELECT Id, Bogus FROM Opportunity", NOW).compile();
      } catch (e) {
        return e as SoqlError;
      }
      return null;
    })();
    expect(error?.errorCode).toBe("INVALID_FIELD");
    expect(error?.message.split("\n").slice(0, 4)).toEqual([
      "",
      "SELECT Id, Bogus FROM Opportunity",
      "           ^",
      "ERROR at Row:1:Column:12",
    ]);
  });

  it("expands FIELDS() and enforces its LIMIT rule", () => {
    const o = org();
    const plan = new Compiler(o, "SELECT FIELDS(STANDARD) FROM Opportunity", NOW).compile();
    expect(plan.select.length).toBe(o.table("Opportunity")!.def.fields.length);
    expect(() => new Compiler(o, "SELECT FIELDS(ALL) FROM Opportunity", NOW).compile()).toThrow(
      /FIELDS function must have a LIMIT of at most 200/,
    );
    expect(
      new Compiler(o, "SELECT FIELDS(ALL) FROM Opportunity LIMIT 200", NOW).compile().select.length,
    ).toBeGreaterThan(20);
  });

  it("evaluates date functions in WHERE", () => {
    const o = org();
    expect(
      names(
        o,
        "SELECT Name FROM Opportunity WHERE CALENDAR_YEAR(CloseDate) = 2026 AND CALENDAR_QUARTER(CloseDate) = 1 ORDER BY CloseDate",
      ),
    ).toEqual(["alpha", "Bravo", "charlie"]);
    expect(
      names(o, "SELECT Name FROM Opportunity WHERE CALENDAR_MONTH(CloseDate) IN (2, 4) ORDER BY CloseDate"),
    ).toEqual(["Bravo", null]);
    expect(names(o, "SELECT Name FROM Opportunity WHERE DAY_ONLY(CreatedDate) = 2026-05-15")).toHaveLength(4);
  });
});
