// The analytics' input read from the store (the one impure part of src/analytics/): the program
// version in effect at the period's start, the canonical partners and deals exactly as a sync
// run builds the engine's data (deal amounts converted into the program currency with the same
// fx rates), every statement posted up to the period, the period's adjustment rows, its held
// payouts and its disputes. For a closed period only what was posted by its close is read.
import { Dec } from "../../money/index.ts";
import type { Data } from "../engine/index.ts";
import { parsePeriodLabel, periodLabel, periodOf, periodStart } from "../period/index.ts";
import type { PartnerHistoryEntry, Store } from "../store/index.ts";
import { DEFAULT_PROGRAM_PATH, loadProgram } from "../sync/compute/program.ts";
import { loadStoredData } from "../sync/compute/stored-data.ts";
import type {
  AnalyticsAdjustment,
  AnalyticsDeal,
  AnalyticsInput,
  AnalyticsPartner,
  AnalyticsStatement,
} from "./input.ts";

export interface LoadOptions {
  period: string;
  fx: Data["fx"] | undefined;
  /** The default program file, used only when the store holds no program version yet. */
  programPath?: string;
  /**
   * The engine's data a sync run already built from the store (the same records, the same fx):
   * reused instead of reading the records again.
   */
  data?: Data;
}

/**
 * The signing date from a partner's attribute history (date order): the first day the agreement
 * is recorded as signed after having been recorded as not signed. A partner already signed when
 * the store first saw it has no known signing date (null).
 */
export function signingDate(
  history: ReadonlyArray<Pick<PartnerHistoryEntry, "effectiveFrom" | "agreement_signed">>,
): string | null {
  let unsignedSeen = false;
  for (const h of history) {
    if (!h.agreement_signed) unsignedSeen = true;
    else if (unsignedSeen) return h.effectiveFrom;
  }
  return null;
}

/**
 * The program version in effect on `date` (YYYY-MM-DD), or the default program file when the
 * store holds none yet — the one lookup the analytics, their report and the API adapter share.
 */
export async function analyticsProgram(store: Store, date: string, programPath?: string) {
  return loadProgram(store, date, programPath ?? DEFAULT_PROGRAM_PATH, true);
}

/** When `period` was closed, or null while it is open. */
export async function closedAtOf(store: Store, period: string): Promise<string | null> {
  const status = (await store.periods.list()).find((p) => p.period === period);
  return status?.status === "closed" ? status.closedAt : null;
}

