// The open-deal projection for the write-back (issues #13, #14): every open deal of a known
// partner, projected into the current period by the engine (engine/projection.ts), each
// partner's baseline walked once. A deal the engine cannot project (no fx rate for its currency
// this period, an invalid amount) gets no projection — its CRM fields are cleared — and is
// logged with its id; it never stops the run.
import {
  type Data,
  DataBuilder,
  type OpenDeal,
  type Projection,
  projectOpenDeals,
} from "../../engine/index.ts";
import { periodEnd } from "../../period/index.ts";
import { bump, type RunContext } from "../context.ts";
import { eachDealPage } from "../deal-cache.ts";
import { engineDeal } from "./engine-deal.ts";
import type { LoadedProgram } from "./program.ts";

export async function computeProjections(
  ctx: Pick<RunContext, "ws" | "store" | "counts" | "log">,
  loaded: LoadedProgram,
  data: Data,
  period: string,
  fx: Data["fx"] | undefined,
): Promise<Map<string, Projection>> {
  const partners = new Set(data.partners.map((p) => p.id));
  const check = new DataBuilder();
  const open: OpenDeal[] = [];
  // The engine's conversion of a stored deal, with the deal closing this period; its own
  // counters are the computation's, not ours (the deal was already counted there).
  const quiet = { counts: {} };
  const close = periodEnd(period);
  for await (const page of eachDealPage(ctx, { withRaw: false })) {
    for (const e of page) {
      if (e.deleted || e.data.stage !== "open") continue;
      const won = engineDeal(
        quiet,
        { ...e, data: { ...e.data, stage: "won", close_date: close } },
        loaded.base,
        partners,
        fx,
      );
      if (!won) {
        // No partner, no amount, or no fx rate for its currency this period.
        bump(ctx.counts, "projection.skipped");
        continue;
      }
      const problems = check.addDeal(won);
      if (problems.length > 0) {
        bump(ctx.counts, "projection.skipped");
        ctx.log.warn(
          { deal: e.id, problems: problems.map((p) => `${p.path}: ${p.message}`) },
          `deal ${e.id}: no projection`,
        );
        continue;
      }
      const { stage: _stage, close_date: _close, cancelled_on: _cancelled, ...deal } = won;
      open.push(deal as OpenDeal);
    }
  }
  const out = new Map<string, Projection>();
  if (open.length === 0) return out;
  const started = performance.now();
  const r = projectOpenDeals({ versions: loaded.versions, data, period, deals: open });
  if (!r.ok) {
    ctx.log.warn({ problems: r.problems }, "open-deal projection not computed");
    bump(ctx.counts, "projection.skipped", open.length);
    return out;
  }
  for (const [id, p] of r.value) {
    if (p.ok) out.set(id, p.value);
    else {
      bump(ctx.counts, "projection.skipped");
      ctx.log.warn(
        { deal: id, problems: p.problems.map((x) => `${x.path}: ${x.message}`) },
        `deal ${id}: no projection`,
      );
    }
  }
  bump(ctx.counts, "projection.deals", out.size);
  ctx.log.info(
    { deals: out.size, ms: Math.round(performance.now() - started) },
    "open-deal projections computed",
  );
  return out;
}
