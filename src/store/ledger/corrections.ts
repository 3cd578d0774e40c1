// A person's correction of a partner-period payout (issue #16): one ledger `adjustment` row with
// adjusts_kind = 'correction', its reason as the cause, counted in the period it corrects and
// posted in it — or, when that period is closed, in the first open period after it, like every
// other change to a closed period. Posting never reverses a correction: its deltas compare
// statements with everything but corrections.
import type { Result, StoreFailure } from "../result.ts";
import { err, ok } from "../result.ts";
import type { SqlExecutor } from "../sql.ts";
import { bindToTransaction } from "../sql.ts";
import { ledgerLockKey, periodsRepo } from "./periods-repo.ts";
import { correctionPeriod, startPostRun } from "./post.ts";

export interface CorrectionInput {
  partner: string;
  period: string;
  /** Decimal string, positive or negative, with the currency's minor digits. */
  amount: string;
  reason: string;
  actor: string;
  deal?: string | null;
  component?: string | null;
}

export interface Correction {
  entryId: string;
  /** The period the row was posted in (the corrected one, or the first open one after it). */
  postedIn: string;
  currency: string;
  runId: number;
}

export type CorrectionFailure = StoreFailure<"no_statement" | "period_closed">;

export async function postCorrection(
  db: SqlExecutor,
  input: CorrectionInput,
): Promise<Result<Correction, CorrectionFailure>> {
  return db.transaction(async (tx) => {
    await db.lockInTransaction(tx, ledgerLockKey(input.period));
    const bound = bindToTransaction(db, tx);
    // Currency and program version come from what was posted for the partner-period: a correction
    // adjusts a payout the ledger knows.
    const last = await tx.query<{ currency: string; program_version: number }>(
      `SELECT currency, program_version FROM ledger_statements
        WHERE partner = $1 AND period = $2 ORDER BY id DESC LIMIT 1`,
      [input.partner, input.period],
    );
    const st = last.rows[0];
    if (!st)
      return err({
        code: "no_statement" as const,
        message: `no statement posted for ${input.partner} in ${input.period}: nothing to correct`,
      });
    const periods = periodsRepo(bound);
    let postedIn = input.period;
    if (await periods.isClosed(input.period)) {
      const target = await correctionPeriod(db, tx, periods, input.period, undefined);
      if (!target.ok) return err({ code: "period_closed" as const, message: target.error.message });
      postedIn = target.value;
    }
    const runId = await startPostRun(tx);
    const r = await tx.query<{ id: string }>(
      `INSERT INTO ledger_entries (period, partner, component, deal, kind, amount, currency, run_id, program_version,
                                   adjusts_period, adjusts_kind, cause)
       VALUES ($1, $2, $3, $4, 'adjustment', $5::numeric, $6, $7, $8, $9, 'correction', $10) RETURNING id::text`,
      [
        postedIn,
        input.partner,
        input.component ?? null,
        input.deal ?? null,
        input.amount,
        st.currency,
        runId,
        st.program_version,
        input.period,
        `correction by ${input.actor}: ${input.reason}`,
      ],
    );
    await tx.query("UPDATE runs SET finished_at = now(), outcome = 'ok', counts = $2::jsonb WHERE id = $1", [
      runId,
      JSON.stringify({ corrections: 1 }),
    ]);
    return ok({ entryId: r.rows[0]!.id, postedIn, currency: st.currency, runId });
  });
}
