// The sandbox org's Reports REST API over the package's own reports (read from its XML), through
// jsforce's Analytics API: summary and matrix groupings, sums and record counts in the fact map,
// the saved filters (equals, less than, blank, relative dates) and filters sent with a POST.
import { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSalesforceMetadata } from "../../../connectors/salesforce/metadata-loader.ts";
import { loadReportPackage } from "../../../connectors/salesforce/report-definitions.ts";
import {
  type RunningSalesforceEmulator,
  startSalesforceEmulator,
} from "../../../sandbox/salesforce/server.ts";

type Fact = {
  aggregates: Array<{ label: string; value: number | null }>;
  rows?: Array<{ dataCells: Array<{ label: string; value: unknown }> }>;
};
type Grouping = { key: string; label: string; value: unknown; groupings: Grouping[] };
interface Run {
  factMap: Record<string, Fact>;
  groupingsDown: { groupings: Grouping[] };
  groupingsAcross: { groupings: Grouping[] };
  reportMetadata: {
    aggregates: string[];
    reportFilters: Array<{ column: string; operator: string; value: string }>;
    reportFormat: string;
    reportBooleanFilter: string | null;
    developerName: string;
  };
  allData: boolean;
  hasDetailRows: boolean;
}

// 2026-11-15: in 2026-Q4, so THIS_QUARTER is October to December.
const NOW = Date.parse("2026-11-15T12:00:00Z");
let sf: RunningSalesforceEmulator;
let conn: Connection;
const ids: Record<string, string> = {};

async function report(name: string): Promise<ReturnType<Connection["analytics"]["report"]>> {
  const list = await conn.analytics.reports();
  const info = list.find((r) => r.name === name);
  if (!info) throw new Error(`no report named ${name}: ${list.map((r) => r.name).join(", ")}`);
  return conn.analytics.report(info.id);
}

beforeAll(async () => {
  const meta = await loadSalesforceMetadata();
  sf = await startSalesforceEmulator({
    customObjects: meta.objects,
    customFields: meta.fields,
    reports: await loadReportPackage(),
    now: () => NOW,
  });
  conn = new Connection({ instanceUrl: sf.url, accessToken: sf.accessToken, version: "62.0" });
  const account = (name: string, fields: Record<string, unknown>) => {
    ids[name] = sf.org.insert("Account", { Name: name, IsPartner: true, ...fields }).Id as string;
  };
  account("Beta Partners", {
    Partner_Tier__c: "Silver",
    Partner_Type__c: "Reseller",
    Partner_Next_Tier__c: "Gold",
    Gap_To_Next_Tier__c: 12500,
    // Exactly on the "near the next tier" line (>= 80%): the boundary is inside.
    Tier_Progress_Percent__c: 80,
    Incentive_Eligible__c: true,
    Payable_This_Period__c: "1000.10",
  });
  account("Acme Integrations", {
    Partner_Tier__c: "Gold",
    Partner_Type__c: "Reseller",
    Partner_Next_Tier__c: "Platinum",
    Gap_To_Next_Tier__c: 90000,
    // Far in money (a wide band) but 90% of the way: near, as a percent measures it.
    Tier_Progress_Percent__c: 90,
    Incentive_Eligible__c: true,
    Payable_This_Period__c: "0.20",
  });
  account("Cobalt Cloud", {
    Partner_Tier__c: "Silver",
    Partner_Type__c: "MSP",
    Incentive_Eligible__c: false,
    Ineligible_Reasons__c: "Agreement not signed",
    Payable_This_Period__c: "0",
  });
  const payout = (
    acct: string,
    period: string,
    component: string,
    amount: string,
    status = "Earned",
    held = "0",
  ) =>
    sf.org.insert("Incentive_Payout__c", {
      Account__c: ids[acct],
      Period__c: period,
      Component__c: component,
      Amount__c: amount,
      Status__c: status,
      Held_Amount__c: held,
      Incentive_Key__c: `${acct}:${period}:${component}`,
    });
  payout("Acme Integrations", "2026-Q3", "resale", "100.10");
  payout("Acme Integrations", "2026-Q3", "coop", "0.20");
  payout("Acme Integrations", "2026-Q4", "resale", "2000.01", "Held for Review");
  payout("Beta Partners", "2026-Q4", "resale", "-50.05", "Accrued", "10.00");
  payout("Beta Partners", "2026-Q4", "coop", "0.05");
  const opp = (name: string, status: string, cancelled: string | null) =>
    sf.org.insert("Opportunity", {
      Name: name,
      StageName: "Closed Won",
      CloseDate: "2026-08-01",
      Amount: 1000,
      PartnerAccountId: ids["Beta Partners"],
      Incentive_Amount__c: "-30.00",
      Incentive_Status__c: status,
      Cancelled_On__c: cancelled,
    });
  opp("Clawed this quarter", "Clawed Back", "2026-10-03");
  opp("Clawed last quarter", "Clawed Back", "2026-09-30");
  opp("Counted", "Earned", null);
});

