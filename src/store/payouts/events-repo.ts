// Payout lifecycle events (append-only) and the ledger figures the lifecycle reads: what is due
// per partner-period (every ledger row that counts for the period, corrections included) and
// what was paid per partner in a year. Transitions run inside `store.inPeriod`, which holds the
// same lock as posting to and closing the period, so a transition, a posting and a close never
// interleave.
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export const PAYOUT_STATES = ["computed", "held", "approved", "exported", "paid"] as const;
export type PayoutState = (typeof PAYOUT_STATES)[number];
export const PAYOUT_ACTIONS = [
  "flag",
  "hold",
  "release",
  "approve",
  "reopen",
  "export",
  "pay",
  "dispute",
  "resolve",
  "correct",
] as const;
export type PayoutAction = (typeof PAYOUT_ACTIONS)[number];

export interface PayoutEvent {
  id: string;
  period: string;
  partner: string;
  action: PayoutAction;
  /** The lifecycle state after the event. */
  state: PayoutState;
  /** Decimal string: approve/export/pay/correct amounts; null otherwise. */
  amount: string | null;
  currency: string | null;
  actor: string;
  reason: string;
  /** flag: the rule; pay: the payment reference; correct: the ledger row id. */
  reference: string | null;
  batch: number | null;
  dispute: number | null;
  paidOn: string | null;
  createdAt: string;
}

export type PayoutEventInput = Omit<PayoutEvent, "id" | "createdAt" | "paidOn"> & { paidOn?: string | null };

export interface PayoutEventsRepo {
  /** Events oldest first, of one period (and optionally some partners), or one partner's. */
  list(filter: { period?: string; partner?: string; partners?: readonly string[] }): Promise<PayoutEvent[]>;
  append(events: readonly PayoutEventInput[]): Promise<void>;
  /**
   * Per partner: the sum of the ledger rows that count for `period` (posted in it, or adjusting
   * it later — corrections included): what the partner-period is due in all.
   */
  due(
    period: string,
    partners?: readonly string[],
  ): Promise<Map<string, { total: string; currency: string }>>;
  /**
   * Per partner, the figures a payment file shows for `period`: holdback kept and released (rows
   * posted as such), Σ adjustment rows counting for it (closed-period changes and corrections),
   * and how many ledger rows count for it.
   */
  figures(
    period: string,
    partners: readonly string[],
  ): Promise<Map<string, { held: string; released: string; adjustments: string; lines: number }>>;
  /** The state each partner-period's last event left it in (partner-periods without events are computed). */
  lastStates(): Promise<Array<{ period: string; partner: string; state: PayoutState }>>;
  /** Periods with ledger rows or payout events (unordered). */
  periods(): Promise<string[]>;
  /** Per partner: Σ amounts marked paid with a payment date in `year`. */
  /** Σ paid per partner with a payment date in `year`; only `partner`'s when given (one partner's card). */
  paidInYear(year: string, opts?: { partner?: string }): Promise<Map<string, string>>;
}

const COLUMNS = `id::text, period, partner, action, state, amount::text, currency, actor, reason, reference,
  batch, dispute, paid_on::text, created_at`;

function toEvent(r: Record<string, unknown>): PayoutEvent {
  return {
    id: String(r.id),
    period: String(r.period),
    partner: String(r.partner),
    action: r.action as PayoutAction,
    state: r.state as PayoutState,
    amount: (r.amount as string | null) ?? null,
    currency: (r.currency as string | null) ?? null,
    actor: String(r.actor),
    reason: String(r.reason),
    reference: (r.reference as string | null) ?? null,
    batch: r.batch === null || r.batch === undefined ? null : Number(r.batch),
    dispute: r.dispute === null || r.dispute === undefined ? null : Number(r.dispute),
    paidOn: (r.paid_on as string | null) ?? null,
    createdAt: isoTimestamp(r.created_at),
  };
}

