// Parts of a posted statement, read without the whole document at once: its figures (lines left
// in the database), its lines by the statement row's id, and the periods a partner has
// statements for. A statement of a partner with 2,000 deals carries thousands of explained
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
  /** The last statement posted for the partner-period without its lines, or null. */
  statementHead(partner: string, period: string): Promise<StatementHead | null>;
  /** The lines of the statement row `id` (the engine's §4 line objects, in statement order). */
  statementLines(id: string): Promise<Array<Record<string, unknown>>>;
  /** Periods the partner has a posted statement for, oldest first. */
  statementPeriods(partner: string): Promise<string[]>;
}

export function statementParts(db: SqlExecutor): StatementParts {
  return {
    async statementHead(partner, period) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT id::text, program, period, currency, (document - 'lines')::text AS head, run_id,
                program_version, posted_at
           FROM ledger_statements WHERE partner = $1 AND period = $2 ORDER BY id DESC LIMIT 1`,
        [partner, period],
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
    async statementPeriods(partner) {
      const r = await db.query<{ period: string }>(
        "SELECT DISTINCT period FROM ledger_statements WHERE partner = $1 AND document IS NOT NULL",
        [partner],
      );
      return r.rows.map((row) => row.period).sort(comparePeriods);
    },
  };
}
