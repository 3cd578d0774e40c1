// Parts of a posted statement, read without the whole document: its figures (lines left in the
// database), its lines per deal one page at a time (latest close first) or for one deal, and the
// periods a partner has statements for. A statement of a partner with 2,000 deals carries
// thousands of explained lines; a HubSpot card shows a page of them (issue #14).
import { comparePeriods } from "../../period/index.ts";
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";
import type { PostedStatement } from "./ledger-repo.ts";

/** One deal's lines in a statement, in statement order (the engine's §4 line objects). */
export interface DealLines {
  deal: string;
  lines: Array<Record<string, unknown>>;
}

export interface StatementParts {
  /** The last statement posted for the partner-period with `partner.lines` left out, or null. */
  statementHead(partner: string, period: string): Promise<PostedStatement | null>;
  /**
   * The statement's lines grouped by deal: one deal (`deal`), or a page of deals ordered by
   * close date, latest first (then deal id), with how many deals have lines in all.
   */
  statementDealLines(
    partner: string,
    period: string,
    select: { deal: string } | { limit: number; offset: number },
  ): Promise<{ total: number; deals: DealLines[] }>;
  /** Periods the partner has a posted statement for, oldest first. */
  statementPeriods(partner: string): Promise<string[]>;
}

export function statementParts(db: SqlExecutor): StatementParts {
  return {
    async statementHead(partner, period) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT program, period, currency, (document - 'lines')::text AS head, run_id, program_version, posted_at
           FROM ledger_statements WHERE partner = $1 AND period = $2 ORDER BY id DESC LIMIT 1`,
        [partner, period],
      );
      const row = r.rows[0];
      if (!row || row.head === null || row.head === undefined) return null;
      return {
        program: (row.program as string | null) ?? null,
        period: String(row.period),
        currency: String(row.currency),
        partner: JSON.parse(String(row.head)) as Record<string, unknown>,
        runId: Number(row.run_id),
        programVersion: Number(row.program_version),
        postedAt: isoTimestamp(row.posted_at),
      };
    },
    async statementDealLines(partner, period, select) {
      const one = "deal" in select;
      // The lines are grouped in the database; only the page's deals cross to the caller.
      const r = await db.query<{ deal: string; lines: string; total: string }>(
        `WITH s AS (
           SELECT document->'lines' AS lines FROM ledger_statements
            WHERE partner = $1 AND period = $2 ORDER BY id DESC LIMIT 1
         ), l AS (
           SELECT e.value AS line, e.n FROM s, jsonb_array_elements(s.lines) WITH ORDINALITY AS e(value, n)
            WHERE e.value->>'deal_id' ${one ? "= $3" : "IS NOT NULL"}
         ), d AS (
           SELECT line->>'deal_id' AS deal, jsonb_agg(line ORDER BY n) AS lines FROM l GROUP BY 1
         )
         SELECT d.deal, d.lines::text AS lines, count(*) OVER ()::text AS total
           FROM d LEFT JOIN deals x ON x.id = d.deal
          ORDER BY x.close_date DESC NULLS LAST, d.deal
          ${one ? "" : "LIMIT $3 OFFSET $4"}`,
        one ? [partner, period, select.deal] : [partner, period, select.limit, select.offset],
      );
      return {
        total: Number(r.rows[0]?.total ?? 0),
        deals: r.rows.map((row) => ({ deal: row.deal, lines: JSON.parse(row.lines) as DealLines["lines"] })),
      };
    },
    async statementPeriods(partner) {
      const r = await db.query<{ period: string }>(
        "SELECT DISTINCT period FROM ledger_statements WHERE partner = $1 AND document IS NOT NULL",
        [partner],
      );
      return r.rows.map((row) => row.period).sort(comparePeriods);
    },
  };
}
