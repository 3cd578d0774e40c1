// Every accepted mapping text per CRM, with who saved it and when (the console's history).
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export interface MappingVersion {
  id: number;
  crm: string;
  yaml: string;
  changedBy: string;
  changedAt: string;
}

export interface MappingVersionsRepo {
  record(version: { crm: string; yaml: string; changedBy: string }): Promise<MappingVersion>;
  /** Newest first; `beforeId` continues after the last version of the previous page. */
  list(filter: { crm?: string; limit: number; beforeId?: number }): Promise<MappingVersion[]>;
  /** The version saved for the CRM just before `id` (what `id` changed), or null. */
  previous(crm: string, id: number): Promise<MappingVersion | null>;
  latest(crm: string): Promise<MappingVersion | null>;
}

function map(r: Record<string, unknown>): MappingVersion {
  return {
    id: Number(r.id),
    crm: String(r.crm),
    yaml: String(r.yaml),
    changedBy: String(r.changed_by),
    changedAt: isoTimestamp(r.changed_at),
  };
}

export function mappingVersionsRepo(db: SqlExecutor): MappingVersionsRepo {
  return {
    async record(v) {
      const r = await db.query<Record<string, unknown>>(
        "INSERT INTO mapping_versions (crm, yaml, changed_by) VALUES ($1, $2, $3) RETURNING *",
        [v.crm, v.yaml, v.changedBy],
      );
      return map(r.rows[0]!);
    },
    async list(f) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT * FROM mapping_versions WHERE ($1::text IS NULL OR crm = $1) AND ($3::int IS NULL OR id < $3)
          ORDER BY id DESC LIMIT $2`,
        [f.crm ?? null, f.limit, f.beforeId ?? null],
      );
      return r.rows.map(map);
    },
    async previous(crm, id) {
      const r = await db.query<Record<string, unknown>>(
        "SELECT * FROM mapping_versions WHERE crm = $1 AND id < $2 ORDER BY id DESC LIMIT 1",
        [crm, id],
      );
      return r.rows[0] ? map(r.rows[0]) : null;
    },
    async latest(crm) {
      const r = await db.query<Record<string, unknown>>(
        "SELECT * FROM mapping_versions WHERE crm = $1 ORDER BY id DESC LIMIT 1",
        [crm],
      );
      return r.rows[0] ? map(r.rows[0]) : null;
    },
  };
}
