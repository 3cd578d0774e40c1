// Issue 14: the HubSpot app cards' endpoint, driven as HubSpot drives it. The service runs in
// sandbox mode and reconciles the demo data at start; the sandbox HubSpot portal's card fetcher
// (hubspot.fetch: the portal's query parameters, v3 signature with the app's client secret) asks
// for company and deal cards. The cards' figures must be the ledger's and the posted statement's
// to the cent, opening them must spend no CRM API call, and forged, unsigned, stale and
// wrong-portal requests are refused and counted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompanyCardOk as CompanyCard } from "../../../connectors/hubspot/app-project/src/app/cards/lib/response.ts";
import { signedHeaders } from "../../../connectors/hubspot/signature-v3.ts";
import { Dec } from "../../../money/index.ts";
import { type CardFetch, cardFetchUrl } from "../../../sandbox/hubspot/card-fetch.ts";
import type { PartnerStatement } from "../../../src/engine/index.ts";
import { periodOf } from "../../../src/period/index.ts";
import type { RunSummary } from "../../../src/service/ports.ts";
import { type SandboxService, startSandboxService } from "./sandbox-harness.ts";

let s: SandboxService;
let card: CardFetch;

const calls = () => {
  const sb = s.composed.sandbox!;
  return { hubspot: sb.hubspot.portal.calls().byEndpoint, salesforce: sb.salesforce.org.calls().byEndpoint };
};

beforeAll(async () => {
  s = await startSandboxService();
  await s.eventually(
    "the start-up reconcile",
    async () => {
      const page = (await (await s.api("/api/runs?kind=reconcile")).json()) as { items: RunSummary[] };
      return page.items.find((r) => r.trigger === "startup" && r.outcome !== "running");
    },
    60_000,
  );
  const portal = s.composed.sandbox!.hubspot.portal;
  await portal.drainWebhooks();
  card = portal.cardFetch({ clientSecret: s.composed.config.hubspotAppSecret! });
}, 120_000);

afterAll(async () => {
  await s?.close();
});

/** The newest run (a sync the webhooks of the write-back trigger is one). */
async function newestRun(): Promise<string> {
  const page = (await (await s.api("/api/runs?limit=1")).json()) as { items: RunSummary[] };
  return page.items[0]?.runId ?? "";
}

/**
 * `open` (a card request) spends no CRM API call. The service syncs in the background what the
 * sandbox's webhooks announce after a write-back: the calls are compared across `open` once the
 * CRMs are quiet, and a difference only counts against the card when no run started meanwhile
 * (then the measure is taken again).
 */
async function withoutCrmCalls<T>(open: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let last = JSON.stringify(calls());
    let stable = 0;
    await s.eventually("the CRMs to be quiet", async () => {
      await new Promise((r) => setTimeout(r, 300));
      const now = JSON.stringify(calls());
      stable = now === last ? stable + 1 : 0;
      last = now;
      return stable >= 3 ? true : undefined;
    });
    const run = await newestRun();
    const before = calls();
    const out = await open();
    const after = calls();
    if (JSON.stringify(after) === JSON.stringify(before)) return out;
    if ((await newestRun()) === run || attempt === 5) expect(after).toEqual(before);
  }
}

/** A partner with a HubSpot company and posted statements, and a deal line in its latest one. */
async function partnerWithDeals(): Promise<{ partnerId: string; companyId: string }> {
  const { store } = s.composed;
  for (const p of await store.partners.list()) {
    const companyId = await store.crmLinks.crmIdFor(p.id, "hubspot", "companies");
    const periods = await store.partnerDirectory.periods(p.id);
    const latest = periods.at(-1);
    if (!companyId || !latest) continue;
    const st = (await store.ledger.statement(p.id, latest.period))!.partner as unknown as PartnerStatement;
    if (st.lines.some((l) => l.deal_id !== null && !l.forfeited) && periods.length > 1) {
      return { partnerId: p.id, companyId };
    }
  }
  throw new Error("no partner with deal lines in the demo data");
}

const cardUrl = (path: string) => `${s.url}/hubspot/cards/${path}`;

