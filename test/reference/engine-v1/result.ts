// Expected failures are values: a Result carries either the value or every problem found.

/** One problem with an input document: where (`components[2].bands[1].from`) and which rule. */
export interface Problem {
  path: string;
  message: string;
  /** Stable rule code, e.g. `unknown_key`, `bands_not_increasing`. */
  code: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = (problems: Problem[]): { ok: false; problems: Problem[] } => ({ ok: false, problems });

/** Joins path segments the way the spec names YAML paths: `a.b[2].c`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out === "" ? String(s) : `.${String(s)}`;
  }
  return out === "" ? "(root)" : out;
}

/** Problems sorted by path then message, duplicates dropped, so output is stable. */
export function tidyProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of problems) {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}
