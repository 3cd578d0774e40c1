// The data the Salesforce pages (and the HubSpot company) show, written by a reconcile against
// both sandbox CRMs with the demo data (issue #13): each won Opportunity carries its statement
// lines as explained, its status text; each payout row its explanation, version, held and
// released amounts and a lifecycle status; each partner Account its progress, what is missing,
// tier held since and metrics. An unchanged rerun writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainStatementDeals } from "../../../src/sync/outbound/deal-explanation.ts";
import type { SyncReport } from "../../../src/sync/runtime.ts";
import { counted, type Harness, startHarness, writesOf } from "./harness.ts";

let h: Harness;
let report: SyncReport;

beforeAll(async () => {
  h = await startHarness("pglite");
  report = await h.runtime.reconcile();
}, 300_000);
afterAll(async () => h?.close());

type Row = Record<string, unknown>;
const sf = (soql: string) => h.sandbox.salesforce.org.query(soql).records as Row[];
interface Line {
  deal_id: string | null;
  kind: string;
  explanation: string;
}

/** Every period's posted statement of a partner, oldest first. */
async function statements(partner: string) {
  const periods = [...new Set((await h.store.ledger.entries({ partner })).map((e) => e.period))].sort();
  const out = [];
  for (const period of periods) {
    const s = await h.store.ledger.statement(partner, period);
    if (s) out.push(s);
  }
  return out;
}

const STATUS =
  /^(counted|held back until \d{4}-Q[1-4]|clawback window open until \d{4}-\d{2}-\d{2}|clawed back in \d{4}-Q[1-4]|forfeited: .+)$/;

