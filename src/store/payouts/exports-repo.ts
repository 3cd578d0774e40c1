// Numbered export batches for finance: the file as it was handed out, its row count and total,
// kept append-only so a batch can be fetched again and never changes.
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export interface ExportBatch {
  batch: number;
  period: string;
  createdBy: string;
  createdAt: string;
  rows: number;
  /** Decimal string: Σ payable of the file. */
  total: string;
  currency: string;
  csv: string;
}

export interface PayoutExportsRepo {
  /** Reserves the next batch number (the file names it before it is stored). */
  nextBatch(): Promise<number>;
  /** Stores a batch under a number from `nextBatch`. */
  create(input: Omit<ExportBatch, "createdAt">): Promise<ExportBatch>;
  get(batch: number): Promise<ExportBatch | null>;
  /** Newest first, without the files. */
  list(filter?: { period?: string }): Promise<Array<Omit<ExportBatch, "csv">>>;
}

function toBatch(r: Record<string, unknown>): ExportBatch {
  return {
    batch: Number(r.batch),
    period: String(r.period),
    createdBy: String(r.created_by),
    createdAt: isoTimestamp(r.created_at),
    rows: Number(r.rows),
    total: String(r.total),
    currency: String(r.currency),
    csv: typeof r.csv === "string" ? r.csv : "",
  };
}

export function payoutExportsRepo(db: SqlExecutor): PayoutExportsRepo {
  return {
    async nextBatch() {
      const r = await db.query<{ n: string }>(
        "SELECT nextval(pg_get_serial_sequence('payout_exports', 'batch'))::text AS n",
      );
      return Number(r.rows[0]!.n);
    },
    async create(input) {
      const r = await db.query(
        `INSERT INTO payout_exports (batch, period, created_by, rows, total, currency, csv)
         OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5::numeric, $6, $7)
         RETURNING batch, period, created_by, created_at, rows, total::text, currency, csv`,
        [input.batch, input.period, input.createdBy, input.rows, input.total, input.currency, input.csv],
      );
      return toBatch(r.rows[0]!);
    },
    async get(batch) {
      const r = await db.query(
        `SELECT batch, period, created_by, created_at, rows, total::text, currency, csv
           FROM payout_exports WHERE batch = $1`,
        [batch],
      );
      return r.rows[0] ? toBatch(r.rows[0]) : null;
    },
    async list(filter = {}) {
      const r = await db.query(
        `SELECT batch, period, created_by, created_at, rows, total::text, currency
           FROM payout_exports WHERE ($1::text IS NULL OR period = $1) ORDER BY batch DESC`,
        [filter.period ?? null],
      );
      return r.rows.map((row) => {
        const { csv: _csv, ...rest } = toBatch(row);
        return rest;
      });
    },
  };
}
