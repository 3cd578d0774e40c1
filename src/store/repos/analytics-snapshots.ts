// Program analytics of closed periods, kept as first computed (migration 014, issue #17).
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export interface AnalyticsSnapshot {
  program: string;
  period: string;
  document: Record<string, unknown>;
  createdAt: string;
}

export interface AnalyticsSnapshotsRepo {
  get(program: string, period: string): Promise<AnalyticsSnapshot | null>;
  /** Keeps `document` unless a snapshot exists already; returns the one kept (the first wins). */
  keep(program: string, period: string, document: Record<string, unknown>): Promise<AnalyticsSnapshot>;
}

export function analyticsSnapshotsRepo(db: SqlExecutor): AnalyticsSnapshotsRepo {
  const get = async (program: string, period: string) => {
    const r = await db.query<Record<string, unknown>>(
      "SELECT program, period, document, created_at FROM analytics_snapshots WHERE program = $1 AND period = $2",
      [program, period],
    );
    const row = r.rows[0];
    if (!row) return null;
    return {
      program: String(row.program),
      period: String(row.period),
      document: row.document as Record<string, unknown>,
      createdAt: isoTimestamp(row.created_at),
    };
  };
  return {
    get,
    async keep(program, period, document) {
      await db.query(
        `INSERT INTO analytics_snapshots (program, period, document) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (program, period) DO NOTHING`,
        [program, period, JSON.stringify(document)],
      );
      return (await get(program, period))!;
    },
  };
}
