// Program versions: each period is computed with the version in effect at its start, in one
// walk that carries state across version changes (docs/engine.md "Program versions").

import { isIsoDate, parsePeriodLabel, periodLabel, periodStartDate } from "../period/index.ts";
import { type CProgram, compileProgram } from "./compile.ts";
import type { Data } from "./data-schema.ts";
import { prepare } from "./prepare.ts";
import type { Program } from "./program-schema.ts";
import { fail, ok, type Problem, type Result } from "./result.ts";
import type { Statement } from "./statement.ts";
import { type VersionSchedule, walkPeriods } from "./walker.ts";

export interface ProgramVersionInput {
  version: number;
  /** YYYY-MM-DD: the version applies to periods starting on or after this date. */
  effectiveFrom: string;
  program: Program;
}

export interface VersionStatementOptions {
  /** First period to return (default: the first). Earlier ones are still evaluated. */
  from?: string;
  /** Add each partner's scorecard metric values (`metrics`) to its statement. */
  metrics?: boolean;
}

/**
 * Like `statementIterator`, over a schedule of program versions: period P is computed with the
 * version of greatest `effectiveFrom` ≤ start(P) (ties: the higher version number); periods
 * before every `effectiveFrom` use the earliest version, whose `starts` begins the walk. Every
 * statement carries `program_version`.
 */
export function statementIteratorForVersions(
  versions: ProgramVersionInput[],
  data: Data,
  through: string,
  options: VersionStatementOptions = {},
): Result<Iterable<Statement>> {
  const compiled = compileVersions(versions);
  return compiled.ok ? iterateCompiled(compiled.value, data, through, options) : compiled;
}

/**
 * A schedule validated and compiled once, for a caller walking many small data sets with the
 * same versions (the open-deal projection walks each partner's deals on their own).
 */
export interface CompiledVersions {
  /** The base version first, the rest in (effectiveFrom, version) order. */
  readonly sorted: readonly Compiled[];
}

export function compileVersions(versions: ProgramVersionInput[]): Result<CompiledVersions> {
  const checked = checkVersions(versions);
  if (!checked.ok) return checked;
  const sorted = checked.value;
  mergeFunds(sorted.map((v) => v.cp));
  // The walk's period indices are relative to the earliest version's start, whatever a later
  // version's own `starts` says.
  for (const v of sorted) v.cp.first = sorted[0]!.cp.first;
  return ok({ sorted });
}

/** statementIteratorForVersions over a compiled schedule (walks never change it). */
export function iterateCompiled(
  compiled: CompiledVersions,
  data: Data,
  through: string,
  options: VersionStatementOptions = {},
): Result<Iterable<Statement>> {
  const sorted = compiled.sorted;
  const base = sorted[0]!;
  const baseProgram = base.input.program;
  const end = resolvePeriod(baseProgram, base.cp.first, through, "period");
  if (!end.ok) return end;
  let from = base.cp.first;
  if (options.from !== undefined) {
    const f = resolvePeriod(baseProgram, base.cp.first, options.from, "from");
    if (!f.ok) return f;
    from = f.value;
  }

  const g = baseProgram.period;
  const first = base.cp.first;
  const schedule: VersionSchedule = { cps: [], numbers: [] };
  for (let k = first; k <= end.value; k++) {
    const v = inEffect(sorted, periodStartDate(k, g));
    schedule.cps.push(v.cp);
    schedule.numbers.push(v.input.version);
  }
  const start = schedule.cps[0]!;
  // prepare() reads the scorecard only to know whether csat/ttv are needed: any version's.
  const prepCp: CProgram = {
    ...start,
    scorecard: sorted.flatMap((v) => v.cp.scorecard),
    usesMargin: sorted.some((v) => v.cp.usesMargin),
  };
  const prep = prepare(prepCp, data, end.value, (period) => schedule.cps[period - first]!.clawbackDays);
  if (!prep.ok) return prep;
  return ok({
    [Symbol.iterator]: () => walkPeriods(start, prep.value, from, schedule, options.metrics === true),
  });
}

/** One statement per period from the first to `through`, each with its `program_version`. */
export function computeStatementsForVersions(
  versions: ProgramVersionInput[],
  data: Data,
  through: string,
  options: VersionStatementOptions = {},
): Result<Statement[]> {
  const it = statementIteratorForVersions(versions, data, through, options);
  return it.ok ? ok([...it.value]) : it;
}

interface Compiled {
  input: ProgramVersionInput;
  cp: CProgram;
}

/**
 * Validates the schedule and returns it sorted by (effectiveFrom, version), with the version
 * in effect before every other first (the earliest date's highest version number).
 */
