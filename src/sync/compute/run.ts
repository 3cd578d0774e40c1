// Compute and post: the canonical data set from the working set, every period from the
// program's start to the current one, each statement posted to the ledger (delta only, so a
// re-run or a resumed run posts nothing twice). Figures the write-back needs are collected as
// the statements stream past.
import { Dec, minorDigits } from "../../../money/index.ts";
import type { PartnerAnalytics } from "../../analytics/index.ts";
import type { Data, PartnerStatement, Program, Projection } from "../../engine/index.ts";
import { DataBuilder, type Problem, statementIteratorForVersions } from "../../engine/index.ts";
import { periodOf } from "../../period/index.ts";
import type { PartnerHistoryEntry } from "../../store/index.ts";
import { checkpoint } from "../checkpoint.ts";
import { bump, type RunContext } from "../context.ts";
import { eachDealPage } from "../deal-cache.ts";
import type { LifecycleView } from "../lifecycle.ts";
import { type StatusTerms, statusTerms } from "../outbound/status-detail.ts";
import { engineHistory, partnerAttributes } from "../partner-history.ts";
import { str } from "../text-value.ts";
import { addDealLines, type DealFigures } from "./deal-figures.ts";
import { engineDeal } from "./engine-deal.ts";
import type { LoadedProgram } from "./program.ts";
import { computeProjections } from "./projections.ts";
import { ReviewCollector, type ReviewResult } from "./review.ts";

export type { DealFigures };

export interface PartnerFigures {
  /** The current period's statement. */
  current: PartnerStatement | null;
  /** Σ payable over the current year's periods up to the current one. */
  paidYtd: Dec;
  /** The tier of the last statement seen, and the first period of its unbroken run. */
  tier?: string;
  tierSince?: string;
}

export interface ComputeResult {
  period: string;
  currency: string;
  deals: Map<string, DealFigures>;
  partners: Map<string, PartnerFigures>;
  /** Per period: payable total and per component earned (for the summary). */
  totals: { payable: Dec; byComponent: Map<string, Dec> };
  posted: { statements: number; rows: number; adjustments: number };
  /** Payout operations (issue #16): review flags per period, tier nudges; absent when built by hand. */
  review?: ReviewResult;
  /** Lifecycle states, disputes and paid amounts the write-back shows (sync/lifecycle.ts). */
  lifecycle?: LifecycleView;
  /** The engine's data the statements were computed from (program analytics reuse it). */
  data?: Data;
  /** Per-partner program analytics for the write-back (issue #17, sync/compute/analytics.ts). */
  analytics?: Map<string, PartnerAnalytics>;
  /** The program in effect for the current period (its ladders: tier progress, what is missing). */
  program?: Program;
  /** Its holdback and clawback terms, for the deals' status texts. */
  terms?: StatusTerms;
  /** The run's date (ISO), against which clawback windows are open or closed. */
  today?: string;
  /** `${partner}\u0000${period}` → held_back, for partner-periods that held something back. */
  heldBack?: Map<string, string>;
  /** `${partner}\u0000${period}` of partner-periods not eligible (their lines forfeited). */
  ineligible?: Set<string>;
  /** Open deals: what each would earn if it closed this period (compute/projections.ts), by deal id. */
  projections?: Map<string, Projection>;
}

/**
 * The engine's data set, read from the store page by page and validated deal by deal. A deal the
 * engine could not evaluate (incomplete, no fx rate, or invalid) is left out, counted and logged
 * with its id: one bad record never stops the computation.
 */
export async function buildData(
  ctx: Pick<RunContext, "ws" | "store" | "counts"> & { log?: RunContext["log"]; now?: Date },
  program: Program,
  fx: Data["fx"] | undefined,
): Promise<Data> {
  const builder = new DataBuilder();
  const partnerIds = new Set<string>();
  const partners = [...ctx.ws.partners.values()]
    .filter((e) => !e.deleted)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  // Each partner's attributes over time (program format §6), in date order.
  const stored = new Map<string, PartnerHistoryEntry[]>();
  for (const h of await ctx.store.partnerHistory.list()) {
    const list = stored.get(h.partnerId);
    if (list) list.push(h);
    else stored.set(h.partnerId, [h]);
  }
  const today = (ctx.now ?? new Date()).toISOString().slice(0, 10);
  for (const e of partners) {
    const d = e.data;
    const current = partnerAttributes(d);
    const history = engineHistory(stored.get(e.id) ?? [], current, today);
    const problems = builder.addPartner({
      id: e.id,
      name: str(d.name) ?? e.id,
      ...current,
      ...(str(d.initial_tier) ? { initial_tier: str(d.initial_tier) } : {}),
      ...(history.length > 0 ? { history } : {}),
    });
    if (problems.length > 0) {
      skipInvalid(ctx, "partner", e.id, problems);
      continue;
    }
    partnerIds.add(e.id);
  }
  // Order does not matter to the engine (its output is independent of input order).
  for await (const page of eachDealPage(ctx, { withRaw: false })) {
    for (const e of page) {
      const deal = engineDeal(ctx, e, program, partnerIds, fx);
      if (!deal) continue;
      const problems = builder.addDeal(deal);
      if (problems.length > 0) skipInvalid(ctx, "deal", deal.id, problems);
    }
  }
  const built = builder.finish(fx ? { fx } : {});
  if (!built.ok) {
    throw new Error(
      `canonical data invalid: ${built.problems
        .slice(0, 5)
        .map((p) => `${p.path}: ${p.message}`)
        .join("; ")}`,
    );
  }
  return built.value;
}

