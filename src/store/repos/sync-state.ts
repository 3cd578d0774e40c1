// Where each incremental read resumes, and what was last written to each CRM field (so an
// unchanged value is never written twice).
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export type Cursor = Readonly<Record<string, unknown>>;

export interface SyncCursorsRepo {
  get(crm: string, object: string): Promise<Cursor | null>;
  /** Saved after each applied page; call it inside the page's transaction. */
  set(crm: string, object: string, cursor: Cursor): Promise<void>;
  clear(crm: string, object: string): Promise<void>;
}

export interface WritebackEntry {
  crm: string;
  object: string;
  recordId: string;
  field: string;
  /** The value written (string/boolean/null; decimals as strings). */
  value: string | boolean | null;
  hash: string;
  writtenAt: string;
}

export interface WritebackStateRepo {
  get(crm: string, object: string, recordId: string, field: string): Promise<WritebackEntry | null>;
  /** All fields last written on one record. */
  forRecord(crm: string, object: string, recordId: string): Promise<WritebackEntry[]>;
  /** Records successful writes (upsert per record field). */
  record(entries: Omit<WritebackEntry, "writtenAt">[]): Promise<void>;
}

export function syncCursorsRepo(db: SqlExecutor): SyncCursorsRepo {
  return {
    async get(crm, object) {
      const r = await db.query<{ cursor: Cursor }>(
        "SELECT cursor FROM sync_cursors WHERE crm = $1 AND object = $2",
        [crm, object],
      );
      return r.rows[0]?.cursor ?? null;
    },
    async set(crm, object, cursor) {
      await db.query(
        `INSERT INTO sync_cursors (crm, object, cursor, updated_at) VALUES ($1, $2, $3::jsonb, now())
         ON CONFLICT (crm, object) DO UPDATE SET cursor = excluded.cursor, updated_at = now()`,
        [crm, object, JSON.stringify(cursor)],
      );
    },
    async clear(crm, object) {
      await db.query("DELETE FROM sync_cursors WHERE crm = $1 AND object = $2", [crm, object]);
    },
  };
}

export function writebackStateRepo(db: SqlExecutor): WritebackStateRepo {
  const map = (r: Record<string, unknown>): WritebackEntry => ({
    crm: String(r.crm),
    object: String(r.object),
    recordId: String(r.record_id),
    field: String(r.field),
    value: r.value as string | boolean | null,
    hash: String(r.hash),
    writtenAt: isoTimestamp(r.written_at),
  });
  return {
    async get(crm, object, recordId, field) {
      const r = await db.query<Record<string, unknown>>(
        "SELECT * FROM writeback_state WHERE crm = $1 AND object = $2 AND record_id = $3 AND field = $4",
        [crm, object, recordId, field],
      );
      return r.rows[0] ? map(r.rows[0]) : null;
    },
    async forRecord(crm, object, recordId) {
      const r = await db.query<Record<string, unknown>>(
        "SELECT * FROM writeback_state WHERE crm = $1 AND object = $2 AND record_id = $3 ORDER BY field",
        [crm, object, recordId],
      );
      return r.rows.map(map);
    },
    async record(entries) {
      if (entries.length === 0) return;
      await db.query(
        `INSERT INTO writeback_state (crm, object, record_id, field, value, hash, written_at)
         SELECT u.crm, u.object, u.record_id, u.field, u.value, u.hash, now()
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[])
                AS u(crm, object, record_id, field, value, hash)
         ON CONFLICT (crm, object, record_id, field)
           DO UPDATE SET value = excluded.value, hash = excluded.hash, written_at = now()`,
        [
          entries.map((e) => e.crm),
          entries.map((e) => e.object),
          entries.map((e) => e.recordId),
          entries.map((e) => e.field),
          entries.map((e) => JSON.stringify(e.value)),
          entries.map((e) => e.hash),
        ],
      );
    },
  };
}
