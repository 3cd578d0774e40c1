// Posting a statement: one transaction, locked per period, appending only the differences
// between what the statement says and what the ledger already holds.
import { createHash } from "node:crypto";
import type { Decimal } from "decimal.js";
import { Money } from "../money.ts";
import { comparePeriods } from "../period.ts";
import type { Result, StoreFailure } from "../result.ts";
import { err, ok } from "../result.ts";
import type { SqlExecutor, SqlTransaction } from "../sql.ts";
import { bindToTransaction } from "../sql.ts";
import type { EntryKey, PostedKind } from "./mapping.ts";
import { desiredEntries, keyOf, parseKey, StatementInconsistentError, scaleOf } from "./mapping.ts";
import { ledgerLockKey, periodsRepo } from "./periods-repo.ts";
import type { PartnerStatement, PostableStatement } from "./statement.ts";
import { postableStatementSchema } from "./statement.ts";

export interface PostOptions {
  /** The program version the statement was computed with (`programVersions.save`). */
  programVersionId: number;
  /** The run this posting belongs to; absent: a `post` run is recorded for it. */
  runId?: number;
  /**
   * Where corrections of a closed period go. Absent: the first open period after the corrected one.
   * Must be open and later than the statement's period.
   */
  openPeriod?: string;
  /** Why the statement was recomputed; prefixes each adjustment's cause. */
  cause?: string;
}

export interface PostResult {
  runId: number;
  period: string;
  /** The period the rows were written to: the statement's, or the open one when it is closed. */
  postedTo: string;
  periodClosed: boolean;
  partners: number;
  rowsWritten: number;
  adjustments: number;
  /** Partners whose statement (figures or lines) differs from the last one posted for the period. */
  statementsChanged: number;
}

export type PostFailureCode = "statement_invalid" | "statement_inconsistent" | "period_closed";
export type PostFailure = StoreFailure<PostFailureCode>;

interface NewRow {
  period: string;
  partner: string;
  component: string | null;
  deal: string | null;
  kind: string;
  amount: string;
  adjustsPeriod: string | null;
  adjustsKind: PostedKind | null;
  cause: string | null;
}

const FIGURES = ["earned", "held_back", "released", "clawed_back", "carry_forward", "payable"] as const;
const CHUNK = 5000;

export async function postStatement(
  db: SqlExecutor,
  input: PostableStatement,
  options: PostOptions,
): Promise<Result<PostResult, PostFailure>> {
  const parsed = postableStatementSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return err({
      code: "statement_invalid",
      message: `statement: ${first ? `${first.path.join(".")}: ${first.message}` : "invalid"}`,
    });
  }
  // Validated above; the typed input (not zod's output type) flows on.
  const statement = input;
  const period = statement.period;
  const scale = scaleOf(
    statement.partners.flatMap((p) => [...FIGURES.map((f) => p[f]), ...p.lines.map((l) => l.amount)]),
  );
  // Computed before any I/O: an inconsistent statement never opens a transaction.
  const desired = new Map<string, Map<string, Decimal>>();
  try {
    for (const p of statement.partners) {
      if (desired.has(p.partner_id)) {
        return err({
          code: "statement_invalid",
          message: `statement: partner ${p.partner_id} appears twice`,
        });
      }
      desired.set(p.partner_id, desiredEntries(p));
    }
  } catch (error) {
    if (error instanceof StatementInconsistentError) return err({ code: error.code, message: error.message });
    throw error;
  }

  return db.transaction(async (tx) => {
    await db.lockInTransaction(tx, ledgerLockKey(period));
    const periods = periodsRepo(bindToTransaction(db, tx));
    const closed = await periods.isClosed(period);

    const partnerIds = [...desired.keys()];
    const existing = await existingTotals(tx, period, partnerIds);
    const deltas: { partner: string; key: EntryKey; amount: string }[] = [];
    for (const [partner, want] of desired) {
      const have = existing.get(partner) ?? new Map<string, Decimal>();
      const keys = new Set([...want.keys(), ...have.keys()]);
      for (const k of [...keys].sort()) {
        const delta = (want.get(k) ?? new Money(0)).minus(have.get(k) ?? 0);
        if (!delta.isZero()) deltas.push({ partner, key: parseKey(k), amount: delta.toFixed(scale) });
      }
    }

    let postedTo = period;
    if (closed && deltas.length > 0) {
      postedTo = options.openPeriod ?? (await periods.firstOpenAfter(period));
      if (comparePeriods(postedTo, period) <= 0) {
        return err({
          code: "period_closed",
          message: `${period} is closed and adjustments must go to a later open period, not ${postedTo}`,
        });
      }
      // Locks are always taken in period order (corrected, then later open ones): no deadlock.
      // The target is re-checked under its lock, since it may have been closed meanwhile.
      for (;;) {
        await db.lockInTransaction(tx, ledgerLockKey(postedTo));
        if (!(await periods.isClosed(postedTo))) break;
        if (options.openPeriod !== undefined) {
          return err({ code: "period_closed", message: `${period} is closed and so is ${postedTo}` });
        }
        postedTo = await periods.firstOpenAfter(postedTo);
      }
    }

    const prefix = options.cause ?? `recomputed ${period} with program v${options.programVersionId}`;
    const rows: NewRow[] = deltas.map(({ partner, key, amount }) => {
      const base = { partner, component: key.component, deal: key.deal, amount };
      if (!closed)
        return { ...base, period, kind: key.kind, adjustsPeriod: null, adjustsKind: null, cause: null };
      const what = `${key.kind}${key.component ? ` ${key.component}` : ""}${key.deal ? ` for ${key.deal}` : ""}`;
      return {
        ...base,
        period: postedTo,
        kind: "adjustment",
        adjustsPeriod: period,
        adjustsKind: key.kind,
        cause: `${prefix}: ${what} changed by ${amount}`,
      };
    });

    const runId = options.runId ?? (await startPostRun(tx));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await insertRows(tx, rows.slice(i, i + CHUNK), statement.currency, runId, options.programVersionId);
    }
    const statementsChanged = await appendStatements(tx, statement, runId, options.programVersionId);
    const result: PostResult = {
      runId,
      period,
      postedTo,
      periodClosed: closed,
      partners: partnerIds.length,
      rowsWritten: rows.length,
      adjustments: closed ? rows.length : 0,
      statementsChanged,
    };
    if (options.runId === undefined) {
      await tx.query(
        "UPDATE runs SET finished_at = now(), outcome = 'ok', counts = $2::jsonb WHERE id = $1",
        [
          runId,
          JSON.stringify({
            partners: result.partners,
            rows: result.rowsWritten,
            adjustments: result.adjustments,
          }),
        ],
      );
    }
    return ok(result);
  });
}

