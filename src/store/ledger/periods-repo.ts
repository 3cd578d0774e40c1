// Closing a period freezes it: later changes to it post as adjustments in an open period.

import { comparePeriods, isPeriod, nextPeriod } from "../../period/index.ts";
import type { Result, StoreFailure } from "../result.ts";
import { err, ok } from "../result.ts";
import type { Queryable, SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export interface PeriodStatus {
  period: string;
  status: "open" | "closed";
  closedAt: string | null;
  closedBy: string | null;
  /** Ledger rows that count for this period (adjustments count for the period they correct). */
  entries: number;
}

export interface PeriodsRepo {
  /**
   * Closes a period; closing an already closed period changes nothing. Refused (`period_blocked`)
   * while a payout of the period is held for review or an open dispute names it.
   */
  close(
    period: string,
    closedBy: string,
  ): Promise<
    Result<{ period: string; alreadyClosed: boolean }, StoreFailure<"invalid_period" | "period_blocked">>
  >;
  isClosed(period: string): Promise<boolean>;
  /** Every period that is closed or has ledger rows, oldest first. */
  list(): Promise<PeriodStatus[]>;
  /** The first period after `period` that is not closed. */
  firstOpenAfter(period: string): Promise<string>;
}

/**
 * What keeps a period open (issue #16): payouts whose last lifecycle event left them held, and
 * open disputes. Null when nothing does. Runs under the period's lock, so no hold or dispute
 * lands between the check and the close.
 */
async function blockers(tx: Queryable, period: string): Promise<string | null> {
  const held = await tx.query<{ partner: string }>(
    `SELECT partner FROM (SELECT DISTINCT ON (partner) partner, state FROM payout_events
                           WHERE period = $1 ORDER BY partner, id DESC) last
      WHERE state = 'held' ORDER BY partner`,
    [period],
  );
  const disputes = await tx.query<{ id: number; partner: string }>(
    "SELECT id, partner FROM payout_disputes WHERE period = $1 AND status = 'open' ORDER BY id",
    [period],
  );
  const parts: string[] = [];
  const list = (xs: string[]) =>
    xs.length <= 5 ? xs.join(", ") : `${xs.slice(0, 5).join(", ")} and ${xs.length - 5} more`;
  if (held.rows.length > 0)
    parts.push(`${held.rows.length} payout(s) held for review (${list(held.rows.map((r) => r.partner))})`);
  if (disputes.rows.length > 0)
    parts.push(
      `${disputes.rows.length} open dispute(s) (${list(disputes.rows.map((r) => `#${r.id} ${r.partner}`))})`,
    );
  return parts.length > 0
    ? `${parts.join(" and ")}; approve or release them and resolve the disputes first`
    : null;
}

export function ledgerLockKey(period: string): string {
  return `ledger:${period}`;
}

export function periodsRepo(db: SqlExecutor): PeriodsRepo {
  const closedSet = async (): Promise<Set<string>> => {
    const r = await db.query<{ period: string }>("SELECT period FROM closed_periods");
    return new Set(r.rows.map((row) => row.period));
  };
  return {
    async close(period, closedBy) {
      if (!isPeriod(period)) {
        return err({
          code: "invalid_period",
          message: `not a period: '${period}' (use 2026-Q1, 2026-01 or 2026)`,
        });
      }
      // Same lock as posting to this period: a posting in flight finishes before the close lands.
      return db.transaction(async (tx) => {
        await db.lockInTransaction(tx, ledgerLockKey(period));
        const blocked = await blockers(tx, period);
        if (blocked)
          return err({ code: "period_blocked" as const, message: `${period} cannot be closed: ${blocked}` });
        const r = await tx.query(
          "INSERT INTO closed_periods (period, closed_by) VALUES ($1, $2) ON CONFLICT (period) DO NOTHING",
          [period, closedBy],
        );
        return ok({ period, alreadyClosed: r.rowCount === 0 });
      });
    },
    async isClosed(period) {
      const r = await db.query("SELECT 1 FROM closed_periods WHERE period = $1", [period]);
      return r.rows.length > 0;
    },
    async list() {
      const r = await db.query<{
        period: string;
        closed_at: unknown;
        closed_by: string | null;
        entries: string;
      }>(
        `SELECT p.period, c.closed_at, c.closed_by, coalesce(e.n, 0)::text AS entries
           FROM (SELECT period FROM closed_periods
                 UNION SELECT DISTINCT coalesce(adjusts_period, period) FROM ledger_entries
                 UNION SELECT DISTINCT period FROM ledger_entries) p
           LEFT JOIN closed_periods c ON c.period = p.period
           LEFT JOIN (SELECT coalesce(adjusts_period, period) AS period, count(*) AS n
                        FROM ledger_entries GROUP BY 1) e ON e.period = p.period`,
      );
      return r.rows
        .map((row) => ({
          period: row.period,
          status: row.closed_at ? ("closed" as const) : ("open" as const),
          closedAt: row.closed_at ? isoTimestamp(row.closed_at) : null,
          closedBy: row.closed_by ?? null,
          entries: Number(row.entries),
        }))
        .sort((a, b) => comparePeriods(a.period, b.period));
    },
    async firstOpenAfter(period) {
      const closed = await closedSet();
      let candidate = nextPeriod(period);
      while (closed.has(candidate)) candidate = nextPeriod(candidate);
      return candidate;
    },
  };
}
