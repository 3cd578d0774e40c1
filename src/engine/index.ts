// The incentive engine's public API. Pure: program + data in, statements out.

import { parsePeriodLabel, periodLabel } from "../period/index.ts";
import { compileProgram } from "./compile.ts";
import type { Data } from "./data-schema.ts";
import { prepare } from "./prepare.ts";
import type { Program } from "./program-schema.ts";
import { fail, ok, type Result } from "./result.ts";
import type { Statement } from "./statement.ts";
import { walkPeriods } from "./walker.ts";

export { DataBuilder } from "./data-builder.ts";
export type { Claim, Data, DataInput, Deal, Partner } from "./data-schema.ts";
export { type NudgeKind, type TierNudge, tierNudges } from "./nudges.ts";
export { parseData, parseDocument, parseFx, parseProgram } from "./parse.ts";
export type { Component, Program, ProgramInput } from "./program-schema.ts";
export {
  type OpenDeal,
  type Projection,
  type ProjectionInput,
  projectOpenDeal,
  projectOpenDeals,
} from "./projection.ts";
export type { Problem, Result } from "./result.ts";
export {
  prepareReview,
  type ReviewFlag,
  type ReviewIndex,
  type ReviewTiers,
  reviewFlags,
} from "./review/index.ts";
export { REVIEW_RULES, type ReviewRule } from "./review-schema.ts";
export type { ClaimOutcome, LineKind, PartnerStatement, Statement, StatementLine } from "./statement.ts";
export {
  computeStatementsForVersions,
  type ProgramVersionInput,
  statementIteratorForVersions,
  type VersionStatementOptions,
  versionInEffect,
} from "./versions.ts";

export interface StatementOptions {
  /** First period to return (default: the program's first period). Earlier ones are still evaluated. */
  from?: string;
}

/**
 * Evaluates every period from the program's first to `through` once, in order, and yields one
 * statement per period from `options.from` (default: the first). Problems (a period label of the
 * wrong granularity, a missing fx rate, an unknown initial tier) are reported before any work.
 */
export function statementIterator(
  program: Program,
  data: Data,
  through: string,
  options: StatementOptions = {},
): Result<Iterable<Statement>> {
  const cp = compileProgram(program);
  const end = resolvePeriod(program, through, "period");
  if (!end.ok) return end;
  let from = cp.first;
  if (options.from !== undefined) {
    const f = resolvePeriod(program, options.from, "from");
    if (!f.ok) return f;
    from = f.value;
  }
  const prep = prepare(cp, data, end.value);
  if (!prep.ok) return prep;
  return ok({ [Symbol.iterator]: () => walkPeriods(cp, prep.value, from) });
}

/** One statement per period from the first to `through` (inclusive). */
export function computeStatements(
  program: Program,
  data: Data,
  through: string,
  options: StatementOptions = {},
): Result<Statement[]> {
  const it = statementIterator(program, data, through, options);
  return it.ok ? ok([...it.value]) : it;
}

/** The statement of one period (earlier periods are evaluated for their carried state). */
export function computeStatement(program: Program, data: Data, period: string): Result<Statement> {
  const it = statementIterator(program, data, period, { from: period });
  if (!it.ok) return it;
  const [statement] = [...it.value];
  return ok(statement!);
}

/** The label of every period from the program's first to `through`. */
export function periodsThrough(program: Program, through: string): Result<string[]> {
  const end = resolvePeriod(program, through, "period");
  if (!end.ok) return end;
  const first = compileProgram(program).first;
  const out: string[] = [];
  for (let k = first; k <= end.value; k++) out.push(periodLabel(k, program.period));
  return ok(out);
}

function resolvePeriod(program: Program, label: string, path: string): Result<number> {
  const parsed = parsePeriodLabel(label);
  if (!parsed)
    return fail([
      { path, message: `'${label}' is not a period (2026-01, 2026-Q1 or 2026)`, code: "invalid_period" },
    ]);
  if (parsed.granularity !== program.period)
    return fail([
      {
        path,
        message: `'${label}' is a ${parsed.granularity}, but the program's period is ${program.period}`,
        code: "period_granularity",
      },
    ]);
  const first = compileProgram(program).first;
  if (parsed.index < first)
    return fail([
      {
        path,
        message: `'${label}' is before the program's first period ${periodLabel(first, program.period)}`,
        code: "period_before_start",
      },
    ]);
  return ok(parsed.index);
}
