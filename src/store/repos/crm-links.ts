// Canonical id ↔ CRM record id, per CRM and object; unique in both directions.
import type { SqlExecutor } from "../sql.ts";

export interface CrmLink {
  canonicalId: string;
  crm: string;
  object: string;
  crmId: string;
}

export type LinkOutcome = "created" | "exists" | "conflict";

export interface CrmLinksRepo {
  /** `conflict` when either side is already linked to something else (nothing is changed). */
  link(link: CrmLink): Promise<LinkOutcome>;
  canonicalFor(crm: string, object: string, crmId: string): Promise<string | null>;
  /** crm id → canonical id for the ids among `crmIds` that are linked. */
  canonicalForMany(crm: string, object: string, crmIds: readonly string[]): Promise<Map<string, string>>;
  /** One page of an object's links in crm-id order (a full read's sweep for vanished records). */
  page(
    crm: string,
    object: string,
    options: { afterCrmId?: string | null; limit: number },
  ): Promise<CrmLink[]>;
  crmIdFor(canonicalId: string, crm: string, object: string): Promise<string | null>;
  /** canonical id → crm id for the ids among `canonicalIds` linked in that CRM and object. */
  crmIdsFor(canonicalIds: readonly string[], crm: string, object: string): Promise<Map<string, string>>;
  linksOf(canonicalId: string): Promise<CrmLink[]>;
  unlink(crm: string, object: string, crmId: string): Promise<boolean>;
}

export function crmLinksRepo(db: SqlExecutor): CrmLinksRepo {
  const map = (r: Record<string, string>): CrmLink => ({
    canonicalId: r.canonical_id!,
    crm: r.crm!,
    object: r.object!,
    crmId: r.crm_id!,
  });
  return {
    async link(l) {
      const r = await db.query(
        `INSERT INTO crm_links (canonical_id, crm, object, crm_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [l.canonicalId, l.crm, l.object, l.crmId],
      );
      if (r.rowCount > 0) return "created";
      const same = await db.query(
        "SELECT 1 FROM crm_links WHERE canonical_id = $1 AND crm = $2 AND object = $3 AND crm_id = $4",
        [l.canonicalId, l.crm, l.object, l.crmId],
      );
      return same.rows.length > 0 ? "exists" : "conflict";
    },
    async canonicalFor(crm, object, crmId) {
      const r = await db.query<{ canonical_id: string }>(
        "SELECT canonical_id FROM crm_links WHERE crm = $1 AND object = $2 AND crm_id = $3",
        [crm, object, crmId],
      );
      return r.rows[0]?.canonical_id ?? null;
    },
    async canonicalForMany(crm, object, crmIds) {
      if (crmIds.length === 0) return new Map();
      const r = await db.query<{ crm_id: string; canonical_id: string }>(
        "SELECT crm_id, canonical_id FROM crm_links WHERE crm = $1 AND object = $2 AND crm_id = ANY($3::text[])",
        [crm, object, [...crmIds]],
      );
      return new Map(r.rows.map((row) => [row.crm_id, row.canonical_id]));
    },
    async page(crm, object, options) {
      const after = options.afterCrmId ?? null;
      const r = await db.query<Record<string, string>>(
        `SELECT * FROM crm_links WHERE crm = $1 AND object = $2 ${after === null ? "" : "AND crm_id > $4"}
         ORDER BY crm_id LIMIT $3`,
        after === null ? [crm, object, options.limit] : [crm, object, options.limit, after],
      );
      return r.rows.map(map);
    },
    async crmIdsFor(canonicalIds, crm, object) {
      if (canonicalIds.length === 0) return new Map();
      const r = await db.query<{ crm_id: string; canonical_id: string }>(
        "SELECT canonical_id, crm_id FROM crm_links WHERE crm = $1 AND object = $2 AND canonical_id = ANY($3::text[])",
        [crm, object, [...canonicalIds]],
      );
      return new Map(r.rows.map((row) => [row.canonical_id, row.crm_id]));
    },
    async crmIdFor(canonicalId, crm, object) {
      const r = await db.query<{ crm_id: string }>(
        "SELECT crm_id FROM crm_links WHERE canonical_id = $1 AND crm = $2 AND object = $3",
        [canonicalId, crm, object],
      );
      return r.rows[0]?.crm_id ?? null;
    },
    async linksOf(canonicalId) {
      const r = await db.query<Record<string, string>>(
        "SELECT * FROM crm_links WHERE canonical_id = $1 ORDER BY crm, object",
        [canonicalId],
      );
      return r.rows.map(map);
    },
    async unlink(crm, object, crmId) {
      const r = await db.query("DELETE FROM crm_links WHERE crm = $1 AND object = $2 AND crm_id = $3", [
        crm,
        object,
        crmId,
      ]);
      return r.rowCount > 0;
    },
  };
}