function skipInvalid(
  ctx: Pick<RunContext, "counts"> & { log?: RunContext["log"] },
  entity: "partner" | "deal",
  id: string,
  problems: Problem[],
): void {
  bump(ctx.counts, `skipped.${entity}_invalid`);
  ctx.log?.warn(
    { [entity]: id, problems: problems.map((p) => `${p.path}: ${p.message}`) },
    `${entity} left out of the computation`,
  );
}

export async function computeAndPost(
  ctx: RunContext,
  loaded: LoadedProgram,
  fx: Data["fx"] | undefined,
): Promise<ComputeResult> {
  const { program } = loaded;
  // Deals are kept from the walk's first period on, whichever version is in effect today.
  const data = await buildData(ctx, loaded.base, fx);
  const today = ctx.now.toISOString().slice(0, 10);
  const start = String(loaded.base.starts);
  const period = periodOf(program.period, today < start ? start : today);
  // Each period is computed with the program version in effect at its start.
  // With the metric values: the Account shows them, and the posted statement keeps them.
  const it = statementIteratorForVersions(loaded.versions, data, period, { metrics: true });
  if (!it.ok) throw new Error(`compute: ${it.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  const review = new ReviewCollector(loaded, data, period, (m) => ctx.log.warn(m));
  const result: ComputeResult = {
    period,
    currency: program.currency,
    deals: new Map(),
    partners: new Map(),
    totals: { payable: new Dec(0), byComponent: new Map() },
    posted: { statements: 0, rows: 0, adjustments: 0 },
    data,
    program,
    terms: statusTerms(program),
    today,
    heldBack: new Map(),
    ineligible: new Set(),
  };
  const digits = minorDigits(program.currency);
  const year = period.slice(0, 4);
  for (const statement of it.value) {
    const isCurrent = statement.period === period;
    for (const p of statement.partners) {
      const figures = result.partners.get(p.partner_id) ?? { current: null, paidYtd: new Dec(0) };
      if (statement.period.startsWith(year)) figures.paidYtd = figures.paidYtd.plus(p.payable);
      // Only the figures are needed later; the lines stay with the posted statement.
      if (isCurrent) figures.current = { ...p, lines: [] };
      if (figures.tier !== p.tier) {
        figures.tier = p.tier;
        figures.tierSince = statement.period;
      }
      if (/[1-9]/.test(p.held_back))
        result.heldBack!.set(`${p.partner_id}\u0000${statement.period}`, p.held_back);
      if (!p.eligible) result.ineligible!.add(`${p.partner_id}\u0000${statement.period}`);
      result.partners.set(p.partner_id, figures);
      addDealLines(result.deals, statement.period, p, digits);
      if (isCurrent) {
        result.totals.payable = result.totals.payable.plus(p.payable);
        for (const line of p.lines) {
          if (line.forfeited || line.kind === "accrual") continue;
          const prev = result.totals.byComponent.get(line.component) ?? new Dec(0);
          result.totals.byComponent.set(line.component, prev.plus(line.amount));
        }
      }
    }
    review.period(statement);
    if (ctx.dryRun) continue;
    const posted = await ctx.store.ledger.postStatement(statement, {
      programVersionId: statement.program_version ?? loaded.versionId,
      ...(ctx.runId !== null ? { runId: ctx.runId } : {}),
      cause: `${ctx.kind} run ${ctx.runId ?? ""}`.trim(),
    });
    if (!posted.ok) {
      ctx.log.warn({ period: statement.period, code: posted.error.code }, posted.error.message);
      bump(ctx.counts, "post.failed");
      continue;
    }
    result.posted.statements++;
    result.posted.rows += posted.value.rowsWritten;
    result.posted.adjustments += posted.value.adjustments;
    review.posted(statement.period, posted.value.rowsWritten);
    checkpoint("post.period");
  }
  result.review = review.result;
  // Open deals (issues #13, #14): recomputed on every run, so a changed amount, stage or partner
  // (or a deal won before it) shows at the next sync, and nightly with the reconcile.
  result.projections = await computeProjections(ctx, loaded, data, period, fx);
  bump(ctx.counts, "ledger.rows", result.posted.rows);
  bump(ctx.counts, "ledger.adjustments", result.posted.adjustments);
  return result;
}