export async function loadAnalyticsInput(store: Store, options: LoadOptions): Promise<AnalyticsInput> {
  const { period } = options;
  const loaded = await analyticsProgram(store, periodStart(period), options.programPath);
  const program = loaded.program;
  const g = program.period;
  const target = parsePeriodLabel(period);
  if (!target || target.granularity !== g) throw new Error(`period ${period} is not a ${g} of the program`);
  const closedAt = await closedAtOf(store, period);

  const data = options.data ?? (await (await loadStoredData(store)).dataFor(loaded.base, options.fx));
  const history = new Map<string, PartnerHistoryEntry[]>();
  for (const h of await store.partnerHistory.list()) {
    const list = history.get(h.partnerId);
    if (list) list.push(h);
    else history.set(h.partnerId, [h]);
  }
  const partners: AnalyticsPartner[] = data.partners.map((p) => ({
    id: p.id,
    name: p.name,
    signedOn: signingDate(history.get(p.id) ?? []),
  }));

  const deals: AnalyticsDeal[] = [];
  const excludedDeals: AnalyticsInput["excludedDeals"] = [];
  for (const d of data.deals) {
    const converted = inProgramCurrency(d.amount, d.currency, program.currency, d.close_date, g, data.fx);
    if (converted === null) {
      excludedDeals.push({
        id: d.id,
        reason: `no fx rate ${d.currency}→${program.currency} for ${periodOf(g, d.close_date)}`,
      });
      continue;
    }
    const margin =
      d.margin == null
        ? null
        : inProgramCurrency(d.margin, d.currency, program.currency, d.close_date, g, data.fx);
    deals.push({
      id: d.id,
      partner: d.partner_id,
      kind: d.kind,
      stage: d.stage,
      attribution: d.attribution,
      amount: converted,
      margin,
      product: d.product ?? null,
      closeDate: d.close_date,
      cancelledOn: d.cancelled_on ?? null,
      timeToValueDays: d.time_to_value_days ?? null,
    });
  }

  const statements = new Map<string, AnalyticsStatement[]>();
  const first = parsePeriodLabel(periodOf(g, String(loaded.base.starts)))!.index;
  for (let k = first; k <= target.index; k++) {
    const label = periodLabel(k, g);
    const posted = await store.ledger.periodStatements(label, closedAt);
    statements.set(
      label,
      posted.map((s) => toStatement(s.partner)),
    );
  }

  const adjustments: AnalyticsAdjustment[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.ledger.list({ period, limit: 5000, ...(after ? { afterId: after } : {}) });
    for (const e of page.items) {
      if (e.period !== period || e.kind !== "adjustment") continue;
      if (closedAt !== null && e.createdAt > closedAt) continue;
      adjustments.push({
        id: e.id,
        partner: e.partner,
        deal: e.deal,
        amount: e.amount,
        adjustsPeriod: e.adjustsPeriod,
        adjustsKind: e.adjustsKind,
      });
    }
    if (!page.nextAfterId) break;
    after = page.nextAfterId;
  }
  const events = await store.payoutEvents.list({ period });
  const held = events
    .filter((e) => e.state === "held" && (closedAt === null || e.createdAt <= closedAt))
    .map((e) => e.partner);
  const disputes = (await store.disputes.list({ period }))
    .filter((d) => closedAt === null || d.openedAt <= closedAt)
    .map((d) => ({
      id: d.id,
      partner: d.partner,
      period: d.period,
      deal: d.deal,
      status: closedAt !== null && d.resolvedAt !== null && d.resolvedAt > closedAt ? "open" : d.status,
    }));
  return {
    period,
    program,
    partners,
    deals,
    excludedDeals,
    statements,
    adjustments,
    held,
    disputes,
    closed: closedAt !== null,
  };
}

/** An amount in the program currency, exact (the engine converts the same way, prepare.ts). */
function inProgramCurrency(
  amount: string,
  currency: string,
  programCurrency: string,
  closeDate: string,
  g: AnalyticsInput["program"]["period"],
  fx: Data["fx"],
): string | null {
  if (currency === programCurrency) return amount;
  const rate = fx?.[periodOf(g, closeDate)]?.[currency];
  return rate === undefined ? null : new Dec(amount).times(rate).toString();
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** A posted §4 document as the analytics read it (the store wrote it from the engine's output). */
function toStatement(doc: Record<string, unknown>): AnalyticsStatement {
  const lines = Array.isArray(doc.lines) ? (doc.lines as Array<Record<string, unknown>>) : [];
  const claims = Array.isArray(doc.claims) ? (doc.claims as Array<Record<string, unknown>>) : [];
  const funds = doc.funds && typeof doc.funds === "object" ? (doc.funds as Record<string, unknown>) : {};
  return {
    partner_id: String(doc.partner_id),
    tier: str(doc.tier),
    score: str(doc.score),
    earned: str(doc.earned) ?? "0",
    payable: str(doc.payable) ?? "0",
    funds: Object.fromEntries(Object.entries(funds).map(([k, v]) => [k, String(v)])),
    claims: claims.map((c) => ({
      id: String(c.id),
      fund: String(c.fund),
      approved: String(c.approved ?? "0"),
    })),
    lines: lines.map((l) => ({
      component: String(l.component),
      kind: String(l.kind),
      deal_id: str(l.deal_id),
      amount: String(l.amount),
      ...(l.forfeited === true ? { forfeited: true } : {}),
    })),
  };
}
