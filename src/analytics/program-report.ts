// The program's analytics for a period as the API and the CLI show them. An open period is
// computed from the store on every request; a closed period is computed once and kept (migration
// 014) — by the close itself (`keepAtClose`, called by `incentives periods close` and
// POST /api/periods/:period/close), or on the first request for a period closed before that or
// whose keeping failed — so later requests return those numbers even when a deal it counted is
// edited in a CRM afterwards: the same numbers on every run.
import { periodStart } from "../period/index.ts";
import type { Store } from "../store/index.ts";
import { analyticsProgram, closedAtOf, type LoadOptions, loadAnalyticsInput } from "./load.ts";
import { computeAnalytics, type ProgramAnalytics } from "./report.ts";

export interface ProgramReport {
  analytics: ProgramAnalytics;
  /** When a closed period's numbers were kept; null for an open period. */
  keptAt: string | null;
}

export async function programReport(store: Store, options: LoadOptions): Promise<ProgramReport> {
  const closed = (await closedAtOf(store, options.period)) !== null;
  let name: string | null = null;
  if (closed) {
    name = (await analyticsProgram(store, periodStart(options.period), options.programPath)).program.program;
    const kept = await store.analyticsSnapshots.get(name, options.period);
    if (kept) return { analytics: kept.document as unknown as ProgramAnalytics, keptAt: kept.createdAt };
  }
  const analytics = computeAnalytics(await loadAnalyticsInput(store, options)).program;
  if (!closed || name === null) return { analytics, keptAt: null };
  const document = JSON.parse(JSON.stringify(analytics)) as Record<string, unknown>;
  const kept = await store.analyticsSnapshots.keep(name, options.period, document);
  return { analytics: kept.document as unknown as ProgramAnalytics, keptAt: kept.createdAt };
}

/**
 * Keeps a just-closed period's program figures, so they are those of the store at the close
 * rather than at the first later request (a CRM edit in between would otherwise change them).
 * Already kept: returns the kept ones. A failure here must not undo the close: callers report it
 * and the first request computes and keeps them instead.
 */
export async function keepAtClose(store: Store, options: LoadOptions): Promise<ProgramReport> {
  return programReport(store, options);
}
