// Samples of each CRM's daily API usage against its allocation, taken after every run, so the
// console can chart usage over time (the CRMs report only the current figure).
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export interface ApiUsageSample {
  crm: string;
  sampledAt: string;
  used: number;
  limit: number;
  runId: number | null;
}

export interface ApiUsageRepo {
  record(sample: { crm: string; used: number; limit: number; runId?: number | null }): Promise<void>;
  /**
   * Oldest first, since `since` (ISO): one point per CRM and hour (the highest usage seen in it,
   * with the allocation then), so a week is at most 168 points however often runs sample.
   */
  list(filter: { crm?: string; since: string; limit: number }): Promise<ApiUsageSample[]>;
}

export function apiUsageRepo(db: SqlExecutor): ApiUsageRepo {
  return {
    async record(s) {
      await db.query("INSERT INTO api_usage (crm, used, daily_limit, run_id) VALUES ($1, $2, $3, $4)", [
        s.crm,
        s.used,
        s.limit,
        s.runId ?? null,
      ]);
    },
    async list(f) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT crm, max(sampled_at) AS sampled_at, max(used) AS used, max(daily_limit) AS daily_limit,
                max(run_id) AS run_id
           FROM api_usage WHERE ($1::text IS NULL OR crm = $1) AND sampled_at >= $2::timestamptz
          GROUP BY crm, date_trunc('hour', sampled_at)
          ORDER BY crm, 2 DESC LIMIT $3`,
        [f.crm ?? null, f.since, f.limit],
      );
      return r.rows.reverse().map((row) => ({
        crm: String(row.crm),
        sampledAt: isoTimestamp(row.sampled_at),
        used: Number(row.used),
        limit: Number(row.daily_limit),
        runId: row.run_id === null || row.run_id === undefined ? null : Number(row.run_id),
      }));
    },
  };
}
