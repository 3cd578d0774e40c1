// Parts of a posted statement, read without the whole document at once: the row ids of a
// partner's statements per period, a row's figures (lines left in the database) and its lines. A statement of a partner with 2,000 deals carries thousands of explained
// lines (~1 MB); statement rows are only ever inserted, so a reader may keep a statement's lines
// by its id (the HubSpot cards do, issue #14).
import { comparePeriods } from "../../period/index.ts";
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";
import type { PostedStatement } from "./ledger-repo.ts";

/** The last posted statement of a partner-period, `partner.lines` left out, and its row id. */
export interface StatementHead extends PostedStatement {
  /** The statement row: a later posting of the partner-period is a new row with a larger id. */
  id: string;
}

export interface StatementParts {
  /** The statement row `id` without its lines, or null. */
  statementHead(id: string): Promise<StatementHead | null>;
  /** The lines of the statement row `id` (the engine's §4 line objects, in statement order). */
  statementLines(id: string): Promise<Array<Record<string, unknown>>>;
  /** Each period the partner has a posted statement for, oldest first, with its last row's id. */
  statementIds(partner: string): Promise<Array<{ period: string; id: string }>>;
}

export function statementParts(db: SqlExecutor): StatementParts {
  return {
    async statementHead(id) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT id::text, program, period, currency, (document - 'lines')::text AS head, run_id,
                program_version, posted_at
           FROM ledger_statements WHERE id = $1`,
        [id],
      );
      const row = r.rows[0];
      if (!row || row.head === null || row.head === undefined) return null;
      return {
        id: String(row.id),
        program: (row.program as string | null) ?? null,
        period: String(row.period),
        currency: String(row.currency),
        partner: JSON.parse(String(row.head)) as Record<string, unknown>,
        runId: Number(row.run_id),
        programVersion: Number(row.program_version),
        postedAt: isoTimestamp(row.posted_at),
      };
    },
    async statementLines(id) {
      // As text, parsed here: V8's JSON.parse is much faster than the driver's JSONB decoding.
      const r = await db.query<{ lines: string | null }>(
        "SELECT (document->'lines')::text AS lines FROM ledger_statements WHERE id = $1",
        [id],
      );
      const text = r.rows[0]?.lines;
      return text ? (JSON.parse(text) as Array<Record<string, unknown>>) : [];
    },
    async statementIds(partner) {
      const r = await db.query<{ period: string; id: string }>(
        `SELECT DISTINCT ON (period) period, id::text FROM ledger_statements
          WHERE partner = $1 AND document IS NOT NULL ORDER BY period, id DESC`,
        [partner],
      );
      return r.rows.sort((a, b) => comparePeriods(a.period, b.period));
    },
  };
}
