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

export interface QuarantineGroupsRepo {
  open(): Promise<QuarantineGroup[]>;
}

export function quarantineGroupsRepo(db: SqlExecutor): QuarantineGroupsRepo {
  return {
    async open() {
      const r = await db.query<Record<string, unknown>>(
        `SELECT crm, class, code, count(*)::int AS open,
                (array_agg(reason ORDER BY id DESC))[1] AS example
           FROM record_errors WHERE status = 'open'
          GROUP BY crm, class, code ORDER BY count(*) DESC, crm, code`,
      );
      return r.rows.map((row) => ({
        crm: String(row.crm),
        class: String(row.class),
        code: String(row.code),
        open: Number(row.open),
        example: String(row.example ?? ""),
      }));
    },
  };
}
