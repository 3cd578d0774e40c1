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
  /** Every field the CRM blamed (may be more than `field`). */
  fields: string[];
  code: string;
  reason: string;
  class: ErrorClass;
  attempts: number;
  firstSeen: string;
  lastSeen: string;
  status: ErrorStatus;
  /** Why it was dismissed or resolved, when someone said. */
  statusReason: string | null;
  /** An admin asked for it to be retried on the next run. */
  retryRequested: boolean;
  runId: number | null;
}

export interface RecordErrorInput {
  crm: string;
  object: string;
  recordId: string;
  field?: string;
  fields?: string[];
  code?: string;
  reason: string;
  class: ErrorClass;
  runId?: number | null;
}

export interface RecordErrorFilter {
  status?: ErrorStatus;
  crm?: string;
  object?: string;
  /** Only errors an admin asked to retry. */
  retryRequested?: boolean;
  /** Only errors with this code (e.g. `inbound.unmapped_value`). */
  code?: string;
  limit?: number;
  /** Continues after the last id of the previous page. */
  afterId?: number;
}

export interface RecordErrorsRepo {
  /** Opens an error, or bumps `attempts` and `last_seen` of the open one for the same record field. */
  report(input: RecordErrorInput): Promise<RecordError>;
  get(id: number): Promise<RecordError | null>;
  /** Oldest first. */
  list(filter?: RecordErrorFilter): Promise<RecordError[]>;
  /** Flags an open error for the next run; false when there is no such open error. */
  requestRetry(id: number): Promise<boolean>;
  /** Closes an open error; false when there is no such open error. */
  setStatus(id: number, status: Exclude<ErrorStatus, "open">, reason?: string | null): Promise<boolean>;
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
    fields: (r.fields as string[] | null) ?? [],
    code: String(r.code),
    reason: String(r.reason),
    class: r.class as ErrorClass,
    attempts: Number(r.attempts),
    firstSeen: isoTimestamp(r.first_seen),
    lastSeen: isoTimestamp(r.last_seen),
    status: r.status as ErrorStatus,
    statusReason: (r.status_reason as string | null) ?? null,
    retryRequested: r.retry_requested === true,
    runId: r.run_id === null || r.run_id === undefined ? null : Number(r.run_id),
  };
}

export function recordErrorsRepo(db: SqlExecutor): RecordErrorsRepo {
  return {
    async report(input) {
      const fields = input.fields ?? (input.field ? [input.field] : []);
      // A repeat of an open error counts an attempt and clears a pending retry request.
      const r = await db.query<Record<string, unknown>>(
        `INSERT INTO record_errors (crm, object, record_id, field, fields, code, reason, class, run_id)
         VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9)
         ON CONFLICT (crm, object, record_id, field) WHERE status = 'open'
           DO UPDATE SET attempts = record_errors.attempts + 1, last_seen = now(), code = excluded.code,
             reason = excluded.reason, class = excluded.class, fields = excluded.fields,
             run_id = excluded.run_id, retry_requested = false
         RETURNING *`,
        [
          input.crm,
          input.object,
          input.recordId,
          input.field ?? "",
          fields,
          input.code ?? "",
          input.reason,
          input.class,
          input.runId ?? null,
        ],
      );
      return map(r.rows[0]!);
    },
    async get(id) {
      const r = await db.query<Record<string, unknown>>("SELECT * FROM record_errors WHERE id = $1", [id]);
      return r.rows[0] ? map(r.rows[0]) : null;
    },
    async list(filter) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT * FROM record_errors
          WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR crm = $2)
            AND ($3::text IS NULL OR object = $3) AND ($4::boolean IS NULL OR retry_requested = $4)
            AND id > $5 AND ($7::text IS NULL OR code = $7)
          ORDER BY id LIMIT $6`,
        [
          filter?.status ?? null,
          filter?.crm ?? null,
          filter?.object ?? null,
          filter?.retryRequested ?? null,
          filter?.afterId ?? 0,
          filter?.limit ?? 1000,
          filter?.code ?? null,
        ],
      );
      return r.rows.map(map);
    },
    async requestRetry(id) {
      const r = await db.query(
        "UPDATE record_errors SET retry_requested = true WHERE id = $1 AND status = 'open'",
        [id],
      );
      return r.rowCount > 0;
    },
    async setStatus(id, status, reason) {
      const r = await db.query(
        `UPDATE record_errors SET status = $2, status_reason = $3, retry_requested = false
          WHERE id = $1 AND status = 'open'`,
        [id, status, reason ?? null],
      );
      return r.rowCount > 0;
    },
    async resolveRecord(crm, object, recordId) {
      const r = await db.query(
        `UPDATE record_errors SET status = 'resolved', retry_requested = false
          WHERE crm = $1 AND object = $2 AND record_id = $3 AND status = 'open'`,
        [crm, object, recordId],
      );
      return r.rowCount;
    },
  };
}
