// GET /hubspot/cards/company/:companyId — the company card (CONTRACT.md): the partner's standing
// in a period (the latest posted one unless asked), its payout figures, and the period's deals
// with their explained lines, a page at a time (a partner with 2,000 deals has thousands of
// lines: the whole list would pass hubspot.fetch's 1 MB limit). Read from the store's posted
// statement, program version, payout events and links; only this partner's figures ever leave.
import { Dec, minorDigits } from "../../../money/index.ts";
import type { PartnerStatement } from "../../engine/index.ts";
import { type DisplayState, payoutOf } from "../../payouts/index.ts";
import { payoutStatusOf } from "../../sync/outbound/desired.ts";
import { missingForNextTier, tierProgressPercent } from "../../sync/outbound/tier-progress.ts";
import type { CompanyCardQuery, JsonObject } from "../ports.ts";
import type { CardContext } from "./card-context.ts";
import { cardDealsPage } from "./deal-lines.ts";

/** As the CRM field says it: a period nobody acted on that owes nothing is accrued, not payable. */
function shownState(display: DisplayState, payable: string): DisplayState | "accrued" {
  return display === "computed" && new Dec(payable).isZero() ? "accrued" : display;
}

/**
 * The scorecard's metric values the statement keeps (statements the sync posts carry them, those
 * posted before it did carry none); metrics without data are left out.
 */
function scorecardMetrics(st: PartnerStatement): Array<{ name: string; value: string }> {
  const values = st.metrics ?? {};
  return Object.entries(values).flatMap(([name, value]) => (value === null ? [] : [{ name, value }]));
}

const certificationsOf = (data: Record<string, unknown>): number | null =>
  typeof data.certifications === "number" ? data.certifications : null;

/** The partner a HubSpot company is, when the store knows it as one. */
export async function partnerOfCompany(ctx: CardContext, companyId: string) {
  const id = await ctx.store.crmLinks.canonicalFor("hubspot", ctx.objects().partner, companyId);
  const [partner] = id ? await ctx.store.partners.getMany([id], { withRaw: false }) : [];
  return partner && !partner.deleted ? partner : null;
}

export async function companyCard(
  ctx: CardContext,
  companyId: string,
  q: CompanyCardQuery,
): Promise<JsonObject> {
  const { store } = ctx;
  const partner = await partnerOfCompany(ctx, companyId);
  if (!partner) return { status: "not_partner" };
  // Newest first, as the period picker lists them.
  const ids = (await store.ledger.statementIds(partner.id)).reverse();
  const periods = ids.map((s) => s.period);
  const at = ids.find((s) => s.period === (q.period ?? periods[0]));
  const read = at ? await ctx.statement(at.id) : null;
  if (!at || !read) return { status: "not_computed" };
  const { period, currency } = read.head;
  const { st } = read;
  const program = await ctx.program(read.head.programVersion);
  const digits = minorDigits(currency);
  const page = await cardDealsPage(ctx, { index: read.index, st, program, period, digits }, q);
  const { payout } = await payoutOf(store, partner.id, period);
  // Paid in the picked period's calendar year (every period label starts with its year): this
  // partner's rows only, summed by the database.
  const paid = await store.payoutEvents.paidInYear(period.slice(0, 4), { partner: partner.id });
  const funds = Object.values(st.funds ?? {});
  return {
    status: "ok",
    period,
    periods,
    currency,
    partner: { id: partner.id, name: partner.name },
    tier: st.tier,
    nextTier: st.next_tier,
    gapToNextTier: st.gap_to_next_tier,
    progressPercent: program ? tierProgressPercent(program, st) : null,
    // "have of need", as the CRM fields say it (Missing_For_Next_Tier__c): "Certifications: 2 of 3".
    missingForNextTier: program
      ? missingForNextTier(program, st, { certifications: certificationsOf(partner.data) })
      : st.missing_for_next_tier,
    score: st.score,
    metrics: scorecardMetrics(st),
    eligible: st.eligible,
    ineligibleReasons: st.ineligible_reasons,
    payable: st.payable,
    heldBack: st.held_back,
    paidYtd: new Dec(paid.get(partner.id) ?? "0").toFixed(digits),
    fundBalance: funds.length === 0 ? null : funds.reduce((a, v) => a.plus(v), new Dec(0)).toFixed(digits),
    payoutStatus: payoutStatusOf(shownState(payout.display, st.payable)),
    deals: page.deals as unknown as JsonObject[],
    dealsTotal: page.total,
    dealsOffset: q.dealsOffset,
  };
}