function checkVersions(versions: ProgramVersionInput[]): Result<Compiled[]> {
  if (versions.length === 0)
    return fail([
      { path: "versions", message: "at least one program version is needed", code: "no_versions" },
    ]);
  const problems: Problem[] = [];
  const seen = new Set<number>();
  versions.forEach((v, i) => {
    if (!Number.isInteger(v.version))
      problems.push({
        path: `versions[${i}].version`,
        message: `version ${v.version} is not an integer`,
        code: "invalid_version",
      });
    else if (seen.has(v.version))
      problems.push({
        path: `versions[${i}].version`,
        message: `version ${v.version} appears twice`,
        code: "duplicate_version",
      });
    seen.add(v.version);
    if (!isIsoDate(v.effectiveFrom))
      problems.push({
        path: `versions[${i}].effectiveFrom`,
        message: `version ${v.version}: '${v.effectiveFrom}' is not a date (YYYY-MM-DD)`,
        code: "invalid_date",
      });
  });
  if (problems.length > 0) return fail(problems);
  const order = versions
    .map((input, i) => ({ input, i }))
    .sort(
      (a, b) =>
        (a.input.effectiveFrom < b.input.effectiveFrom
          ? -1
          : a.input.effectiveFrom > b.input.effectiveFrom
            ? 1
            : 0) || a.input.version - b.input.version,
    );
  // The earliest date's highest version is the one in effect before every effectiveFrom.
  let b = 0;
  while (b + 1 < order.length && order[b + 1]!.input.effectiveFrom === order[0]!.input.effectiveFrom) b++;
  const baseEntry = order[b]!;
  const base = baseEntry.input;
  for (const { input, i } of order) {
    for (const field of ["currency", "period"] as const)
      if (input.program[field] !== base.program[field])
        problems.push({
          path: `versions[${i}].program.${field}`,
          message: `version ${input.version}: ${field} '${input.program[field]}' differs from version ${base.version}'s '${base.program[field]}' (all versions must share it)`,
          code: "version_mismatch",
        });
  }
  if (problems.length > 0) return fail(problems);
  const compiled = order.map(({ input }) => ({ input, cp: compileProgram(input.program) }));
  // Base first, the rest in (effectiveFrom, version) order.
  const baseCompiled = compiled[b]!;
  compiled.splice(b, 1);
  return ok([baseCompiled, ...compiled]);
}

/**
 * The program version that computes `period` (the one in effect at its first day, by the rule
 * above), or the schedule's problems. For callers that need the program of one period, such
 * as the open-deal projection reading its tier levels.
 */
export function versionInEffect(
  versions: ProgramVersionInput[] | CompiledVersions,
  period: string,
): Result<ProgramVersionInput> {
  let sorted: readonly Compiled[];
  if (Array.isArray(versions)) {
    const checked = checkVersions(versions);
    if (!checked.ok) return checked;
    sorted = checked.value;
  } else sorted = (versions as CompiledVersions).sorted;
  const label = parsePeriodLabel(period);
  if (!label)
    return fail([
      {
        path: "period",
        message: `'${period}' is not a period (2026-01, 2026-Q1 or 2026)`,
        code: "invalid_period",
      },
    ]);
  return ok(inEffect(sorted, periodStartDate(label.index, label.granularity)).input);
}

/** The version in effect on `date`: greatest effectiveFrom ≤ date, ties the higher version. */
function inEffect(sorted: readonly Compiled[], date: string): Compiled {
  let found = sorted[0]!;
  // sorted[1..] is in (effectiveFrom, version) order; sorted[0] is the base.
  for (let i = 1; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (v.input.effectiveFrom > date) break;
    if (
      v.input.effectiveFrom > found.input.effectiveFrom ||
      (v.input.effectiveFrom === found.input.effectiveFrom && v.input.version > found.input.version)
    )
      found = v;
  }
  return found;
}

/**
 * Funds are carried by name: every version's fund list becomes the union of all versions'
 * funds (first appearance order, earliest version first), and accrual components point into
 * it, so the per-partner fund books never need remapping.
 */
function mergeFunds(cps: CProgram[]): void {
  const merged: string[] = [];
  for (const cp of cps) for (const f of cp.funds) if (!merged.includes(f)) merged.push(f);
  for (const cp of cps) {
    const own = cp.funds;
    for (const c of cp.components) if (c.type === "accrual") c.fund = merged.indexOf(own[c.fund]!);
    cp.funds = merged;
  }
}

function resolvePeriod(program: Program, first: number, label: string, path: string): Result<number> {
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