export function payoutEventsRepo(db: SqlExecutor): PayoutEventsRepo {
  return {
    async list(filter) {
      const r = await db.query(
        `SELECT ${COLUMNS} FROM payout_events
          WHERE ($1::text IS NULL OR period = $1) AND ($2::text IS NULL OR partner = $2)
            AND ($3::text[] IS NULL OR partner IN (SELECT unnest($3::text[])))
          ORDER BY payout_events.id`,
        [filter.period ?? null, filter.partner ?? null, filter.partners ? [...filter.partners] : null],
      );
      return r.rows.map(toEvent);
    },
    async append(events) {
      if (events.length === 0) return;
      // Amounts travel as JSON strings straight into NUMERIC, never through a float.
      const json = JSON.stringify(
        events.map((e) => ({
          period: e.period,
          partner: e.partner,
          action: e.action,
          state: e.state,
          amount: e.amount,
          currency: e.currency,
          actor: e.actor,
          reason: e.reason,
          reference: e.reference,
          batch: e.batch,
          dispute: e.dispute,
          paid_on: e.paidOn ?? null,
        })),
      );
      await db.query(
        `INSERT INTO payout_events (period, partner, action, state, amount, currency, actor, reason, reference,
                                    batch, dispute, paid_on)
         SELECT u.period, u.partner, u.action, u.state, u.amount, u.currency, u.actor, u.reason, u.reference,
                u.batch, u.dispute, u.paid_on
           FROM json_to_recordset($1::json)
                AS u(period text, partner text, action text, state text, amount numeric, currency text,
                     actor text, reason text, reference text, batch integer, dispute integer, paid_on date)`,
        [json],
      );
    },
    async due(period, partners) {
      const r = await db.query<{ partner: string; total: string; currency: string }>(
        `SELECT partner, sum(amount)::text AS total, min(currency) AS currency FROM ledger_entries
          WHERE coalesce(adjusts_period, period) = $1
            AND ($2::text[] IS NULL OR partner IN (SELECT unnest($2::text[])))
          GROUP BY partner`,
        [period, partners ? [...partners] : null],
      );
      return new Map(r.rows.map((row) => [row.partner, { total: row.total, currency: row.currency }]));
    },
    async figures(period, partners) {
      const r = await db.query<{
        partner: string;
        held: string;
        released: string;
        adjustments: string;
        lines: string;
      }>(
        `SELECT partner,
                (-coalesce(sum(amount) FILTER (WHERE kind = 'holdback'), 0))::text AS held,
                coalesce(sum(amount) FILTER (WHERE kind = 'release'), 0)::text AS released,
                coalesce(sum(amount) FILTER (WHERE kind = 'adjustment'), 0)::text AS adjustments,
                count(*)::text AS lines
           FROM ledger_entries
          WHERE coalesce(adjusts_period, period) = $1 AND partner IN (SELECT unnest($2::text[]))
          GROUP BY partner`,
        [period, [...partners]],
      );
      return new Map(
        r.rows.map((row) => [
          row.partner,
          { held: row.held, released: row.released, adjustments: row.adjustments, lines: Number(row.lines) },
        ]),
      );
    },
    async lastStates() {
      const r = await db.query<{ period: string; partner: string; state: PayoutState }>(
        `SELECT DISTINCT ON (period, partner) period, partner, state FROM payout_events
          ORDER BY period, partner, id DESC`,
      );
      return r.rows;
    },
    async periods() {
      const r = await db.query<{ period: string }>(
        `SELECT DISTINCT coalesce(adjusts_period, period) AS period FROM ledger_entries
          UNION SELECT DISTINCT period FROM payout_events`,
      );
      return r.rows.map((row) => row.period);
    },
    async paidInYear(year, opts) {
      const partner = opts?.partner ?? null;
      const r = await db.query<{ partner: string; total: string }>(
        `SELECT partner, sum(amount)::text AS total FROM payout_events
          WHERE action = 'pay' AND paid_on >= $1::date AND paid_on < ($1::date + interval '1 year')
            AND ($2::text IS NULL OR partner = $2::text)
          GROUP BY partner`,
        [`${year}-01-01`, partner],
      );
      return new Map(r.rows.map((row) => [row.partner, row.total]));
    },
  };
}
