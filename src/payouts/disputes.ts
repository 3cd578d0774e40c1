// Disputes (issue #16): a partner (or channel ops for one) contests a partner-period payout,
// optionally one deal and statement line, with a reason. While open the payout shows Disputed and
// cannot be approved or exported; resolving dismisses it or posts an adjustment for it.
import type { Dispute, PayoutEventInput, Store } from "../store/index.ts";
import { correctIn } from "./corrections.ts";
import { periodPayouts } from "./overview.ts";

export interface OpenDispute {
  partner: string;
  period: string;
  deal?: string | null;
  line?: string | null;
  reason: string;
  openedBy: string;
}

export type DisputeOutcome = { ok: true; dispute: Dispute } | { ok: false; code: string; message: string };

export async function openDispute(store: Store, req: OpenDispute): Promise<DisputeOutcome> {
  return store.inPeriod(req.period, async (tx) => {
    const posted = await tx.ledger.statement(req.partner, req.period);
    if (!posted)
      return {
        ok: false,
        code: "no_payout",
        message: `no statement posted for ${req.partner} in ${req.period}: nothing to dispute`,
      };
    const lines = Array.isArray(posted.partner.lines)
      ? (posted.partner.lines as Array<Record<string, unknown>>)
      : [];
    if (req.deal && !lines.some((l) => l.deal_id === req.deal))
      return {
        ok: false,
        code: "unknown_deal",
        message: `deal ${req.deal} has no line on ${req.partner}'s ${req.period} statement`,
      };
    if (req.line && !lines.some((l) => l.component === req.line && (!req.deal || l.deal_id === req.deal)))
      return {
        ok: false,
        code: "unknown_line",
        message: `no '${req.line}' line on ${req.partner}'s ${req.period} statement${req.deal ? ` for ${req.deal}` : ""}`,
      };
    const dispute = await tx.disputes.open(req);
    const { folds } = await periodPayouts(tx.payoutEvents, new Map(), req.period, [req.partner]);
    await tx.payoutEvents.append([
      event(
        dispute,
        "dispute",
        folds.get(req.partner)?.state ?? "computed",
        req.openedBy,
        req.reason,
        posted.currency,
      ),
    ]);
    return { ok: true, dispute };
  });
}

export interface ResolveDispute {
  id: number;
  resolution: "dismiss" | "adjust";
  /** adjust: the adjustment (decimal string, non-zero). */
  amount?: string;
  reason: string;
  resolvedBy: string;
}

export async function resolveDispute(store: Store, req: ResolveDispute): Promise<DisputeOutcome> {
  const found = await store.disputes.get(req.id);
  if (!found) return { ok: false, code: "not_found", message: `no dispute #${req.id}` };
  return store.inPeriod(found.period, async (tx) => {
    const d = await tx.disputes.get(req.id);
    if (d?.status !== "open")
      return { ok: false, code: "not_open", message: `dispute #${req.id} is already ${d?.status ?? "gone"}` };
    let adjustment: string | null = null;
    if (req.resolution === "adjust") {
      if (req.amount === undefined)
        return {
          ok: false,
          code: "amount_required",
          message: "resolving with an adjustment needs its amount",
        };
      const c = await correctIn(tx, {
        partner: d.partner,
        period: d.period,
        amount: req.amount,
        reason: `dispute #${d.id}: ${req.reason}`,
        actor: req.resolvedBy,
        deal: d.deal,
        line: d.line,
        dispute: d.id,
      });
      if (!c.ok) return c;
      adjustment = c.amount;
    }
    const resolved = await tx.disputes.resolve(d.id, {
      status: req.resolution === "adjust" ? "adjusted" : "dismissed",
      by: req.resolvedBy,
      resolution: req.reason,
      adjustment,
    });
    const { folds } = await periodPayouts(tx.payoutEvents, new Map(), d.period, [d.partner]);
    const f = folds.get(d.partner);
    const verb = req.resolution === "adjust" ? `adjusted by ${adjustment}` : "dismissed";
    await tx.payoutEvents.append([
      event(
        resolved!,
        "resolve",
        f?.state ?? "computed",
        req.resolvedBy,
        `${verb}: ${req.reason}`,
        f?.last?.currency ?? null,
      ),
    ]);
    return { ok: true, dispute: resolved! };
  });
}

function event(
  d: Dispute,
  action: "dispute" | "resolve",
  state: PayoutEventInput["state"],
  actor: string,
  reason: string,
  currency: string | null,
): PayoutEventInput {
  return {
    period: d.period,
    partner: d.partner,
    action,
    state,
    amount: action === "resolve" ? d.adjustment : null,
    currency,
    actor,
    reason,
    reference: d.deal ?? null,
    batch: null,
    dispute: d.id,
  };
}
