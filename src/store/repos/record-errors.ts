// Quarantine: records the sync could not apply or write, with why, until fixed or dismissed.
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export type ErrorClass = "retryable" | "permanent" | "config";
export type ErrorStatus = "open" | "dismissed" | "resolved";

export interface RecordError {
  id: number;
  crm: string;
  object: string;
  recordId: string;
  /** '' when the error is not about one field. */
  field: string;
  code: string;
  reason: string;
  class: ErrorClass;
  attempts: number;
  firstSeen: string;
  lastSeen: string;
  status: ErrorStatus;
  runId: number | null;
}

export interface RecordErrorInput {
  crm: string;
  object: string;
  recordId: string;
  field?: string;
  code?: string;
  reason: string;
  class: ErrorClass;
  runId?: number | null;
}

export interface RecordErrorsRepo {
  /** Opens an error, or bumps `attempts` and `last_seen` of the open one for the same record field. */
  report(input: RecordErrorInput): Promise<RecordError>;
  list(filter?: { status?: ErrorStatus; crm?: string; object?: string }): Promise<RecordError[]>;
  setStatus(id: number, status: Exclude<ErrorStatus, "open">): Promise<boolean>;
  /** Marks every open error of a record resolved (it synced cleanly); returns how many. */
  resolveRecord(crm: string, object: string, recordId: string): Promise<number>;
}

function map(r: Record<string, unknown>): RecordError {
  return {
    id: Number(r.id),
    crm: String(r.crm),
    object: String(r.object),
    recordId: String(r.record_id),
    field: String(r.field),
    code: String(r.code),
    reason: String(r.reason),
    class: r.class as ErrorClass,
    attempts: Number(r.attempts),
    firstSeen: isoTimestamp(r.first_seen),
    lastSeen: isoTimestamp(r.last_seen),
    status: r.status as ErrorStatus,
    runId: r.run_id === null || r.run_id === undefined ? null : Number(r.run_id),
  };
}

export function recordErrorsRepo(db: SqlExecutor): RecordErrorsRepo {
  return {
    async report(input) {
      const r = await db.query<Record<string, unknown>>(
        `INSERT INTO record_errors (crm, object, record_id, field, code, reason, class, run_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (crm, object, record_id, field) WHERE status = 'open'
           DO UPDATE SET attempts = record_errors.attempts + 1, last_seen = now(), code = excluded.code,
             reason = excluded.reason, class = excluded.class, run_id = excluded.run_id
         RETURNING *`,
        [
          input.crm,
          input.object,
          input.recordId,
          input.field ?? "",
          input.code ?? "",
          input.reason,
          input.class,
          input.runId ?? null,
        ],
      );
      return map(r.rows[0]!);
    },
    async list(filter) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT * FROM record_errors
          WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR crm = $2)
            AND ($3::text IS NULL OR object = $3)
          ORDER BY id`,
        [filter?.status ?? null, filter?.crm ?? null, filter?.object ?? null],
      );
      return r.rows.map(map);
    },
    async setStatus(id, status) {
      const r = await db.query("UPDATE record_errors SET status = $2 WHERE id = $1", [id, status]);
      return r.rowCount > 0;
    },
    async resolveRecord(crm, object, recordId) {
      const r = await db.query(
        "UPDATE record_errors SET status = 'resolved' WHERE crm = $1 AND object = $2 AND record_id = $3 AND status = 'open'",
        [crm, object, recordId],
      );
      return r.rowCount;
    },
  };
}
