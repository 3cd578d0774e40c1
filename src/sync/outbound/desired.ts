// What each record should hold in each CRM: the computed figures (and, for `both` fields, the
// merged canonical value), as canonical values the mapping turns into CRM fields.
import { Dec } from "../../../money/index.ts";
import { periodStart } from "../../period/index.ts";
import type { ComputeResult } from "../compute/run.ts";
import { partnerPayoutStatus } from "../lifecycle.ts";
import type { DealComputed, IncentiveStatus, PartnerComputed, PayoutStatus } from "../mapping/index.ts";
import type { Entry } from "../model.ts";
import { analyticsDesired } from "./analytics-desired.ts";
import { dealStatusDetail } from "./status-detail.ts";
import { missingForNextTier, tierProgressPercent } from "./tier-progress.ts";

const money = (d: Dec, scale: number) => d.toFixed(scale);

const PAYOUT_STATUS: Record<ReturnType<typeof partnerPayoutStatus>, PayoutStatus> = {
  accrued: "accrued",
  computed: "payable",
  held: "held_for_review",
  approved: "approved",
  exported: "exported",
  paid: "paid",
  disputed: "disputed",
};

/** The payout status a CRM field shows for a lifecycle state (the cards show the same words). */
export function payoutStatusOf(state: ReturnType<typeof partnerPayoutStatus>): PayoutStatus {
  return PAYOUT_STATUS[state];
}

export function partnerDesired(
  entry: Entry,
  computed: ComputeResult,
  scale: number,
  now: string,
): PartnerComputed & Record<string, unknown> {
  const f = computed.partners.get(entry.id);
  const s = f?.current ?? null;
  const funds = s ? Object.values(s.funds).reduce((a, v) => a.plus(v), new Dec(0)) : null;
  return {
    tier: s?.tier ?? null,
    // Spec §5: the ladder the tier is on (absent from a v1 program's statements: blank).
    ladder: s?.ladder ?? null,
    qualified_tier: s?.qualified_tier ?? null,
    next_tier: s?.next_tier ?? null,
    gap_to_next_tier: s?.gap_to_next_tier ?? null,
    score: s?.score ?? null,
    eligible: s ? s.eligible : null,
    ineligible_reasons: s && s.ineligible_reasons.length > 0 ? s.ineligible_reasons.join("; ") : null,
    payable_this_period: s?.payable ?? null,
    // With the payout lifecycle (issue #16): what was marked paid this year; else Σ payable.
    paid_ytd: computed.lifecycle
      ? new Dec(computed.lifecycle.paidYtd.get(entry.id) ?? "0").toFixed(scale)
      : f
        ? money(f.paidYtd, scale)
        : null,
    ...(computed.lifecycle
      ? {
          payout_status: payoutStatusOf(partnerPayoutStatus(computed.lifecycle, entry.id)),
          open_disputes: computed.lifecycle.openDisputes.get(entry.id) ?? 0,
        }
      : {}),
    fund_balance: funds ? money(funds, scale) : null,
    // Program analytics (issue #17): only when the run computed them.
    ...(computed.analytics ? analyticsDesired(computed.analytics.get(entry.id)) : {}),
    ...accountPage(entry, computed),
    updated_at: now,
    incentive_key: entry.id,
    // `both` fields carry the merged value; toOutboundRecord only writes those mapped `both`.
    name: typeof entry.data.name === "string" ? entry.data.name : null,
  };
}

/** What the Account / company page shows beside the figures (issue #13). */
function accountPage(entry: Entry, computed: ComputeResult): PartnerComputed {
  const f = computed.partners.get(entry.id);
  const s = f?.current ?? null;
  if (!s) {
    return {
      tier_progress_percent: null,
      missing_for_next_tier: null,
      tier_held_since: null,
      scorecard_metrics: null,
      held_back_this_period: null,
      incentives_period: null,
    };
  }
  const certifications = typeof entry.data.certifications === "number" ? entry.data.certifications : null;
  const metrics = s.metrics ?? null;
  const missing = computed.program ? missingForNextTier(computed.program, s, { certifications }) : [];
  return {
    tier_progress_percent: computed.program ? tierProgressPercent(computed.program, s) : null,
    missing_for_next_tier: missing.length > 0 ? missing.join("; ") : null,
    tier_held_since: f?.tierSince ? periodStart(f.tierSince) : null,
    scorecard_metrics: metrics ? metricLines(metrics) : null,
    held_back_this_period: s.held_back,
    incentives_period: computed.period,
  };
}

/** One "metric: value" per line; a metric without data this period reads "no data". */
function metricLines(metrics: Readonly<Record<string, string | null>>): string | null {
  const lines = Object.entries(metrics).map(([name, value]) => `${name}: ${value ?? "no data"}`);
  return lines.length > 0 ? lines.join("\n") : null;
}

/**
 * The partner's Salesforce Account id, from its CRM link (the side the store keeps for it): the
 * Account it was read from, or the one the connector created for a partner HubSpot alone held.
 * Null while it has none, or once the partner is gone.
 */
export function salesforceAccountOf(partner: Entry | undefined): string | null {
  return partner && !partner.deleted ? (partner.raw.sides.salesforce?.id ?? null) : null;
}

export function dealDesired(
  entry: Entry,
  computed: ComputeResult,
  scale: number,
  partners: ReadonlyMap<string, Entry>,
): DealComputed {
  const f = computed.deals.get(entry.id);
  let status: IncentiveStatus | null = null;
  if (f) {
    if (f.clawedBack) status = "clawed_back";
    else if (!f.amount.isZero()) status = "earned";
    else if (f.forfeited) status = "forfeited";
    else status = "pending";
  } else if (entry.data.stage === "won") status = "pending";
  // Open deals only (issues #13, #14); closed deals get blank projections.
  const projection = entry.data.stage === "open" ? (computed.projections?.get(entry.id) ?? null) : null;
  return {
    incentive_amount: f ? money(f.amount, scale) : null,
    incentive_status: status,
    spif_awarded: f && !f.spif.isZero() ? money(f.spif, scale) : null,
    incentive_key: entry.id,
    incentive_explanation: f?.explanation ?? null,
    incentive_status_detail: statusDetail(entry, computed),
    projected_incentive: projection?.amount ?? null,
    projected_explanation: projection?.explanation ?? null,
    projected_tier: projection?.wouldReachTier ?? null,
    // Opportunity.Incentive_Partner__c: PartnerAccountId has no related list, this lookup does.
    incentive_partner:
      typeof entry.data.partner_id === "string"
        ? salesforceAccountOf(partners.get(entry.data.partner_id))
        : null,
  };
}

/** The deal's status text (status-detail.ts); null for a deal with no line of its own. */
function statusDetail(entry: Entry, computed: ComputeResult): string | null {
  const f = computed.deals.get(entry.id);
  if (!f?.period || !computed.terms || !computed.today) return null;
  const close = typeof entry.data.close_date === "string" ? entry.data.close_date : null;
  return dealStatusDetail(
    {
      dealPeriod: f.period,
      closeDate: close ?? computed.today,
      forfeitedReasons: f.forfeitedReasons ?? null,
      clawedBackIn: f.clawedBackIn ?? null,
      // Only what the deal itself earned can be held back.
      heldBack: (f.heldBack ?? false) && f.amount.greaterThan(0),
    },
    computed.terms,
    computed.today,
    computed.period,
  );
}
