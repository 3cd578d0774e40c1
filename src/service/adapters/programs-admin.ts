// Programs admin over the store's program versions. A program is YAML text or a JSON object;
// the store keeps its text. One program per store: a new version must keep the program's name
// (the sync computes with the latest name's version in effect).
import { stringify as stringifyYaml } from "yaml";
import type { Problem as EngineProblem } from "../../engine/index.ts";
import { parseDocument, parseProgram } from "../../engine/index.ts";
import type { Store, ProgramVersion as StoredVersion } from "../../store/index.ts";
import type { JsonValue, Outcome, Problem, ProgramsAdmin, ProgramVersion, Validation } from "../ports.ts";

export const engineProblems = (problems: readonly EngineProblem[]): Problem[] =>
  problems.map((p) => ({ path: p.path === "(document)" ? "" : p.path, message: p.message }));

export const programText = (program: JsonValue): string =>
  typeof program === "string" ? program : stringifyYaml(program);

// Versions never change once published: each one's parsed program is kept (by content hash).
const parsedVersions = new Map<string, unknown>();

export function toProgramVersion(v: StoredVersion): ProgramVersion {
  let doc = parsedVersions.get(v.contentHash) as ReturnType<typeof parseDocument> | undefined;
  if (!doc) {
    doc = parseDocument(v.yaml);
    if (parsedVersions.size > 200) parsedVersions.clear();
    parsedVersions.set(v.contentHash, doc);
  }
  return {
    version: v.id,
    effectiveFrom: v.effectiveFrom,
    publishedAt: v.createdAt,
    program: (doc.ok ? doc.value : v.yaml) as JsonValue,
    text: v.yaml,
  };
}

export function createProgramsAdmin(deps: { store: Store; publishedBy?: string }): ProgramsAdmin {
  return {
    async list() {
      return (await deps.store.programVersions.list()).map(toProgramVersion);
    },
    async validate(program): Promise<Validation> {
      const parsed = parseProgram(programText(program));
      return parsed.ok ? { ok: true } : { ok: false, problems: engineProblems(parsed.problems) };
    },
    async publish({ program, effectiveFrom }): Promise<Outcome<{ version: ProgramVersion }>> {
      const yaml = programText(program);
      const parsed = parseProgram(yaml);
      if (!parsed.ok) return { ok: false, problems: engineProblems(parsed.problems) };
      const name = parsed.value.program;
      const latest = (await deps.store.programVersions.list()).at(-1);
      if (latest && latest.name !== name) {
        return {
          ok: false,
          problems: [
            { path: "program", message: `must stay '${latest.name}': one program per store, versioned` },
          ],
        };
      }
      const saved = await deps.store.programVersions.save({
        name,
        yaml,
        effectiveFrom,
        createdBy: deps.publishedBy ?? "admin api",
      });
      // The store keys versions by their text: the same text again is the same version.
      if (!saved.created && saved.version.effectiveFrom !== effectiveFrom) {
        return {
          ok: false,
          problems: [
            {
              path: "",
              message: `this exact program is already version ${saved.version.id}, effective from ${saved.version.effectiveFrom}; change it to publish a new version`,
            },
          ],
        };
      }
      return { ok: true, version: toProgramVersion(saved.version) };
    },
  };
}
