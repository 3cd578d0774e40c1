// Every program YAML ever used, identified by its content hash so saving it again is a no-op.
import { createHash } from "node:crypto";
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export interface ProgramVersion {
  id: number;
  name: string;
  yaml: string;
  contentHash: string;
  /** `YYYY-MM-DD`. */
  effectiveFrom: string;
  createdBy: string;
  createdAt: string;
}

export interface ProgramVersionInput {
  name: string;
  yaml: string;
  effectiveFrom: string;
  createdBy: string;
}

export interface ProgramVersionsRepo {
  /** Returns the stored version; `created` is false when the same YAML was saved before. */
  save(input: ProgramVersionInput): Promise<{ version: ProgramVersion; created: boolean }>;
  get(id: number): Promise<ProgramVersion | null>;
  /** The version in force on `date` (`YYYY-MM-DD`): latest effective_from ≤ date, newest first. */
  effectiveOn(name: string, date: string): Promise<ProgramVersion | null>;
  list(): Promise<ProgramVersion[]>;
}

export function contentHash(yaml: string): string {
  return `sha256:${createHash("sha256").update(yaml, "utf8").digest("hex")}`;
}

const COLUMNS =
  "id, name, yaml, content_hash, effective_from::text AS effective_from, created_by, created_at";

function map(r: Record<string, unknown>): ProgramVersion {
  return {
    id: Number(r.id),
    name: String(r.name),
    yaml: String(r.yaml),
    contentHash: String(r.content_hash),
    effectiveFrom: String(r.effective_from),
    createdBy: String(r.created_by),
    createdAt: isoTimestamp(r.created_at),
  };
}

export function programVersionsRepo(db: SqlExecutor): ProgramVersionsRepo {
  const byHash = async (hash: string) => {
    const r = await db.query<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM program_versions WHERE content_hash = $1`,
      [hash],
    );
    return r.rows[0] ? map(r.rows[0]) : null;
  };
  return {
    async save(input) {
      const hash = contentHash(input.yaml);
      const r = await db.query<Record<string, unknown>>(
        `INSERT INTO program_versions (name, yaml, content_hash, effective_from, created_by)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (content_hash) DO NOTHING RETURNING ${COLUMNS}`,
        [input.name, input.yaml, hash, input.effectiveFrom, input.createdBy],
      );
      if (r.rows[0]) return { version: map(r.rows[0]), created: true };
      const existing = await byHash(hash);
      if (!existing) throw new Error(`program version ${hash} vanished`);
      return { version: existing, created: false };
    },
    async get(id) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM program_versions WHERE id = $1`,
        [id],
      );
      return r.rows[0] ? map(r.rows[0]) : null;
    },
    async effectiveOn(name, date) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM program_versions WHERE name = $1 AND effective_from <= $2::date
          ORDER BY effective_from DESC, id DESC LIMIT 1`,
        [name, date],
      );
      return r.rows[0] ? map(r.rows[0]) : null;
    },
    async list() {
      const r = await db.query<Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM program_versions ORDER BY id`,
      );
      return r.rows.map(map);
    },
  };
}
