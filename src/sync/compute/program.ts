// The programs a run computes with: every stored version of the program (each period is computed
// with the version in effect at its start), or — on a fresh store — the default program file
// registered as the first version.
import { readFile } from "node:fs/promises";
import { type Program, type ProgramVersionInput, parseProgram } from "../../engine/index.ts";
import type { Store } from "../../store/index.ts";

export const DEFAULT_PROGRAM_PATH = "programs/example.yaml";

export interface LoadedProgram {
  /** The version in force today: its currency and period granularity are every version's. */
  program: Program;
  versionId: number;
  name: string;
  /** Every version of the program, keyed by store id, for period-by-period selection. */
  versions: ProgramVersionInput[];
  /**
   * The version in effect before every other (earliest effectiveFrom, then the highest version):
   * its `starts` begins the engine's walk, so it bounds which deals are computed at all.
   */
  base: Program;
}

export class ProgramError extends Error {
  readonly code = "program_invalid";
}

function parse(yaml: string, where: string): Program {
  const r = parseProgram(yaml);
  if (!r.ok) {
    throw new ProgramError(`${where}: ${r.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  }
  return r.value;
}

export async function loadProgram(
  store: Store,
  today: string,
  defaultPath: string,
  dryRun = false,
): Promise<LoadedProgram> {
  let versions = await store.programVersions.list();
  if (versions.length === 0) {
    const yaml = await readFile(defaultPath, "utf8");
    const program = parse(yaml, defaultPath);
    // A dry run writes nothing, not even the first program version.
    if (dryRun) {
      const only = { version: 0, effectiveFrom: String(program.starts), program };
      return { program, versionId: 0, name: program.program, versions: [only], base: program };
    }
    await store.programVersions.save({
      name: program.program,
      yaml,
      effectiveFrom: String(program.starts),
      createdBy: "sync (default program)",
    });
    versions = await store.programVersions.list();
  }
  const latest = versions.at(-1)!;
  const current = (await store.programVersions.effectiveOn(latest.name, today)) ?? latest;
  const schedule = versions
    .filter((v) => v.name === latest.name)
    .map((v) => ({
      version: v.id,
      effectiveFrom: v.effectiveFrom,
      program: parse(v.yaml, `program version ${v.id}`),
    }));
  return {
    program: schedule.find((v) => v.version === current.id)!.program,
    versionId: current.id,
    name: current.name,
    versions: schedule,
    base: baseVersion(schedule).program,
  };
}

/**
 * The version the engine's versioned walk starts with (statementIteratorForVersions): the
 * earliest effectiveFrom, ties the higher version number.
 */
export function baseVersion(versions: ProgramVersionInput[]): ProgramVersionInput {
  let base = versions[0]!;
  for (const v of versions)
    if (
      v.effectiveFrom < base.effectiveFrom ||
      (v.effectiveFrom === base.effectiveFrom && v.version > base.version)
    )
      base = v;
  return base;
}
