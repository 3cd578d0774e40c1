// GET /hubspot/cards/company/:companyId — the company card (CONTRACT.md): the partner's standing
// in a period (the latest posted one unless asked), its payout figures, and the period's deals
// with their explained lines. Read from the store's posted statement, program version, payout
// events and links; only this partner's figures ever leave.
import { Dec, minorDigits } from "../../../money/index.ts";
import type { PartnerStatement } from "../../engine/index.ts";
import { tierProgressPercent } from "../../engine/tier-progress.ts";
import { type DisplayState, showPayout } from "../../payouts/index.ts";
import { payoutStatusOf } from "../../sync/outbound/desired.ts";
import type { JsonObject } from "../ports.ts";
import type { CardContext } from "./card-context.ts";
import { type CardDeal, cardDeal, linesByDeal } from "./deal-lines.ts";

/** As the CRM field says it: a period nobody acted on that owes nothing is accrued, not payable. */
function shownState(display: DisplayState, payable: string): DisplayState | "accrued" {
  return display === "computed" && new Dec(payable).isZero() ? "accrued" : display;
}

export async function companyCard(
  ctx: CardContext,
  companyId: string,
  requested: string | null,
): Promise<JsonObject> {
  const { store } = ctx;
  const partnerId = await store.crmLinks.canonicalFor("hubspot", ctx.objects().partner, companyId);
  const partner = partnerId ? await store.partners.get(partnerId) : null;
  if (!partnerId || !partner || partner.deleted) return { status: "not_partner" };
  // Newest first, as the period picker lists them.
  const periods = (await store.partnerDirectory.periods(partnerId)).map((p) => p.period).reverse();
  const period = requested ?? periods[0];
  if (period === undefined || !periods.includes(period)) return { status: "not_computed" };
  const posted = await store.ledger.statement(partnerId, period);
  if (!posted) return { status: "not_computed" };
  const st = posted.partner as unknown as PartnerStatement;
  const program = await ctx.program(posted.programVersion);
  const digits = minorDigits(posted.currency);

  const byDeal = linesByDeal(st.lines);
  const ids = [...byDeal.keys()];
  const deals = new Map((await store.deals.getMany(ids, { withRaw: false })).map((d) => [d.id, d] as const));
  const hubspotIds = await store.crmLinks.crmIdsFor(ids, "hubspot", ctx.objects().deal);
  const cards: CardDeal[] = ids.map((id) =>
    cardDeal(
      ctx,
      { deal: deals.get(id) ?? null, hubspotId: hubspotIds.get(id) ?? null, lines: byDeal.get(id)! },
      st,
      program,
      period,
      digits,
    ),
  );
  // Latest close first; deals without a close date last.
  cards.sort(
    (a, b) => (b.closeDate ?? "").localeCompare(a.closeDate ?? "") || (a.id ?? "").localeCompare(b.id ?? ""),
  );

  const payout = await showPayout(store, partnerId, period);
  const paid = await store.payoutEvents.paidInYear(ctx.today().slice(0, 4));
  const funds = Object.values(st.funds ?? {});
  return {
    status: "ok",
    period,
    periods,
    currency: posted.currency,
    partner: { id: partner.id, name: partner.name },
    tier: st.tier,
    nextTier: st.next_tier,
    gapToNextTier: st.gap_to_next_tier,
    progressPercent: program ? tierProgressPercent(program, st) : null,
    missingForNextTier: st.missing_for_next_tier,
    score: st.score,
    // The scorecard's metric values are not part of a posted statement (only the score is).
    metrics: [],
    eligible: st.eligible,
    ineligibleReasons: st.ineligible_reasons,
    payable: st.payable,
    heldBack: st.held_back,
    paidYtd: new Dec(paid.get(partnerId) ?? "0").toFixed(digits),
    fundBalance: funds.length === 0 ? null : funds.reduce((a, v) => a.plus(v), new Dec(0)).toFixed(digits),
    payoutStatus: payout ? payoutStatusOf(shownState(payout.payout.display, st.payable)) : null,
    deals: cards as unknown as JsonObject[],
  };
}
