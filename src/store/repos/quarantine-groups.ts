// Open quarantined records counted by CRM, class and code (the console's "errors by type").
import type { SqlExecutor } from "../sql.ts";

export interface QuarantineGroup {
  crm: string;
  class: string;
  code: string;
  open: number;
  /** The reason of the most recent record in the group. */
  example: string;
}

/** Open records of one CRM field holding one value no value map knows. */
export interface UnmappedValueGroup {
  crm: string;
  object: string;
  field: string;
  value: string;
  records: number;
  recordIds: string[];
}

export interface QuarantineGroupsRepo {
  open(): Promise<QuarantineGroup[]>;
  /**
   * Open `inbound.unmapped_value` records grouped by CRM field and value. The value is read
   * from the reason, where the inbound mapping writes it as JSON: `…: "Referral" is not in the
   * value map…` (src/sync/mapping/transforms.ts); the first quote of a reason opens the value
   * (CRM and field names carry none).
   */
  unmappedValues(): Promise<UnmappedValueGroup[]>;
}

export function quarantineGroupsRepo(db: SqlExecutor): QuarantineGroupsRepo {
  return {
    async open() {
      const r = await db.query<Record<string, unknown>>(
        `SELECT g.*, (SELECT reason FROM record_errors e
                        WHERE e.status = 'open' AND e.crm = g.crm AND e.class = g.class AND e.code = g.code
                        ORDER BY e.id DESC LIMIT 1) AS example
           FROM (SELECT crm, class, code, count(*)::int AS open FROM record_errors
                  WHERE status = 'open' GROUP BY crm, class, code) g
          ORDER BY g.open DESC, g.crm, g.code`,
      );
      return r.rows.map((row) => ({
        crm: String(row.crm),
        class: String(row.class),
        code: String(row.code),
        open: Number(row.open),
        example: String(row.example ?? ""),
      }));
    },
    async unmappedValues() {
      const r = await db.query<Record<string, unknown>>(
        `SELECT crm, object, field, value, count(*)::int AS records,
                (array_agg(record_id ORDER BY id))[1:20] AS record_ids
           FROM (SELECT id, crm, object, field, record_id,
                        substring(reason from '("[^"].*") is not in the value map') AS value
                   FROM record_errors WHERE status = 'open' AND code = 'inbound.unmapped_value') e
          WHERE value IS NOT NULL
          GROUP BY crm, object, field, value ORDER BY count(*) DESC, crm, object, field, value`,
      );
      return r.rows.map((row) => ({
        crm: String(row.crm),
        object: String(row.object),
        field: String(row.field),
        value: JSON.parse(String(row.value)) as string,
        records: Number(row.records),
        recordIds: (row.record_ids as string[] | null) ?? [],
      }));
    },
  };
}
