// Reading the ledger: rows, balances, and the statement figures the rows must add up to.
import { Dec, minorDigits } from "../../../money/index.ts";
import type { Result } from "../result.ts";
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";
import type { AdjustedKind, LedgerKind, PostedKind } from "./mapping.ts";
import type { PostFailure, PostOptions, PostResult } from "./post.ts";
import { postStatement } from "./post.ts";
import type { PostableStatement } from "./statement.ts";
import { type StatementParts, statementParts } from "./statement-parts.ts";

export interface LedgerEntry {
  id: string;
  /** The period the row was posted in. */
  period: string;
  partner: string;
  component: string | null;
  deal: string | null;
  kind: LedgerKind;
  /** Decimal string. */
  amount: string;
  currency: string;
  runId: number;
  programVersion: number;
  /** For adjustments: the closed period corrected, the kind of row corrected, and why. */
  adjustsPeriod: string | null;
  adjustsKind: AdjustedKind | null;
  cause: string | null;
  createdAt: string;
}

export interface StatementFigures {
  currency: string;
  earned: string;
  held_back: string;
  released: string;
  clawed_back: string;
  carry_forward: string;
  payable: string;
  runId: number;
  programVersion: number;
  postedAt: string;
}

export interface LedgerView {
  partner: string;
  period: string;
  /** Rows posted in the period, plus adjustments posted later that correct it. */
  entries: LedgerEntry[];
  /** Sum of the rows posted in the period (what the period's books show). */
  postedBalance: string;
  /** Sum of the rows that count for the period, adjustments included: equals `figures.payable`. */
  periodTotal: string;
  /** Σ people's corrections counting for the period (issue #16); not part of the statement. */
  corrections: string;
  /** What the partner-period is due in all: periodTotal + corrections. */
  due: string;
  /** periodTotal split by kind (adjustments under the kind they correct). */
  byKind: Partial<Record<PostedKind, string>>;
  /** The figures of the last statement posted for this partner-period, or null. */
  figures: StatementFigures | null;
  /** True when periodTotal equals figures.payable (always, unless the ledger was tampered with). */
  balanced: boolean;
}

/** The last statement posted for a partner-period, as the engine produced it. */
export interface PostedStatement {
  program: string | null;
  period: string;
  currency: string;
  /** The partner's §4 statement object (lines with explanations included). */
  partner: Record<string, unknown>;
  runId: number;
  programVersion: number;
  postedAt: string;
}

export interface LedgerPage {
  items: LedgerEntry[];
  /** Pass as `afterId` for the next page; null on the last page. */
  nextAfterId: string | null;
}

/** The sum of every row counting for one key, adjustments under the period and kind they correct. */
export interface LedgerTotal {
  period: string;
  partner: string;
  component: string | null;
  deal: string | null;
  kind: PostedKind;
  /** Decimal string. */
  total: string;
}

export interface LedgerRepo extends StatementParts {
  /** Appends the difference between `statement` and the ledger; idempotent. See post.ts. */
  postStatement(statement: PostableStatement, options: PostOptions): Promise<Result<PostResult, PostFailure>>;
  /** Rows of a partner, optionally for one period (posted in it or correcting it), oldest first. */
  entries(filter: { partner: string; period?: string }): Promise<LedgerEntry[]>;
  view(partner: string, period: string): Promise<LedgerView>;
  /** Pages through rows in id order, optionally of one partner and/or period (posted in or corrected). */
  list(filter: { partner?: string; period?: string; limit: number; afterId?: string }): Promise<LedgerPage>;
  /**
   * Sums per (period, partner, component, deal, kind) — the keys posting compares — so callers
   * need not page through every row. Keys summing to zero are left out.
   */
  totals(filter?: { partner?: string; period?: string }): Promise<LedgerTotal[]>;
  /** The last statement posted for the partner-period, or null. */
  statement(partner: string, period: string): Promise<PostedStatement | null>;
  /**
   * The last statement posted for each partner of `period`, in partner order; with `postedBy`,
   * the last posted at or before that instant (a closed period's statements as they stood at its
   * close: program analytics, issue #17).
   */
  periodStatements(period: string, postedBy?: string | null): Promise<PostedStatement[]>;
  /** Everything ever made payable to the partner (sum of all its rows). */
  balance(partner: string): Promise<string>;
  /** Total number of ledger rows (diagnostics, benchmarks). */
  count(): Promise<number>;
}