afterAll(async () => {
  await sf.close();
});

describe("sandbox Analytics REST API", () => {
  it("lists the package's reports", async () => {
    const names = (await conn.analytics.reports()).map((r) => r.name).sort();
    expect(names).toEqual(
      expect.arrayContaining(["Payouts by partner and period", "Partners by tier", "Held payouts"]),
    );
    expect(names.length).toBe((await loadReportPackage()).reports.length);
  });

  it("runs every report of the package (the analytics reports in the folder too)", async () => {
    const pkg = await loadReportPackage();
    for (const info of await conn.analytics.reports()) {
      const run = (await conn.analytics.report(info.id).execute({ details: true })) as unknown as Run;
      const def = pkg.reports.find((r) => r.name === info.name)!;
      expect(run.reportMetadata.developerName).toBe(def.developerName);
      expect(run.factMap["T!T"], def.developerName).toBeDefined();
    }
  });

  it("runs a two-level summary report: subtotals per partner and period, grand total, detail rows", async () => {
    const run = (await (
      await report("Payouts by partner and period")
    ).execute({ details: true })) as unknown as Run;
    expect(run.reportMetadata.reportFormat).toBe("SUMMARY");
    expect(run.reportMetadata.aggregates).toEqual(["s!Incentive_Payout__c$Amount__c", "RowCount"]);
    const partners = run.groupingsDown.groupings;
    expect(partners.map((g) => [g.key, g.label, g.value])).toEqual([
      ["0", "Acme Integrations", ids["Acme Integrations"]],
      ["1", "Beta Partners", ids["Beta Partners"]],
    ]);
    expect(partners[0]!.groupings.map((g) => [g.key, g.label])).toEqual([
      ["0_0", "2026-Q3"],
      ["0_1", "2026-Q4"],
    ]);
    expect(run.factMap["0!T"]!.aggregates).toEqual([
      { label: "$2,100.31", value: 2100.31 },
      { label: "3", value: 3 },
    ]);
    expect(run.factMap["0_0!T"]!.aggregates[0]).toEqual({ label: "$100.30", value: 100.3 });
    expect(run.factMap["1!T"]!.aggregates[0]).toEqual({ label: "-$50.00", value: -50 });
    expect(run.factMap["T!T"]!.aggregates).toEqual([
      { label: "$2,050.31", value: 2050.31 },
      { label: "5", value: 5 },
    ]);
    // Detail rows sit at the innermost grouping, in the report's column order.
    const rows = run.factMap["0_1!T"]!.rows!;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.dataCells.slice(1)).toEqual([
      { label: "resale", value: "resale" },
      { label: "Held for Review", value: "Held for Review" },
      { label: "$2,000.01", value: { amount: 2000.01, currency: null } },
    ]);
    expect(run.factMap["T!T"]!.rows).toEqual([]);
    expect(run.allData).toBe(true);
  });

  it("runs by developer name, without details when not asked", async () => {
    const res = (await conn.request("/services/data/v62.0/analytics/reports/Payouts_By_Component")) as Run;
    expect(res.hasDetailRows).toBe(false);
    expect(res.groupingsDown.groupings.map((g) => g.label)).toEqual(["coop", "resale"]);
    expect(res.factMap["0!T"]!.aggregates[0]!.value).toBe(0.25);
    expect(res.factMap["0_0!T"]!.rows).toEqual([]);
  });

  it("runs a matrix report: rows per tier, columns per partner type, counts in every cell", async () => {
    const run = (await (await report("Partners by tier")).execute({ details: false })) as unknown as Run;
    expect(run.reportMetadata.reportFormat).toBe("MATRIX");
    expect(run.groupingsDown.groupings.map((g) => g.label)).toEqual(["Gold", "Silver"]);
    expect(run.groupingsAcross.groupings.map((g) => g.label)).toEqual(["MSP", "Reseller"]);
    const count = (key: string) => run.factMap[key]!.aggregates[1]!.value;
    expect([count("0!0"), count("0!1"), count("1!0"), count("1!1")]).toEqual([0, 1, 1, 1]);
    expect([count("0!T"), count("1!T"), count("T!0"), count("T!1"), count("T!T")]).toEqual([1, 2, 1, 2, 3]);
    expect(run.factMap["1!1"]!.aggregates[0]).toEqual({ label: "$1,000.10", value: 1000.1 });
  });

  it("applies the saved filters: equals, less than with not blank, checkbox, relative date", async () => {
    const held = (await (await report("Held payouts")).execute({ details: true })) as unknown as Run;
    // Held for review (1) or with an amount held back (2): the report's filter logic "1 OR 2".
    expect(held.reportMetadata.reportFilters.map((f) => [f.column, f.operator, f.value])).toEqual([
      ["Incentive_Payout__c$Status__c", "equals", "Held for Review"],
      ["Incentive_Payout__c$Held_Amount__c", "greaterThan", "0"],
    ]);
    expect(held.reportMetadata.reportBooleanFilter).toBe("1 OR 2");
    expect(held.groupingsDown.groupings.map((g) => g.label)).toEqual(["Acme Integrations", "Beta Partners"]);
    expect(held.factMap["T!T"]!.aggregates).toEqual([
      { label: "$1,949.96", value: 1949.96 },
      { label: "$10.00", value: 10 },
      { label: "2", value: 2 },
    ]);
    const near = (await (
      await report("Partners near the next tier")
    ).execute({ details: true })) as unknown as Run;
    // Filtered on Tier_Progress_Percent__c >= 80: the gap in money does not decide it, and a
    // partner with no progress figure (Cobalt, no next tier) is out.
    expect(near.groupingsDown.groupings.map((g) => g.label)).toEqual(["Gold", "Platinum"]);
    expect(near.factMap["0!T"]!.rows!.map((r) => r.dataCells[0]!.label)).toEqual(["Beta Partners"]);
    expect(near.factMap["1!T"]!.rows!.map((r) => r.dataCells[0]!.label)).toEqual(["Acme Integrations"]);
    const ineligible = (await (
      await report("Ineligible partners with reasons")
    ).execute({ details: true })) as unknown as Run;
    expect(ineligible.factMap["0!T"]!.rows!.map((r) => r.dataCells.map((c) => c.label))).toEqual([
      ["Cobalt Cloud", "MSP", "Agreement not signed", "-"],
    ]);
    const clawbacks = (await (
      await report("Clawbacks this period")
    ).execute({ details: true })) as unknown as Run;
    expect(clawbacks.factMap["0!T"]!.rows!.map((r) => r.dataCells[0]!.label)).toEqual([
      "Clawed this quarter",
    ]);
    expect(clawbacks.factMap["T!T"]!.aggregates.at(-2)).toEqual({ label: "-$30.00", value: -30 });
  });

  it("runs with the filters a POST sends, leaving the saved report as it was", async () => {
    const r = await report("Payouts by partner and period");
    const filtered = (await r.execute({
      details: false,
      metadata: {
        reportMetadata: {
          reportFilters: [
            { column: "Incentive_Payout__c$Period__c", operator: "equals", value: "2026-Q4" },
            { column: "Incentive_Payout__c$Amount__c", operator: "greaterThan", value: "0" },
          ],
        },
      },
    })) as unknown as Run;
    expect(filtered.reportMetadata.reportFilters.map((f) => f.value)).toEqual(["2026-Q4", "0"]);
    expect(filtered.factMap["T!T"]!.aggregates).toEqual([
      { label: "$2,000.06", value: 2000.06 },
      { label: "2", value: 2 },
    ]);
    const saved = (await r.execute({ details: false })) as unknown as Run;
    expect(saved.factMap["T!T"]!.aggregates[1]!.value).toBe(5);
  });

  it("lists a report over a report type outside the package, and answers 400 when it is run", async () => {
    const pkg = await loadReportPackage();
    const base = pkg.reports[0]!;
    const other = await startSalesforceEmulator({
      reports: {
        reportTypes: [],
        reports: [{ ...base, developerName: "Standard_Type", reportType: "AccountList" }],
      },
    });
    try {
      const c = new Connection({ instanceUrl: other.url, accessToken: other.accessToken, version: "62.0" });
      const [info] = await c.analytics.reports();
      await expect(c.analytics.report(info!.id).execute()).rejects.toMatchObject({
        errorCode: "BAD_REQUEST",
        message: expect.stringContaining("AccountList is not in the package"),
      });
    } finally {
      await other.close();
    }
  });

  it("answers 400 for a column the report type lacks and 404 for an unknown report", async () => {
    const r = await report("Held payouts");
    await expect(
      r.execute({
        metadata: {
          reportMetadata: {
            reportFilters: [{ column: "Incentive_Payout__c$Nope__c", operator: "equals", value: "x" }],
          },
        },
      }),
    ).rejects.toMatchObject({ errorCode: "BAD_REQUEST" });
    await expect(
      conn.request("/services/data/v62.0/analytics/reports/00O000000000000AAA"),
    ).rejects.toMatchObject({
      errorCode: "NOT_FOUND",
    });
  });
});
