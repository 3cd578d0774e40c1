// Reads mapping YAML (mappings/<crm>.yaml) into a validated Mapping. Expected failures — a file
// missing, bad YAML, a broken rule — come back as problems, never as throws.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "yaml";
import type { CrmName } from "../../../connectors/types.ts";
import type { MappingProblem } from "./types.ts";
import { type MappingResult, validateMapping } from "./validate.ts";

export type { MappingResult } from "./validate.ts";

/** Characters of mapping text accepted (the shipped mappings are under 20 KB). */
export const MAX_MAPPING_CHARS = 1_000_000;
/**
 * Aliases a mapping may expand, as the program loader allows (the yaml library's default): a
 * "billion laughs" document of nested aliases would otherwise expand exponentially.
 */
const MAX_ALIASES = 100;

/** Parses and validates mapping YAML text. */
export function parseMapping(text: string, expectedCrm?: CrmName): MappingResult {
  const problem = (path: string, message: string): MappingResult => ({
    ok: false,
    problems: [
      { crm: expectedCrm ?? null, entity: null, field: null, crm_field: null, path, code: "yaml", message },
    ],
  });
  if (text.length > MAX_MAPPING_CHARS) {
    return problem(
      "(document)",
      `mapping is ${text.length} characters; at most ${MAX_MAPPING_CHARS} are accepted`,
    );
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map(
        (e): MappingProblem => ({
          crm: expectedCrm ?? null,
          entity: null,
          field: null,
          crm_field: null,
          path: e.linePos ? `line ${e.linePos[0].line}` : "",
          code: "yaml",
          message: e.message.split("\n")[0] ?? e.message,
        }),
      ),
    };
  }
  let value: unknown;
  try {
    // toJS throws (a ReferenceError) when the aliases would expand past the limit.
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return problem("(document)", `YAML aliases rejected: ${reason}`);
  }
  return validateMapping(value, expectedCrm);
}

/** Loads one mapping file; the CRM is taken from the file's `crm:` and, if given, must match. */
export async function loadMapping(path: string, expectedCrm?: CrmName): Promise<MappingResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [
        {
          crm: expectedCrm ?? null,
          entity: null,
          field: null,
          crm_field: null,
          path,
          code: "yaml",
          message: `cannot read mapping: ${reason}`,
        },
      ],
    };
  }
  return parseMapping(text, expectedCrm);
}

/** `<dir>/salesforce.yaml`, `<dir>/hubspot.yaml`. */
export function mappingPath(dir: string, crm: CrmName): string {
  return join(dir, `${crm}.yaml`);
}