interface EntryRow {
  id: string;
  period: string;
  partner: string;
  component: string | null;
  deal: string | null;
  kind: LedgerKind;
  amount: string;
  currency: string;
  run_id: number;
  program_version: number;
  adjusts_period: string | null;
  adjusts_kind: AdjustedKind | null;
  cause: string | null;
  created_at: unknown;
}

function toEntry(r: EntryRow): LedgerEntry {
  return {
    id: r.id,
    period: r.period,
    partner: r.partner,
    component: r.component,
    deal: r.deal,
    kind: r.kind,
    amount: r.amount,
    currency: r.currency,
    runId: Number(r.run_id),
    programVersion: Number(r.program_version),
    adjustsPeriod: r.adjusts_period,
    adjustsKind: r.adjusts_kind,
    cause: r.cause,
    createdAt: isoTimestamp(r.created_at),
  };
}

const ENTRY_COLUMNS = `id::text, period, partner, component, deal, kind, amount::text, currency, run_id,
  program_version, adjusts_period, adjusts_kind, cause, created_at`;

export function ledgerRepo(db: SqlExecutor): LedgerRepo {
  const figures = async (partner: string, period: string): Promise<StatementFigures | null> => {
    const r = await db.query<Record<string, unknown>>(
      `SELECT currency, earned::text, held_back::text, released::text, clawed_back::text,
              carry_forward::text, payable::text, run_id, program_version, posted_at
         FROM ledger_statements WHERE partner = $1 AND period = $2 ORDER BY id DESC LIMIT 1`,
      [partner, period],
    );
    const row = r.rows[0];
    if (!row) return null;
    return {
      currency: String(row.currency),
      earned: String(row.earned),
      held_back: String(row.held_back),
      released: String(row.released),
      clawed_back: String(row.clawed_back),
      carry_forward: String(row.carry_forward),
      payable: String(row.payable),
      runId: Number(row.run_id),
      programVersion: Number(row.program_version),
      postedAt: isoTimestamp(row.posted_at),
    };
  };

  const entries = async (filter: { partner: string; period?: string }): Promise<LedgerEntry[]> => {
    const r =
      filter.period === undefined
        ? await db.query<EntryRow>(
            `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE partner = $1 ORDER BY ledger_entries.id`,
            [filter.partner],
          )
        : await db.query<EntryRow>(
            `SELECT ${ENTRY_COLUMNS} FROM ledger_entries
              WHERE partner = $1 AND (period = $2 OR adjusts_period = $2) ORDER BY ledger_entries.id`,
            [filter.partner, filter.period],
          );
    return r.rows.map(toEntry);
  };

  return {
    ...statementParts(db),
    postStatement: (statement, options) => postStatement(db, statement, options),
    entries,
    async view(partner, period) {
      const rows = await entries({ partner, period });
      let posted = new Dec(0);
      let total = new Dec(0);
      let corrections = new Dec(0);
      const byKind = new Map<PostedKind, Dec>();
      for (const e of rows) {
        if (e.period === period) posted = posted.plus(e.amount);
        if ((e.adjustsPeriod ?? e.period) !== period) continue;
        if (e.adjustsKind === "correction") {
          corrections = corrections.plus(e.amount);
          continue;
        }
        total = total.plus(e.amount);
        const kind = (e.adjustsKind as PostedKind | null) ?? (e.kind as PostedKind);
        byKind.set(kind, (byKind.get(kind) ?? new Dec(0)).plus(e.amount));
      }
      const f = await figures(partner, period);
      const currency = f?.currency ?? rows[0]?.currency;
      const scale = currency === undefined ? 0 : minorDigits(currency);
      return {
        partner,
        period,
        entries: rows,
        postedBalance: posted.toFixed(scale),
        periodTotal: total.toFixed(scale),
        corrections: corrections.toFixed(scale),
        due: total.plus(corrections).toFixed(scale),
        byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, v.toFixed(scale)])),
        figures: f,
        balanced: f === null ? total.isZero() : total.equals(f.payable),
      };
    },
    async list(filter) {
      const limit = Math.max(1, Math.min(filter.limit, 10_000));
      const r = await db.query<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM ledger_entries
          WHERE ($1::text IS NULL OR partner = $1)
            AND ($2::text IS NULL OR period = $2 OR adjusts_period = $2)
            AND id > $3::bigint
          ORDER BY ledger_entries.id LIMIT $4`,
        [filter.partner ?? null, filter.period ?? null, filter.afterId ?? "0", limit + 1],
      );
      const items = r.rows.slice(0, limit).map(toEntry);
      return { items, nextAfterId: r.rows.length > limit ? (items.at(-1)?.id ?? null) : null };
    },
    async totals(filter) {
      const r = await db.query<LedgerTotal>(
        `SELECT coalesce(adjusts_period, period) AS period, partner, component, deal,
                coalesce(adjusts_kind, kind) AS kind, sum(amount)::text AS total
           FROM ledger_entries
          WHERE ($1::text IS NULL OR partner = $1) AND ($2::text IS NULL OR coalesce(adjusts_period, period) = $2)
            AND adjusts_kind IS DISTINCT FROM 'correction'
          GROUP BY 1, 2, 3, 4, 5
         HAVING sum(amount) <> 0
          ORDER BY 2, 1, 5, 3, 4`,
        [filter?.partner ?? null, filter?.period ?? null],
      );
      return r.rows;
    },
    async statement(partner, period) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT program, period, currency, document, run_id, program_version, posted_at
           FROM ledger_statements WHERE partner = $1 AND period = $2 ORDER BY id DESC LIMIT 1`,
        [partner, period],
      );
      const row = r.rows[0];
      if (!row || row.document === null || row.document === undefined) return null;
      return {
        program: (row.program as string | null) ?? null,
        period: String(row.period),
        currency: String(row.currency),
        partner: row.document as Record<string, unknown>,
        runId: Number(row.run_id),
        programVersion: Number(row.program_version),
        postedAt: isoTimestamp(row.posted_at),
      };
    },
    async periodStatements(period, postedBy) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT DISTINCT ON (partner) program, period, currency, document, run_id, program_version, posted_at
           FROM ledger_statements
          WHERE period = $1 AND document IS NOT NULL AND ($2::timestamptz IS NULL OR posted_at <= $2::timestamptz)
          ORDER BY partner, id DESC`,
        [period, postedBy ?? null],
      );
      return r.rows.map((row) => ({
        program: (row.program as string | null) ?? null,
        period: String(row.period),
        currency: String(row.currency),
        partner: row.document as Record<string, unknown>,
        runId: Number(row.run_id),
        programVersion: Number(row.program_version),
        postedAt: isoTimestamp(row.posted_at),
      }));
    },
    async balance(partner) {
      // NUMERIC sums keep the largest scale of their inputs, so "0.00"-style amounts stay that way.
      const r = await db.query<{ total: string }>(
        "SELECT coalesce(sum(amount), 0)::text AS total FROM ledger_entries WHERE partner = $1",
        [partner],
      );
      return r.rows[0]?.total ?? "0";
    },
    async count() {
      const r = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM ledger_entries");
      return Number(r.rows[0]?.n ?? 0);
    },
  };
}
