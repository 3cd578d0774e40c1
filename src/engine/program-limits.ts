// Size limits on a program document. A program is a few kilobytes written by a person; the YAML
// parser and zod each hold a full tree of whatever they are given, so a 47 MB program with a
// million bands used to exhaust 4 GB in `incentives validate`. The text is measured before it
// is parsed, and every list in the schema has a ceiling, so a hostile or runaway document is
// rejected at once with a problem naming the limit.
import { z } from "zod";
import type { Problem } from "./result.ts";

/** Characters of program text accepted (about 1 MB; the shipped programs are under 4 KB). */
export const MAX_PROGRAM_CHARS = 1_000_000;
/** Items in any one list of a program (bands, components, levels, filters, boundaries). */
export const MAX_PROGRAM_LIST = 10_000;

/** A program list: an array with the ceiling, reported as `too_big` at the list's path. */
export function list<T extends z.ZodType>(item: T) {
  return z.array(item).max(MAX_PROGRAM_LIST, `at most ${MAX_PROGRAM_LIST} items in a list`);
}

export function programSizeProblem(chars: number): Problem | null {
  if (chars <= MAX_PROGRAM_CHARS) return null;
  return {
    path: "(document)",
    message: `program is ${chars} characters; at most ${MAX_PROGRAM_CHARS} are accepted`,
    code: "too_large",
  };
}
