// Disputes of a partner-period payout (optionally one deal and statement line): opened by a
// person with a reason, resolved once — dismissed, or settled by an adjustment. The database
// refuses any other change (migration 004's trigger).
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp, isoTimestampOrNull } from "../sql.ts";

export type DisputeStatus = "open" | "dismissed" | "adjusted";

export interface Dispute {
  id: number;
  period: string;
  partner: string;
  deal: string | null;
  /** The statement line disputed (a component id), when one is named. */
  line: string | null;
  reason: string;
  openedBy: string;
  openedAt: string;
  status: DisputeStatus;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  /** Decimal string: the adjustment posted when it was resolved with one. */
  adjustment: string | null;
}

export interface DisputeInput {
  period: string;
  partner: string;
  deal?: string | null;
  line?: string | null;
  reason: string;
  openedBy: string;
}

export interface DisputesRepo {
  open(input: DisputeInput): Promise<Dispute>;
  get(id: number): Promise<Dispute | null>;
  /** Oldest first. */
  list(filter?: { status?: DisputeStatus; period?: string; partner?: string }): Promise<Dispute[]>;
  /** Resolves an open dispute; null when it is not open (already resolved, or no such dispute). */
  resolve(
    id: number,
    r: { status: Exclude<DisputeStatus, "open">; by: string; resolution: string; adjustment?: string | null },
  ): Promise<Dispute | null>;
  /** Open disputes per partner (of one period, or all). */
  openCounts(period?: string): Promise<Map<string, number>>;
}

function toDispute(r: Record<string, unknown>): Dispute {
  return {
    id: Number(r.id),
    period: String(r.period),
    partner: String(r.partner),
    deal: (r.deal as string | null) ?? null,
    line: (r.line as string | null) ?? null,
    reason: String(r.reason),
    openedBy: String(r.opened_by),
    openedAt: isoTimestamp(r.opened_at),
    status: r.status as DisputeStatus,
    resolvedBy: (r.resolved_by as string | null) ?? null,
    resolvedAt: isoTimestampOrNull(r.resolved_at),
    resolution: (r.resolution as string | null) ?? null,
    adjustment: (r.adjustment as string | null) ?? null,
  };
}

const COLUMNS = `id, period, partner, deal, line, reason, opened_by, opened_at, status, resolved_by, resolved_at,
  resolution, adjustment::text`;

export function disputesRepo(db: SqlExecutor): DisputesRepo {
  return {
    async open(input) {
      const r = await db.query(
        `INSERT INTO payout_disputes (period, partner, deal, line, reason, opened_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [input.period, input.partner, input.deal ?? null, input.line ?? null, input.reason, input.openedBy],
      );
      return toDispute(r.rows[0]!);
    },
    async get(id) {
      const r = await db.query(`SELECT ${COLUMNS} FROM payout_disputes WHERE id = $1`, [id]);
      return r.rows[0] ? toDispute(r.rows[0]) : null;
    },
    async list(filter = {}) {
      const r = await db.query(
        `SELECT ${COLUMNS} FROM payout_disputes
          WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR period = $2)
            AND ($3::text IS NULL OR partner = $3)
          ORDER BY id`,
        [filter.status ?? null, filter.period ?? null, filter.partner ?? null],
      );
      return r.rows.map(toDispute);
    },
    async resolve(id, res) {
      const r = await db.query(
        `UPDATE payout_disputes
            SET status = $2, resolved_by = $3, resolved_at = now(), resolution = $4, adjustment = $5
          WHERE id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
        [id, res.status, res.by, res.resolution, res.adjustment ?? null],
      );
      return r.rows[0] ? toDispute(r.rows[0]) : null;
    },
    async openCounts(period) {
      const r = await db.query<{ partner: string; n: string }>(
        `SELECT partner, count(*)::text AS n FROM payout_disputes
          WHERE status = 'open' AND ($1::text IS NULL OR period = $1) GROUP BY partner`,
        [period ?? null],
      );
      return new Map(r.rows.map((row) => [row.partner, Number(row.n)]));
    },
  };
}
