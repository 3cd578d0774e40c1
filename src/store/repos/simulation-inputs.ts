// What a simulation (admin console, issue #15) reads besides the records: the version of the
// data it would compute on (to cache results and the built engine data per version) and the
// statements already posted for a period (the "before" side, when they are still current).
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export interface DataVersion {
  /**
   * Changes whenever a partner, deal, partner-history row or program version is written, or a
   * run posts statements or ends: equal versions mean a simulation would read the same inputs.
   */
  version: string;
  /** The part of `version` the engine's data is built from (partners, deals, partner history). */
  recordsVersion: string;
  /** The last write to the records the engine computes on, or program versions; null when empty. */
  changedAt: string | null;
  /**
   * The last run that computed and posted every period up to its own (ended ok or partial; a
   * failed run may have stopped before posting): its start, or null when there is none.
   */
  lastComputedAt: string | null;
}

export interface PostedPartner {
  partnerId: string;
  payable: string;
  tier: string | null;
  programVersion: number;
}

export interface PostedPeriod {
  currency: string;
  /** The last statement posted for each partner in the period. */
  partners: PostedPartner[];
  /** Σ line amounts per component over those statements, forfeited lines left out. */
  components: Array<{ component: string; total: string }>;
}

export interface SimulationInputsRepo {
  dataVersion(): Promise<DataVersion>;
  /** How many deals the store holds, deleted ones included (what building the data reads). */
  dealCount(): Promise<number>;
  /** The statements posted for `period` (last per partner), or null when none was posted. */
  postedPeriod(period: string): Promise<PostedPeriod | null>;
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : isoTimestamp(v));

export function simulationInputsRepo(db: SqlExecutor): SimulationInputsRepo {
  return {
    async dataVersion() {
      // Each max() is the end of an index (migration 012 for the updated_at ones).
      const r = await db.query<Record<string, unknown>>(
        `SELECT (SELECT max(updated_at) FROM partners) AS partners,
                (SELECT max(updated_at) FROM deals) AS deals,
                (SELECT max(id)::text FROM partner_history) AS history_id,
                (SELECT max(recorded_at) FROM partner_history) AS history_at,
                (SELECT max(id)::text FROM program_versions) AS program_id,
                (SELECT max(created_at) FROM program_versions) AS program_at,
                (SELECT max(id)::text FROM ledger_statements) AS statement_id,
                (SELECT max(id)::text FROM runs WHERE outcome IN ('ok', 'partial')) AS run_id,
                (SELECT started_at FROM runs WHERE outcome IN ('ok', 'partial') ORDER BY id DESC LIMIT 1)
                  AS run_started`,
      );
      const row = r.rows[0] ?? {};
      const changes = [row.partners, row.deals, row.history_at, row.program_at]
        .map(iso)
        .filter((v): v is string => v !== null)
        .sort();
      const parts = [
        iso(row.partners),
        iso(row.deals),
        row.history_id,
        row.program_id,
        row.statement_id,
        row.run_id,
      ].map((v) => (v === null || v === undefined ? "-" : String(v)));
      return {
        version: parts.join("|"),
        recordsVersion: parts.slice(0, 3).join("|"),
        changedAt: changes.at(-1) ?? null,
        lastComputedAt: iso(row.run_started),
      };
    },
    async dealCount() {
      const r = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM deals");
      return Number(r.rows[0]?.n ?? 0);
    },
    async postedPeriod(period) {
      const last = `SELECT DISTINCT ON (partner) partner, currency, payable, program_version, document
                      FROM ledger_statements WHERE period = $1 ORDER BY partner, id DESC`;
      const figures = await db.query<Record<string, unknown>>(
        `SELECT partner, currency, payable::text AS payable, program_version, document->>'tier' AS tier
           FROM (${last}) s ORDER BY partner`,
        [period],
      );
      if (figures.rows.length === 0) return null;
      // Summed in SQL (NUMERIC, exact): the documents' lines never travel to the service.
      const components = await db.query<{ component: string; total: string }>(
        `SELECT l->>'component' AS component, sum((l->>'amount')::numeric)::text AS total
           FROM (${last}) s, jsonb_array_elements(s.document->'lines') AS l
          WHERE coalesce((l->>'forfeited')::boolean, false) = false
          GROUP BY 1 ORDER BY 1`,
        [period],
      );
      return {
        currency: String(figures.rows[0]!.currency),
        partners: figures.rows.map((row) => ({
          partnerId: String(row.partner),
          payable: String(row.payable),
          tier: (row.tier as string | null) ?? null,
          programVersion: Number(row.program_version),
        })),
        components: components.rows,
      };
    },
  };
}
