// Reads a program or data file for the engine commands; every failure becomes a problem line.
import { readFile } from "node:fs/promises";
import type { Problem, Result } from "../../engine/index.ts";

export async function readText(path: string, label: string): Promise<Result<string>> {
  try {
    return { ok: true, value: await readFile(path, "utf8") };
  } catch (error) {
    return {
      ok: false,
      problems: [
        { path: label, message: `cannot read ${path}: ${(error as Error).message}`, code: "unreadable" },
      ],
    };
  }
}

/** `file: path: message (code)`, one per line, for stderr. */
export function formatProblems(file: string, problems: Problem[]): string {
  return problems.map((p) => `${file}: ${p.path}: ${p.message} (${p.code})\n`).join("");
}
