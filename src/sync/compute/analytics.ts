// Program analytics in a sync run (issue #17): after posting and the payout lifecycle, each
// partner's analytics for the current period, from the statements just posted and the data they
// were computed from. The write-back then writes what changed (desired.ts, analytics-desired.ts).
// A failure here is logged and leaves the analytics fields unwritten: it never fails the run.
import type { PartnerAnalytics } from "../../analytics/index.ts";
import { computeAnalytics, loadAnalyticsInput } from "../../analytics/index.ts";
import type { Data } from "../../engine/index.ts";
import { bump, type RunContext } from "../context.ts";
import type { ComputeResult } from "./run.ts";

export async function partnerAnalytics(
  ctx: RunContext,
  computed: ComputeResult,
  fx: Data["fx"] | undefined,
  programPath: string | undefined,
): Promise<Map<string, PartnerAnalytics> | undefined> {
  try {
    const input = await loadAnalyticsInput(ctx.store, {
      period: computed.period,
      fx,
      ...(programPath ? { programPath } : {}),
      ...(computed.data ? { data: computed.data } : {}),
    });
    return computeAnalytics(input).partners;
  } catch (error) {
    bump(ctx.counts, "analytics.failed");
    ctx.log.warn(
      { period: computed.period, error: (error as Error).message },
      "program analytics not computed",
    );
    return undefined;
  }
}
