// Partner attributes over time (program format §6): append-only entries, each a full snapshot of
// the four attributes with the date it took effect. Never updated or deleted: a period already
// paid keeps being judged by the values that were in effect in it.
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export interface PartnerAttributes {
  type: string;
  certifications: number;
  agreement_signed: boolean;
  compliance_ok: boolean;
}

export interface PartnerHistoryInput extends PartnerAttributes {
  partnerId: string;
  /** `YYYY-MM-DD`: the values hold from this day on. */
  effectiveFrom: string;
  /** `baseline` (migration), `first_seen`, or the CRM whose record carried the change. */
  source: string;
  runId?: number | null;
}

export interface PartnerHistoryEntry extends PartnerHistoryInput {
  id: number;
  runId: number | null;
  recordedAt: string;
}

export interface PartnerHistoryRepo {
  append(entries: PartnerHistoryInput[]): Promise<number>;
  /** Entries in date order, then recording order (the later of one date wins); one partner or all. */
  list(partnerId?: string): Promise<PartnerHistoryEntry[]>;
  /** The last entry of each partner (the values the store holds for it now). */
  latest(): Promise<Map<string, PartnerHistoryEntry>>;
}

const COLUMNS =
  "id, partner_id, effective_from::text AS effective_from, type, certifications, agreement_signed, compliance_ok, source, run_id, recorded_at";

function map(r: Record<string, unknown>): PartnerHistoryEntry {
  return {
    id: Number(r.id),
    partnerId: String(r.partner_id),
    effectiveFrom: String(r.effective_from),
    type: String(r.type),
    certifications: Number(r.certifications),
    agreement_signed: r.agreement_signed === true,
    compliance_ok: r.compliance_ok === true,
    source: String(r.source),
    runId: r.run_id === null || r.run_id === undefined ? null : Number(r.run_id),
    recordedAt: isoTimestamp(r.recorded_at),
  };
}

export function partnerHistoryRepo(db: SqlExecutor): PartnerHistoryRepo {
  return {
    async append(entries) {
      if (entries.length === 0) return 0;
      const r = await db.query(
        `INSERT INTO partner_history
           (partner_id, effective_from, type, certifications, agreement_signed, compliance_ok, source, run_id)
         SELECT partner_id, effective_from, type, certifications, agreement_signed, compliance_ok, source, run_id
           FROM unnest($1::text[], $2::date[], $3::text[], $4::int[], $5::boolean[], $6::boolean[],
                       $7::text[], $8::bigint[])
                WITH ORDINALITY AS u(partner_id, effective_from, type, certifications, agreement_signed,
                                     compliance_ok, source, run_id, n)
          ORDER BY n`,
        [
          entries.map((e) => e.partnerId),
          entries.map((e) => e.effectiveFrom),
          entries.map((e) => e.type),
          entries.map((e) => e.certifications),
          entries.map((e) => e.agreement_signed),
          entries.map((e) => e.compliance_ok),
          entries.map((e) => e.source),
          entries.map((e) => e.runId ?? null),
        ],
      );
      return r.rowCount;
    },
    async list(partnerId) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM partner_history ${partnerId === undefined ? "" : "WHERE partner_id = $1"}
          ORDER BY partner_id, effective_from, id`,
        partnerId === undefined ? [] : [partnerId],
      );
      return r.rows.map(map);
    },
    async latest() {
      const r = await db.query<Record<string, unknown>>(
        `SELECT DISTINCT ON (partner_id) ${COLUMNS} FROM partner_history
          ORDER BY partner_id, effective_from DESC, id DESC`,
      );
      return new Map(r.rows.map((row) => [String(row.partner_id), map(row)]));
    },
  };
}
