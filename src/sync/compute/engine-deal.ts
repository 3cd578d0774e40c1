// A stored canonical deal as the engine's data takes it: what the computation (compute/run.ts)
// and the open-deal projection (compute/projections.ts) both feed the engine.
import type { Data, DataInput, Program } from "../../engine/index.ts";
import { periodOf } from "../../period/index.ts";
import { bump, type RunContext } from "../context.ts";
import type { Entry } from "../model.ts";
import { str } from "../text-value.ts";

export type EngineDeal = DataInput["deals"][number];

/** A stored deal as the engine's data takes it, or null (counted, logged) when it cannot be evaluated. */
export function engineDeal(
  ctx: Pick<RunContext, "counts"> & { log?: RunContext["log"] },
  e: Entry,
  program: Program,
  partnerIds: Set<string>,
  fx: Data["fx"] | undefined,
): EngineDeal | null {
  if (e.deleted) return null;
  const start = String(program.starts);
  const d = e.data;
  const partner = str(d.partner_id);
  const close = str(d.close_date);
  const currency = str(d.currency) ?? program.currency;
  if (!partner || !partnerIds.has(partner) || !close || !str(d.amount)) {
    bump(ctx.counts, "skipped.deal_incomplete");
    return null;
  }
  if (currency !== program.currency && close >= start && !fx?.[periodOf(program.period, close)]?.[currency]) {
    // Inbound quarantines such a record before it is stored (sync/deal-plausibility.ts); a
    // stored deal gets here only when a rate was removed from the fx file later. Named, and the
    // run is partial (runtime.ts): its earnings cannot be computed without the rate.
    bump(ctx.counts, "skipped.deal_no_fx");
    ctx.log?.warn(
      { deal: e.id, currency, period: periodOf(program.period, close) },
      `deal ${e.id} left out of the computation: no fx rate ${currency}→${program.currency} for ${periodOf(program.period, close)}`,
    );
    return null;
  }
  let cancelled = str(d.cancelled_on);
  if (cancelled && cancelled < close) cancelled = close;
  return {
    id: e.id,
    partner_id: partner,
    kind: d.kind as "new",
    stage: d.stage as "won",
    attribution: d.attribution as "sourced",
    amount: String(d.amount),
    // In the deal's currency: the engine converts it with fx like the amount (spec §5).
    ...(str(d.margin) ? { margin: String(d.margin) } : {}),
    currency,
    close_date: close,
    ...(str(d.product) ? { product: str(d.product) } : {}),
    ...(str(d.csat) ? { csat: Number(d.csat) } : {}),
    ...(typeof d.time_to_value_days === "number" ? { time_to_value_days: d.time_to_value_days } : {}),
    ...(cancelled ? { cancelled_on: cancelled } : {}),
    ...(str(d.customer) ? { customer: str(d.customer) } : {}),
  };
}
