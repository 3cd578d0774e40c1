// Posting a statement: one transaction, locked per period, appending only the differences
// between what the statement says and what the ledger already holds.
import { createHash } from "node:crypto";
import { z } from "zod";
import { Dec, minorDigits } from "../../../money/index.ts";
import { comparePeriods } from "../../period/index.ts";
import type { Result, StoreFailure } from "../result.ts";
import { err, ok } from "../result.ts";
import type { SqlExecutor, SqlTransaction } from "../sql.ts";
import { bindToTransaction } from "../sql.ts";
import type { EntryKey, PostedKind } from "./mapping.ts";
import { desiredEntries, keyOf, parseKey, StatementInconsistentError } from "./mapping.ts";
import { ledgerLockKey, periodsRepo } from "./periods-repo.ts";
import type { PostableStatement } from "./statement.ts";
import { partnerStatementSchema, postableStatementSchema } from "./statement.ts";

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
const STATEMENT_CHUNK_BYTES = 4 * 1024 * 1024;

export async function postStatement(
  db: SqlExecutor,
  input: PostableStatement,
  options: PostOptions,
): Promise<Result<PostResult, PostFailure>> {
  const invalid = validate(input);
  if (invalid) return err({ code: "statement_invalid", message: `statement: ${invalid}` });
  // Validated above; the typed input (not zod's output type) flows on.
  const statement = input;
  const period = statement.period;
  const scale = minorDigits(statement.currency);
  // Checked before any I/O: an inconsistent statement never opens a transaction.
  const seen = new Set<string>();
  try {
    for (const p of statement.partners) {
      if (seen.has(p.partner_id)) {
        return err({
          code: "statement_invalid",
          message: `statement: partner ${p.partner_id} appears twice`,
        });
      }
      seen.add(p.partner_id);
      desiredEntries(p);
    }
  } catch (error) {
    if (error instanceof StatementInconsistentError) return err({ code: error.code, message: error.message });
    throw error;
  }

  return db.transaction(async (tx) => {
    await db.lockInTransaction(tx, ledgerLockKey(period));
    const periods = periodsRepo(bindToTransaction(db, tx));
    const closed = await periods.isClosed(period);
    const prefix = options.cause ?? `recomputed ${period} with program v${options.programVersionId}`;

    // Partners go in groups, so a period's desired and existing totals and its new rows are
    // never all in memory at once. Where rows go (a closed period's corrections) is settled at the
    // first difference, before anything is written.
    let postedTo: string | null = closed ? null : period;
    let runId = options.runId;
    let rowsWritten = 0;
    for (let i = 0; i < statement.partners.length; i += PARTNERS_PER_QUERY) {
      const desired = new Map<string, Map<string, Dec>>();
      for (const p of statement.partners.slice(i, i + PARTNERS_PER_QUERY)) {
        desired.set(p.partner_id, desiredEntries(p));
      }
      const existing = await existingTotals(tx, period, [...desired.keys()]);
      const deltas: { partner: string; key: EntryKey; amount: string }[] = [];
      for (const [partner, want] of desired) {
        const have = existing.get(partner) ?? new Map<string, Dec>();
        const keys = new Set([...want.keys(), ...have.keys()]);
        for (const k of [...keys].sort()) {
          const delta = (want.get(k) ?? new Dec(0)).minus(have.get(k) ?? 0);
          if (!delta.isZero()) deltas.push({ partner, key: parseKey(k), amount: delta.toFixed(scale) });
        }
      }
      if (deltas.length === 0) continue;
      if (postedTo === null) {
        const target = await correctionPeriod(db, tx, periods, period, options.openPeriod);
        if (!target.ok) return target;
        postedTo = target.value;
      }
      const to = postedTo;
      const rows: NewRow[] = deltas.map(({ partner, key, amount }) => {
        const base = { partner, component: key.component, deal: key.deal, amount };
        if (!closed)
          return { ...base, period, kind: key.kind, adjustsPeriod: null, adjustsKind: null, cause: null };
        const what = `${key.kind}${key.component ? ` ${key.component}` : ""}${key.deal ? ` for ${key.deal}` : ""}`;
        return {
          ...base,
          period: to,
          kind: "adjustment",
          adjustsPeriod: period,
          adjustsKind: key.kind,
          cause: `${prefix}: ${what} changed by ${amount}`,
        };
      });
      runId ??= await startPostRun(tx);
      for (let j = 0; j < rows.length; j += CHUNK) {
        await insertRows(tx, rows.slice(j, j + CHUNK), statement.currency, runId, options.programVersionId);
      }
      rowsWritten += rows.length;
    }
    runId ??= await startPostRun(tx);
    const statementsChanged = await appendStatements(tx, statement, runId, options.programVersionId);
    const result: PostResult = {
      runId,
      period,
      postedTo: postedTo ?? period,
      periodClosed: closed,
      partners: statement.partners.length,
      rowsWritten,
      adjustments: closed ? rowsWritten : 0,
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

/**
 * The statement's problem, or null. Partners are checked one at a time: zod copies what it
 * parses, and a copy of a whole period's lines at once is the largest allocation of a sync.
 */
function validate(input: PostableStatement): string | null {
  const issue = (e: { issues: Array<{ path: PropertyKey[]; message: string }> }, prefix: PropertyKey[]) => {
    const first = e.issues[0];
    return first ? `${[...prefix, ...first.path].map(String).join(".")}: ${first.message}` : "invalid";
  };
  const head = headerSchema.safeParse(input);
  if (!head.success) return issue(head.error, []);
  for (let i = 0; i < input.partners.length; i++) {
    const p = partnerStatementSchema.safeParse(input.partners[i]);
    if (!p.success) return issue(p.error, ["partners", i]);
  }
  return null;
}

const headerSchema = postableStatementSchema.extend({ partners: z.array(z.unknown()) });

/**
 * The open period a closed period's corrections go to: `openPeriod`, else the first open one
 * after it. Locks are always taken in period order (corrected, then later open ones): no
 * deadlock. The target is re-checked under its lock, since it may have been closed meanwhile.
 */
export async function correctionPeriod(
  db: SqlExecutor,
  tx: SqlTransaction,
  periods: ReturnType<typeof periodsRepo>,
  period: string,
  openPeriod: string | undefined,
): Promise<Result<string, PostFailure>> {
  let target = openPeriod ?? (await periods.firstOpenAfter(period));
  if (comparePeriods(target, period) <= 0) {
    return err({
      code: "period_closed",
      message: `${period} is closed and adjustments must go to a later open period, not ${target}`,
    });
  }
  for (;;) {
    await db.lockInTransaction(tx, ledgerLockKey(target));
    if (!(await periods.isClosed(target))) return ok(target);
    if (openPeriod !== undefined) {
      return err({ code: "period_closed", message: `${period} is closed and so is ${target}` });
    }
    target = await periods.firstOpenAfter(target);
  }
}

export async function startPostRun(tx: SqlTransaction): Promise<number> {
  const r = await tx.query<{ id: number }>("INSERT INTO runs (kind) VALUES ('post') RETURNING id");
  return Number(r.rows[0]!.id);
}

/** Partners per totals query: bounds the result set PGlite materializes in its WASM heap. */
const PARTNERS_PER_QUERY = 1000;

/** Sum per key of every row that counts for `period`, including adjustments made to it later. */
async function existingTotals(
  tx: SqlTransaction,
  period: string,
  partners: string[],
): Promise<Map<string, Map<string, Dec>>> {
  const out = new Map<string, Map<string, Dec>>();
  for (let i = 0; i < partners.length; i += PARTNERS_PER_QUERY) {
    const r = await tx.query<{
      partner: string;
      component: string | null;
      deal: string | null;
      kind: PostedKind;
      total: string;
    }>(
      `SELECT partner, component, deal, coalesce(adjusts_kind, kind) AS kind, sum(amount)::text AS total
         FROM ledger_entries
        WHERE coalesce(adjusts_period, period) = $1 AND partner IN (SELECT unnest($2::text[]))
          AND adjusts_kind IS DISTINCT FROM 'correction'
        GROUP BY 1, 2, 3, 4`,
      [period, partners.slice(i, i + PARTNERS_PER_QUERY)],
    );
    for (const row of r.rows) {
      const m = out.get(row.partner) ?? new Map<string, Dec>();
      out.set(row.partner, m);
      m.set(keyOf(row), new Dec(row.total));
    }
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
  // One statement per chunk, the rows as one JSON parameter: 5,000 rows cost one round trip,
  // and a JSON document serializes far cheaper than a dozen array literals. Amounts travel as
  // JSON strings straight into NUMERIC, never through a float.
  const json = JSON.stringify(
    rows.map((r) => ({
      period: r.period,
      partner: r.partner,
      component: r.component,
      deal: r.deal,
      kind: r.kind,
      amount: r.amount,
      adjusts_period: r.adjustsPeriod,
      adjusts_kind: r.adjustsKind,
      cause: r.cause,
    })),
  );
  await tx.query(
    `INSERT INTO ledger_entries
       (period, partner, component, deal, kind, amount, currency, run_id, program_version,
        adjusts_period, adjusts_kind, cause)
     SELECT u.period, u.partner, u.component, u.deal, u.kind, u.amount, $2, $3, $4,
            u.adjusts_period, u.adjusts_kind, u.cause
       FROM json_to_recordset($1::json)
            AS u(period text, partner text, component text, deal text, kind text, amount numeric,
                 adjusts_period text, adjusts_kind text, cause text)`,
    [json, currency, runId, programVersion],
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
       FROM ledger_statements WHERE period = $1 AND partner IN (SELECT unnest($2::text[]))
      ORDER BY partner, id DESC`,
    [statement.period, ids],
  );
  const last = new Map(r.rows.map((row) => [row.partner, row.document_hash]));
  // Sent in chunks of at most ~4 MB of JSON, built as the partners go by: a period's documents
  // are never all serialized at once, and no one query grows PGlite's (never-shrinking) heap.
  let changed = 0;
  let chunk: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const json = `[${chunk.join(",")}]`;
    chunk = [];
    bytes = 0;
    await tx.query(
      `INSERT INTO ledger_statements
         (period, partner, currency, earned, held_back, released, clawed_back, carry_forward, payable,
          run_id, program_version, program, document, document_hash)
       SELECT $1, u.partner, $2, u.earned, u.held_back, u.released, u.clawed_back, u.carry_forward,
              u.payable, $3, $4, $5, u.document, u.document_hash
         FROM json_to_recordset($6::json)
              AS u(partner text, earned numeric, held_back numeric, released numeric, clawed_back numeric,
                   carry_forward numeric, payable numeric, document jsonb, document_hash text)`,
      [statement.period, statement.currency, runId, programVersion, statement.program, json],
    );
  };
  for (const p of statement.partners) {
    const doc = JSON.stringify(p);
    const hash = createHash("sha256")
      .update(`${statement.program}\u0000${statement.currency}\u0000${doc}`)
      .digest("hex");
    if (last.get(p.partner_id) === hash) continue;
    changed++;
    // The document is spliced in as already-serialized JSON: it was stringified once, for the hash.
    const row = `{"partner":${JSON.stringify(p.partner_id)},${FIGURES.map((f) => `"${f}":${JSON.stringify(p[f])}`).join(",")},"document":${doc},"document_hash":"${hash}"}`;
    chunk.push(row);
    bytes += row.length;
    if (bytes >= STATEMENT_CHUNK_BYTES || chunk.length >= CHUNK) await flush();
  }
  await flush();
  return changed;
}