describe("HubSpot app cards", () => {
  it("the company card carries the ledger's and the statement's figures to the cent, for no CRM call", async () => {
    const { store } = s.composed;
    const { partnerId, companyId } = await partnerWithDeals();
    const res = await withoutCrmCalls(() => card(cardUrl(`company/${companyId}`)));
    expect(res.status).toBe(200);
    const body = (await res.json()) as CompanyCard;

    const periods = (await store.partnerDirectory.periods(partnerId)).map((p) => p.period);
    expect(body.status).toBe("ok");
    expect(body.periods).toEqual([...periods].reverse());
    expect(body.period).toBe(periods.at(-1));
    const posted = (await store.ledger.statement(partnerId, body.period))!;
    const st = posted.partner as unknown as PartnerStatement;
    const view = await store.ledger.view(partnerId, body.period);
    expect(body.partner.id).toBe(partnerId);
    expect(body.currency).toBe(posted.currency);
    expect(body.payable).toBe(st.payable);
    expect(new Dec(body.payable).equals(view.periodTotal)).toBe(true);
    expect(body.heldBack).toBe(st.held_back);
    expect(body).toMatchObject({
      tier: st.tier,
      nextTier: st.next_tier,
      gapToNextTier: st.gap_to_next_tier,
      score: st.score,
      eligible: st.eligible,
      ineligibleReasons: st.ineligible_reasons,
    });
    // "have of need" for each unmet requirement, after the tier metric while there is a gap.
    const gap = st.gap_to_next_tier !== null && !new Dec(st.gap_to_next_tier).isZero();
    expect(body.missingForNextTier).toHaveLength(st.missing_for_next_tier.length + (gap ? 1 : 0));
    if (gap) expect(body.missingForNextTier[0]).toMatch(/^(Revenue|Margin): \d+\.\d{2} of \d+\.\d{2}$/);
    if (st.next_tier !== null) expect(body.progressPercent).toMatch(/^\d{1,3}\.\d$/);
    // Every deal's incentive is the sum of its ledger rows in the period, to the cent; deals
    // only in Salesforce have no HubSpot id (null) and still count.
    const totals = await store.ledger.totals({ partner: partnerId, period: body.period });
    const ledgerOf = (canonical: string) =>
      totals
        .filter((t) => t.deal === canonical && t.period === body.period)
        .reduce((a, t) => a.plus(t.total), new Dec(0));
    const withLines = [...new Set(st.lines.filter((l) => l.deal_id !== null).map((l) => l.deal_id!))];
    // The demo partner's deals fit the first page (50): all of them are on it.
    expect(body.dealsTotal).toBe(withLines.length);
    expect(withLines.length).toBeLessThanOrEqual(50);
    expect(body.deals).toHaveLength(withLines.length);
    let linked = 0;
    for (const d of body.deals) {
      expect(d.status).toMatch(
        /^(counted|held back until \d{4}-Q\d|clawback window open until \d{4}-\d{2}-\d{2}|clawed back in \d{4}-Q\d|forfeited: .+)$/,
      );
      if (d.id === null) continue;
      linked++;
      const canonical = (await store.crmLinks.canonicalFor("hubspot", "deals", d.id))!;
      // Only this partner's deals are on its card.
      expect((await store.deals.get(canonical))!.partnerId).toBe(partnerId);
      expect(new Dec(d.incentive).equals(ledgerOf(canonical)), `deal ${d.id}: ${d.incentive}`).toBe(true);
      // The lines and explanations are the posted statement's.
      expect(d.lines).toEqual(
        st.lines
          .filter((l) => l.deal_id === canonical)
          .map((l) => ({ component: l.component, amount: l.amount, explanation: l.explanation })),
      );
    }
    expect(linked).toBeGreaterThan(0);
    // Σ card incentives = Σ the period's deal rows in the ledger.
    const cardSum = body.deals.reduce((a, d) => a.plus(d.incentive), new Dec(0));
    const ledgerSum = withLines.reduce((a, id) => a.plus(ledgerOf(id)), new Dec(0));
    expect(cardSum.toFixed(2)).toBe(ledgerSum.toFixed(2));
    // Latest close first, a page at a time.
    const closes = body.deals.map((d) => d.closeDate ?? "");
    expect(closes).toEqual([...closes].sort().reverse());
    const second = (await (
      await card(cardUrl(`company/${companyId}?dealsLimit=1&dealsOffset=1`))
    ).json()) as CompanyCard;
    expect(second.deals).toEqual(body.deals.slice(1, 2));
    expect(second.dealsTotal).toBe(body.dealsTotal);
  });

  it("answers an earlier period on ?period=", async () => {
    const { store } = s.composed;
    const { partnerId, companyId } = await partnerWithDeals();
    const periods = (await store.partnerDirectory.periods(partnerId)).map((p) => p.period);
    const earlier = periods[0]!;
    const res = await card(cardUrl(`company/${companyId}?period=${earlier}`));
    const body = (await res.json()) as CompanyCard;
    expect(body.period).toBe(earlier);
    const st = (await store.ledger.statement(partnerId, earlier))!.partner as unknown as PartnerStatement;
    expect(body.payable).toBe(st.payable);
    expect(body.tier).toBe(st.tier);
  });

  it("the deal card shows the deal's lines, status and partner tier", async () => {
    const { partnerId, companyId } = await partnerWithDeals();
    const company = (await (await card(cardUrl(`company/${companyId}`))).json()) as CompanyCard;
    const shown = company.deals.find((d) => d.lines.length > 0)!;
    const res = await withoutCrmCalls(() => card(cardUrl(`deal/${shown.id}`)));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: "ok",
      period: company.period,
      currency: company.currency,
      deal: {
        id: shown.id,
        name: shown.name,
        amount: shown.amount,
        stage: "won",
        closeDate: shown.closeDate,
      },
      partner: { id: partnerId, name: company.partner.name, tier: company.tier },
      incentive: shown.incentive,
      incentiveStatus: shown.status,
      lines: shown.lines,
      projection: null,
    });
  });

  it("an open deal's card shows the projection the sync wrote to the deal, for no CRM call", async () => {
    const { store, sandbox } = s.composed;
    const portal = sandbox!.hubspot.portal;
    let found: { hsId: string; props: Record<string, unknown> } | null = null;
    for (const d of await store.deals.list()) {
      if (d.data.stage !== "open" || !d.partnerId) continue;
      const hsId = await store.crmLinks.crmIdFor(d.id, "hubspot", "deals");
      const props = hsId ? portal.get("deals", hsId)?.properties : undefined;
      if (hsId && props?.projected_incentive) {
        found = { hsId, props };
        break;
      }
    }
    expect(found, "an open HubSpot deal with a projection").not.toBeNull();
    const res = await withoutCrmCalls(() => card(cardUrl(`deal/${found!.hsId}`)));
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: "ok", incentiveStatus: "open", lines: [], incentive: "0.00" });
    expect((body.deal as { stage: string }).stage).toBe("open");
    // The period the sync projected into: the current one by the service's clock (the demo
    // program is quarterly), whatever the partner's latest statement is.
    const today = (s.composed.config.runtime.now ?? new Date()).toISOString().slice(0, 10);
    expect(body.period).toBe(periodOf("quarter", today));
    const current = await store.ledger.statement(
      String((body.partner as { id: string }).id),
      String(body.period),
    );
    expect((body.partner as { tier: string | null }).tier).toBe(
      current ? (current.partner as unknown as PartnerStatement).tier : null,
    );
    const projection = body.projection as {
      amount: string;
      explanation: string;
      wouldReachTier: string | null;
    };
    // What the HubSpot record holds (the values the last run wrote), to the cent.
    expect(new Dec(projection.amount).equals(String(found!.props.projected_incentive))).toBe(true);
    expect(projection.explanation).toBe(String(found!.props.projected_explanation ?? ""));
    expect(projection.wouldReachTier).toBe((found!.props.projected_tier as string | undefined) || null);
  });

  it("says plainly when a company is not a partner, or a partner has no statement yet", async () => {
    const { store, sandbox } = s.composed;
    const customer = sandbox!.hubspot.portal.create("companies", { name: "Customer Co (not a partner)" });
    expect(await (await card(cardUrl(`company/${customer.id}`))).json()).toEqual({ status: "not_partner" });
    // A partner the service knows, not computed yet (linked, no statement).
    await store.partners.upsert([{ id: "P-CARDS-NEW", data: { name: "New Partner" }, sourceCrm: "hubspot" }]);
    await store.crmLinks.link({
      canonicalId: "P-CARDS-NEW",
      crm: "hubspot",
      object: "companies",
      crmId: "990001",
    });
    expect(await (await card(cardUrl("company/990001"))).json()).toEqual({ status: "not_computed" });
    // A deal naming no partner; a deal the service has not synced.
    await store.deals.upsert([
      {
        id: "D-CARDS-ORPHAN",
        partnerId: null,
        closeDate: "2026-11-02",
        data: { name: "Orphan" },
        sourceCrm: "hubspot",
      },
    ]);
    await store.crmLinks.link({
      canonicalId: "D-CARDS-ORPHAN",
      crm: "hubspot",
      object: "deals",
      crmId: "990002",
    });
    expect(await (await card(cardUrl("deal/990002"))).json()).toEqual({ status: "no_partner" });
    expect(await (await card(cardUrl("deal/990003"))).json()).toEqual({ status: "not_computed" });
    // A won deal of a computed partner, closed in a period the partner has no statement for
    // yet: not computed (not "clawback window open until …" with 0.00 from another period).
    const { partnerId } = await partnerWithDeals();
    await store.deals.upsert([
      {
        id: "D-CARDS-LATE",
        partnerId,
        closeDate: "2030-02-01",
        data: { name: "Closed after the last run", stage: "won", amount: "1000.00" },
        sourceCrm: "hubspot",
      },
    ]);
    await store.crmLinks.link({
      canonicalId: "D-CARDS-LATE",
      crm: "hubspot",
      object: "deals",
      crmId: "990004",
    });
    expect(await (await card(cardUrl("deal/990004"))).json()).toEqual({ status: "not_computed" });
  });

  it("refuses forged, unsigned, stale and wrong-portal requests, and counts them", async () => {
    const { companyId } = await partnerWithDeals();
    const portal = s.composed.sandbox!.hubspot.portal;
    const url = cardUrl(`company/${companyId}`);
    const forged = await card(url, { signWith: "not-the-app-client-secret" });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: "signature does not match" });
    expect((await card(url, { unsigned: true })).status).toBe(401);
    const stale = await card(url, { timestamp: Date.now() - 6 * 60_000 });
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { error: string }).error).toMatch(/5-minute/);
    const elsewhere = portal.cardFetch({
      clientSecret: s.composed.config.hubspotAppSecret!,
      portalId: portal.portalId + 1,
    });
    const wrong = await elsewhere(cardUrl("deal/1"));
    expect(wrong.status).toBe(403);
    // The signature covers the query: a signed URL whose portal id was changed afterwards fails.
    const secret = s.composed.config.hubspotAppSecret!;
    const target = cardFetchUrl(url, {
      userId: 1,
      portalId: portal.portalId,
      userEmail: "a@b.example",
      appId: 1,
    });
    const headers = signedHeaders({ secret, method: "GET", uri: target, body: "", now: Date.now() });
    expect((await fetch(target, { headers })).status).toBe(200);
    const tampered = target.replace(`portalId=${portal.portalId}`, `portalId=${portal.portalId + 1}`);
    expect((await fetch(tampered, { headers })).status).toBe(401);

    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    const count = (card: string, outcome: string) =>
      Number(
        new RegExp(
          `incentives_hubspot_card_requests_total\\{card="${card}",outcome="${outcome}"\\} (\\d+)`,
        ).exec(metrics)?.[1] ?? 0,
      );
    expect(count("company", "bad_signature")).toBe(2);
    expect(count("company", "missing_signature")).toBe(1);
    expect(count("company", "stale")).toBe(1);
    expect(count("deal", "wrong_portal")).toBe(1);
    expect(count("company", "ok")).toBeGreaterThanOrEqual(3);
    expect(count("company", "not_partner")).toBe(1);
  });
});
