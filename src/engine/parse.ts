// Entry points that turn a YAML/JSON text or an already-parsed object into a valid Program
// or Data, or every problem with it. Pure: callers do the file reading.
import { parse as parseYaml } from "yaml";
import { type Data, dataRuleProblems, dataSchema, fxSchema } from "./data-schema.ts";
import { problemsFromZod } from "./problems.ts";
import { programSizeProblem } from "./program-limits.ts";
import { programRuleProblems } from "./program-rules.ts";
import { type Program, programSchema } from "./program-schema.ts";
import { fail, ok, type Problem, type Result, tidyProblems } from "./result.ts";

/** YAML (a superset of JSON) text → a plain value, or the syntax problem. */
export function parseDocument(text: string): Result<unknown> {
  // JSON is valid YAML, but JSON.parse is much faster on large data files.
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      return ok(JSON.parse(text) as unknown);
    } catch {
      // Not strict JSON (YAML flow style): fall through to the YAML parser.
    }
  }
  try {
    return ok(parseYaml(text, { prettyErrors: false }) as unknown);
  } catch (error) {
    return fail([
      {
        path: "(document)",
        message: `not valid YAML/JSON: ${(error as Error).message.split("\n")[0]}`,
        code: "syntax",
      },
    ]);
  }
}

function toValue(input: unknown): Result<unknown> {
  return typeof input === "string" ? parseDocument(input) : ok(input);
}

export function parseProgram(input: unknown): Result<Program> {
  // Measured before parsing: the parser would build the whole tree first.
  const tooLarge = typeof input === "string" ? programSizeProblem(input.length) : null;
  if (tooLarge) return fail([tooLarge]);
  const doc = toValue(input);
  if (!doc.ok) return doc;
  const parsed = programSchema.safeParse(doc.value);
  const problems: Problem[] = parsed.success ? [] : problemsFromZod(parsed.error, doc.value);
  problems.push(...programRuleProblems(doc.value));
  if (problems.length > 0 || !parsed.success) return fail(tidyProblems(problems));
  return ok(parsed.data);
}

export function parseData(input: unknown): Result<Data> {
  const doc = toValue(input);
  if (!doc.ok) return doc;
  const parsed = dataSchema.safeParse(doc.value);
  if (!parsed.success) return fail(tidyProblems(problemsFromZod(parsed.error, doc.value)));
  const problems = dataRuleProblems(parsed.data);
  return problems.length > 0 ? fail(tidyProblems(problems)) : ok(parsed.data);
}

/** An fx rates document (the INCENTIVES_FX_FILE): period → currency → rate, or every problem. */
export function parseFx(input: unknown): Result<NonNullable<Data["fx"]>> {
  const doc = toValue(input);
  if (!doc.ok) return doc;
  const parsed = fxSchema.safeParse(doc.value);
  if (!parsed.success) return fail(tidyProblems(problemsFromZod(parsed.error, doc.value)));
  return ok(parsed.data);
}