async function startPostRun(tx: SqlTransaction): Promise<number> {
  const r = await tx.query<{ id: number }>("INSERT INTO runs (kind) VALUES ('post') RETURNING id");
  return Number(r.rows[0]!.id);
}

/** Sum per key of every row that counts for `period`, including adjustments made to it later. */
async function existingTotals(
  tx: SqlTransaction,
  period: string,
  partners: string[],
): Promise<Map<string, Map<string, Decimal>>> {
  const r = await tx.query<{
    partner: string;
    component: string | null;
    deal: string | null;
    kind: PostedKind;
    total: string;
  }>(
    `SELECT partner, component, deal, coalesce(adjusts_kind, kind) AS kind, sum(amount)::text AS total
       FROM ledger_entries
      WHERE coalesce(adjusts_period, period) = $1 AND partner = ANY($2::text[])
      GROUP BY 1, 2, 3, 4`,
    [period, partners],
  );
  const out = new Map<string, Map<string, Decimal>>();
  for (const row of r.rows) {
    const m = out.get(row.partner) ?? new Map<string, Decimal>();
    out.set(row.partner, m);
    m.set(keyOf(row), new Money(row.total));
  }
  return out;
}

async function insertRows(
  tx: SqlTransaction,
  rows: NewRow[],
  currency: string,
  runId: number,
  programVersion: number,
): Promise<void> {
  if (rows.length === 0) return;
  // One statement per chunk: arrays unnest into rows, so 5,000 rows cost one round trip.
  await tx.query(
    `INSERT INTO ledger_entries
       (period, partner, component, deal, kind, amount, currency, run_id, program_version,
        adjusts_period, adjusts_kind, cause)
     SELECT u.period, u.partner, u.component, u.deal, u.kind, u.amount, $7, $8, $9,
            u.adjusts_period, u.adjusts_kind, u.cause
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[],
                   $10::text[], $11::text[], $12::text[])
            AS u(period, partner, component, deal, kind, amount, adjusts_period, adjusts_kind, cause)`,
    [
      rows.map((r) => r.period),
      rows.map((r) => r.partner),
      rows.map((r) => r.component),
      rows.map((r) => r.deal),
      rows.map((r) => r.kind),
      rows.map((r) => r.amount),
      currency,
      runId,
      programVersion,
      rows.map((r) => r.adjustsPeriod),
      rows.map((r) => r.adjustsKind),
      rows.map((r) => r.cause),
    ],
  );
}

/**
 * Appends the statements (figures and the full partner document) of partners whose statement
 * differs from the last one recorded for the period; returns how many.
 */
async function appendStatements(
  tx: SqlTransaction,
  statement: PostableStatement,
  runId: number,
  programVersion: number,
): Promise<number> {
  const ids = statement.partners.map((p) => p.partner_id);
  const r = await tx.query<{ partner: string; document_hash: string | null }>(
    `SELECT DISTINCT ON (partner) partner, document_hash
       FROM ledger_statements WHERE period = $1 AND partner = ANY($2::text[])
      ORDER BY partner, id DESC`,
    [statement.period, ids],
  );
  const last = new Map(r.rows.map((row) => [row.partner, row.document_hash]));
  const changed: { p: PartnerStatement; doc: string; hash: string }[] = [];
  for (const p of statement.partners) {
    const doc = JSON.stringify(p);
    const hash = createHash("sha256")
      .update(`${statement.program}\u0000${statement.currency}\u0000${doc}`)
      .digest("hex");
    if (last.get(p.partner_id) !== hash) changed.push({ p, doc, hash });
  }
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK);
    await tx.query(
      `INSERT INTO ledger_statements
         (period, partner, currency, earned, held_back, released, clawed_back, carry_forward, payable,
          run_id, program_version, program, document, document_hash)
       SELECT $1, u.partner, $2, u.earned, u.held_back, u.released, u.clawed_back, u.carry_forward,
              u.payable, $3, $4, $5, u.document::jsonb, u.document_hash
         FROM unnest($6::text[], $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[],
                     $11::numeric[], $12::numeric[], $13::text[], $14::text[])
              AS u(partner, earned, held_back, released, clawed_back, carry_forward, payable, document,
                   document_hash)`,
      [
        statement.period,
        statement.currency,
        runId,
        programVersion,
        statement.program,
        chunk.map((c) => c.p.partner_id),
        ...FIGURES.map((f) => chunk.map((c) => c.p[f])),
        chunk.map((c) => c.doc),
        chunk.map((c) => c.hash),
      ],
    );
  }
  return changed.length;
}
