// Per-partner program analytics (issue #17) through the real sync against both sandbox CRMs: a
// reconcile writes first/second sale dates, activation, days from signing, segment, incentives
// lifetime and this year, shares of revenue and trends to every Account and company, equal to
// what the analytics module computes from the store; an unchanged rerun writes nothing.
import { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  computeAnalytics,
  keepAtClose,
  loadAnalyticsInput,
  type PartnerAnalytics,
  programReport,
} from "../../../src/analytics/index.ts";
import type { StoredPartner } from "../../../src/store/index.ts";
import { counted, type Harness, startHarness, writesOf } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("pglite");
}, 120_000);
afterAll(async () => h?.close());

const sides = (p: StoredPartner) =>
  (p.raw as { sides: { salesforce?: { id: string }; hubspot?: { id: string } } }).sides;
const SEGMENT: Record<string, string> = { top: "Top 20%", middle: "Middle 60%", bottom: "Bottom 20%" };
/** A decimal string as the CRMs hold numbers (null stays null). */
const num = (v: string | number | null) => (v === null ? null : Number(v));

describe("program analytics written back to both CRMs", () => {
  let analytics: Map<string, PartnerAnalytics>;
  let partners: StoredPartner[];

  it("writes every partner's analytics to its Account and company", async () => {
    const r = await h.runtime.reconcile();
    expect(r.outcome).not.toBe("failed");
    expect(r.period).toBe("2026-Q4");
    expect(r.counts["analytics.failed"]).toBeUndefined();
    analytics = computeAnalytics(
      await loadAnalyticsInput(h.store, { period: "2026-Q4", fx: h.sandbox.fx }),
    ).partners;
    partners = await h.store.partners.list();
    expect(partners.length).toBe(12);
    let activated = 0;
    const segments = new Set<string>();
    for (const p of partners) {
      const a = analytics.get(p.id)!;
      if (a.activation.activated) activated++;
      segments.add(a.segment.segment);
      const account = h.sandbox.salesforce.org.get("Account", sides(p).salesforce!.id)!;
      expect(account.Partner_First_Sale_Date__c ?? null, p.id).toBe(a.activation.firstSaleOn);
      expect(account.Partner_Second_Sale_Date__c ?? null).toBe(a.activation.secondSaleOn);
      expect(account.Partner_Activated__c).toBe(a.activation.activated);
      expect(account.Partner_Days_To_First_Sale__c ?? null).toBe(a.activation.daysToFirstSale);
      expect(account.Partner_Segment__c).toBe(SEGMENT[a.segment.segment]);
      expect(num(account.Partner_Incentives_Lifetime__c as number)).toBe(num(a.cost.incentivesLifetime));
      expect(num(account.Partner_Incentives_This_Year__c as number)).toBe(num(a.cost.incentivesThisYear));
      expect(account.Partner_Sourced_Share__c ?? null).toBe(num(a.cost.sourcedShare));
      expect(account.Partner_Incentive_Revenue_Share__c ?? null).toBe(num(a.cost.incentiveShare));
      expect(account.Partner_Score_Change__c ?? null).toBe(num(a.trends.score.change));
      expect(account.Partner_TTV_Change_Days__c ?? null).toBe(num(a.trends.timeToValue.change));
      const company = h.sandbox.hubspot.portal.get("companies", sides(p).hubspot!.id)!.properties;
      expect(company.partner_segment).toBe(a.segment.segment);
      expect(company.partner_activated).toBe(String(a.activation.activated));
      expect(num(company.partner_influenced_share ?? null)).toBe(num(a.cost.influencedShare));
      expect(num(company.partner_renewal_rate_change ?? null)).toBe(num(a.trends.renewalRate.change));
      // Written as midnight UTC epoch ms; the portal reads the date back as YYYY-MM-DD.
      expect(company.partner_first_sale_date || null).toBe(a.activation.firstSaleOn);
    }
    // The sandbox's small book still spreads over the funnel and the segments.
    expect(activated).toBeGreaterThan(0);
    expect(segments).toEqual(new Set(["top", "middle", "bottom"]));
  }, 300_000);

  it("the package's segment and activation reports group the partners as the analytics do", async () => {
    const conn = new Connection({
      instanceUrl: h.sandbox.salesforce.url,
      accessToken: h.sandbox.salesforce.accessToken,
      version: "62.0",
    });
    const reports = await conn.analytics.reports();
    type Run = {
      factMap: Record<string, { aggregates: Array<{ value: number }> }>;
      groupingsDown: { groupings: Array<{ key: string; value: string | boolean | null }> };
    };
    const counts = async (name: string) => {
      const info = reports.find((r) => r.name === name);
      if (!info) throw new Error(`no report ${name}`);
      const run = (await conn.analytics.report(info.id).execute({ details: true })) as unknown as Run;
      return Object.fromEntries(
        run.groupingsDown.groupings.map((g) => [
          String(g.value),
          run.factMap[`${g.key}!T`]!.aggregates.at(-1)!.value,
        ]),
      );
    };
    const want = (key: (a: PartnerAnalytics) => string) => {
      const out: Record<string, number> = {};
      for (const a of analytics.values()) out[key(a)] = (out[key(a)] ?? 0) + 1;
      return out;
    };
    expect(await counts("Partner segments (20-60-20)")).toEqual(want((a) => SEGMENT[a.segment.segment]!));
    expect(await counts("Partner activation")).toEqual(want((a) => String(a.activation.activated)));
  });

  it("an unchanged rerun writes nothing to either CRM", async () => {
    const { report, calls } = await counted(h, () => h.runtime.reconcile());
    expect(report.outcome).not.toBe("failed");
    expect(writesOf(calls)).toBe(0);
  }, 300_000);

  it("keeps a closed period's numbers at its close: a CRM edit before the first request changes nothing", async () => {
    // The close (CLI `periods close`, POST /api/periods/:p/close) keeps the figures at once.
    expect((await h.store.periods.close("2026-Q3", "test")).ok).toBe(true);
    const options = { period: "2026-Q3", fx: h.sandbox.fx };
    const first = await keepAtClose(h.store, options);
    expect(first.keptAt).not.toBeNull();
    expect(first.analytics.closed).toBe(true);
    const atClose = computeAnalytics(await loadAnalyticsInput(h.store, options)).program;
    expect(first.analytics).toEqual(JSON.parse(JSON.stringify(atClose)));
    // A won Q3 deal edited afterwards (as a CRM edit would reach the store).
    const deal = (await h.store.deals.list()).find(
      (d) =>
        d.data.stage === "won" &&
        String(d.data.close_date).startsWith("2026-0") &&
        d.data.close_date! >= "2026-07-01",
    )!;
    expect(deal).toBeDefined();
    await h.store.deals.upsert([
      {
        id: deal.id,
        partnerId: deal.partnerId,
        closeDate: deal.closeDate,
        data: { ...deal.data, amount: "99999999.00" },
      },
    ]);
    const fresh = computeAnalytics(await loadAnalyticsInput(h.store, options)).program;
    expect(fresh.cost.attributedRevenue.value).not.toBe(first.analytics.cost.attributedRevenue.value);
    // The first request after the edit returns the figures kept at the close.
    const again = await programReport(h.store, options);
    expect(again).toEqual(first);
    expect(again.analytics.cost.attributedRevenue.value).toBe(atClose.cost.attributedRevenue.value);
    // An open period is computed on every request.
    expect((await programReport(h.store, { period: "2026-Q4", fx: h.sandbox.fx })).keptAt).toBeNull();
  }, 300_000);
});