describe("the data the CRM pages show", () => {
  it("runs", () => {
    expect(report.outcome).toBe("ok");
  });

  it("a won Opportunity's explanation is the statement's explanation of that deal, line by line", async () => {
    const opps = sf(
      "SELECT Id, Incentive_Key__c, PartnerAccountId, Incentive_Explanation__c, Incentive_Status_Detail__c, Incentive_Amount__c FROM Opportunity WHERE StageName = 'Closed Won'",
    ).filter((o) => o.Incentive_Explanation__c);
    expect(opps.length).toBeGreaterThan(5);
    for (const o of opps.slice(0, 5)) {
      const deal = await h.store.deals.get(String(o.Incentive_Key__c));
      const partner = String((deal!.data as Row).partner_id);
      const expected: string[] = [];
      const first = new Map<string, string>();
      const seen: string[] = [];
      for (const s of await statements(partner)) {
        const lines = (s.partner.lines as Line[]).filter((l) => l.deal_id === deal!.id);
        if (lines.length === 0) continue;
        if (!first.has(deal!.id)) first.set(deal!.id, s.period);
        // Each engine explanation text appears as the statement has it.
        seen.push(...lines.map((l) => l.explanation));
        const texts = explainStatementDeals(s.period, s.partner as never, 2, (id) => first.get(id) ?? null);
        expected.push(...(texts.get(deal!.id) ?? []));
      }
      const field = String(o.Incentive_Explanation__c);
      expect(field).toBe(expected.join("\n"));
      for (const text of seen) expect(field).toContain(`— ${text}`);
      expect(String(o.Incentive_Status_Detail__c)).toMatch(STATUS);
    }
    // The sandbox is dated 2026-11-20 and the example program's clawback window is 90 days:
    // a deal closed this quarter is still in its window.
    const inWindow = sf(
      "SELECT Incentive_Status_Detail__c FROM Opportunity WHERE CloseDate >= 2026-10-01 AND StageName = 'Closed Won'",
    ).map((o) => o.Incentive_Status_Detail__c);
    expect(inWindow.some((s) => String(s).startsWith("clawback window open until 2027-"))).toBe(true);
  });

  it("a payout row carries its explanation, program version, held and released amounts and a lifecycle status", async () => {
    const rows = sf(
      "SELECT Incentive_Key__c, Period__c, Component__c, Amount__c, Status__c, Explanation__c, Program_Version__c, Held_Amount__c, Released_Amount__c FROM Incentive_Payout__c",
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(String(r.Explanation__c)).toMatch(
        new RegExp(`^${r.Component__c} ${r.Period__c}: .* = ${Number(r.Amount__c).toFixed(2)}`),
      );
      expect(String(r.Program_Version__c)).toMatch(/ v\d+$/);
      expect([
        "Accrued",
        "Payable",
        "Clawed Back",
        "Forfeited",
        "Held for Review",
        "Approved",
        "Exported",
        "Paid",
        "Disputed",
      ]).toContain(r.Status__c);
      expect(typeof r.Held_Amount__c).toBe("number");
      expect(typeof r.Released_Amount__c).toBe("number");
    }
    expect(rows.some((r) => r.Status__c === "Accrued" && r.Period__c === report.period)).toBe(true);
    expect(rows.some((r) => r.Status__c !== "Accrued" && r.Period__c !== report.period)).toBe(true);
    // The rows of a partner-period share its holdback exactly (cents, no float).
    const byPp = new Map<string, number>();
    for (const r of rows) {
      const [partner, period] = String(r.Incentive_Key__c).split(":") as [string, string];
      const k = `${partner}|${period}`;
      byPp.set(k, Math.round((byPp.get(k) ?? 0) + Number(r.Held_Amount__c) * 100));
    }
    let compared = 0;
    for (const [k, cents] of byPp) {
      const [partner, period] = k.split("|") as [string, string];
      const s = await h.store.ledger.statement(partner, period);
      expect(cents).toBe(Math.round(Number(s!.partner.held_back) * 100));
      if (cents > 0) compared++;
    }
    expect(compared).toBeGreaterThan(0);
    // A holdback two quarters old (the example's release_after) is released in full.
    const old = rows.filter((r) => String(r.Period__c) <= "2026-Q2" && Number(r.Held_Amount__c) > 0);
    expect(old.length).toBeGreaterThan(0);
    for (const r of old) expect(r.Released_Amount__c).toBe(r.Held_Amount__c);
    const recent = rows.filter((r) => r.Period__c === report.period && Number(r.Held_Amount__c) > 0);
    for (const r of recent) expect(r.Released_Amount__c).toBe(0);
  });

  it("a partner Account and its HubSpot company carry progress, what is missing, tier held since and metrics", async () => {
    const accounts = sf(
      "SELECT Incentive_Key__c, Partner_Next_Tier__c, Tier_Progress_Percent__c, Missing_For_Next_Tier__c, Tier_Held_Since__c, Scorecard_Metrics__c, Held_Back_This_Period__c, Incentives_Period__c FROM Account WHERE IsPartner = true",
    );
    expect(accounts.length).toBeGreaterThan(0);
    for (const a of accounts) {
      expect(a.Incentives_Period__c).toBe(report.period);
      if (a.Partner_Next_Tier__c === null) expect(a.Tier_Progress_Percent__c).toBeNull();
      else {
        expect(Number(a.Tier_Progress_Percent__c)).toBeGreaterThanOrEqual(0);
        expect(Number(a.Tier_Progress_Percent__c)).toBeLessThanOrEqual(100);
      }
      expect(String(a.Tier_Held_Since__c)).toMatch(/^\d{4}-(01|04|07|10)-01$/);
      expect(String(a.Scorecard_Metrics__c)).toMatch(
        /^renewal_rate: .+\nrevenue_growth: .+\ncsat: .+\ntime_to_value_days: .+$/,
      );
      const s = await h.store.ledger.statement(String(a.Incentive_Key__c), report.period!);
      expect(Number(a.Held_Back_This_Period__c)).toBe(Number(s!.partner.held_back));
    }
    const missing = accounts.map((a) => a.Missing_For_Next_Tier__c).filter(Boolean);
    expect(missing.length).toBeGreaterThan(0);
    for (const m of missing) expect(String(m)).toMatch(/^(Revenue|Certifications|Renewal rate|Score|Tier): /);
    const partner = await h.store.partners.get(String(accounts[0]!.Incentive_Key__c));
    const id = (partner!.raw as { sides: { hubspot?: { id: string } } }).sides.hubspot?.id;
    if (id) {
      const c = h.sandbox.hubspot.portal.get("companies", id)!.properties;
      expect(c.incentives_period).toBe(report.period);
      expect(c.scorecard_metrics).toBe(accounts[0]!.Scorecard_Metrics__c);
      expect(c.tier_held_since).toBeTruthy();
    }
  });

  it("an unchanged rerun writes nothing", async () => {
    const { report: again, calls } = await counted(h, () => h.runtime.reconcile());
    expect(again.outcome).toBe("ok");
    expect(writesOf(calls)).toBe(0);
  }, 300_000);
});
