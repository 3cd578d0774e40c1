// zod issues → Problems named by YAML path and rule.
import type { z } from "zod";
import { formatPath, type Problem } from "./result.ts";

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** `input` is the document zod parsed: an absent value at an issue's path means a missing key. */
export function problemsFromZod(error: z.ZodError, input: unknown): Problem[] {
  return problemsFromIssues(error.issues, input, []);
}

type Issue = z.ZodError["issues"][number];

/**
 * A union of shapes (`tiers`: one ladder or a list) that failed: when only one branch is of the
 * right shape, its issues are the problems, with their full paths (not one "invalid input").
 */
function shapedBranch(issue: Issue): Issue[] | null {
  const errors = (issue as { errors?: Issue[][] }).errors;
  if (issue.code !== "invalid_union" || !Array.isArray(errors)) return null;
  const shaped = errors.filter(
    (b) => !(b.length === 1 && b[0]!.code === "invalid_type" && b[0]!.path.length === 0),
  );
  return shaped.length === 1 ? shaped[0]! : null;
}

function problemsFromIssues(issues: readonly Issue[], input: unknown, prefix: PropertyKey[]): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as PropertyKey[])];
    const branch = shapedBranch(issue);
    if (branch !== null) {
      out.push(...problemsFromIssues(branch, input, path));
      continue;
    }
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        out.push({ path: formatPath([...path, key]), message: `unknown key '${key}'`, code: "unknown_key" });
      continue;
    }
    if (
      (issue.code === "invalid_type" || issue.code === "invalid_value") &&
      valueAt(input, path) === undefined
    ) {
      out.push({ path: formatPath(path), message: "required key is missing", code: "required" });
      continue;
    }
    if (issue.code === "invalid_union" && (issue as { note?: string }).note === "No matching discriminator") {
      out.push({
        path: formatPath(path[path.length - 1] === "type" ? path : [...path, "type"]),
        message: "type must be one of rate, tier_rate, spif, multiplier, accrual",
        code: "invalid_type",
      });
      continue;
    }
    out.push({
      path: formatPath(path),
      message: issue.message,
      code: issue.code === "custom" ? "invalid_value" : issue.code,
    });
  }
  return out;
}
