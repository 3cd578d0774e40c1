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
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const path = issue.path as PropertyKey[];
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
