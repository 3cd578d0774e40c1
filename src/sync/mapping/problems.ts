// Collects mapping problems with their YAML path, deriving entity and field from the path.
import type { z } from "zod";
import type { CrmName } from "../../../connectors/types.ts";
import type { MappingProblem, MappingProblemCode } from "./types.ts";

export type Segment = string | number;

export function formatPath(segments: readonly Segment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

export class Problems {
  readonly list: MappingProblem[] = [];
  private readonly crm: () => CrmName | null;
  constructor(crm: () => CrmName | null) {
    this.crm = crm;
  }

  add(path: Segment[], code: MappingProblemCode, message: string, crmField: string | null = null): void {
    const entity = path[0] === "entities" && (path[1] === "partner" || path[1] === "deal") ? path[1] : null;
    let field: string | null = null;
    if (entity && path[2] === "fields" && typeof path[3] === "string") field = path[3];
    else if (entity && typeof path[2] === "string") {
      field = typeof path[3] === "number" ? `${path[2]}[${path[3]}]` : path[2];
    }
    this.list.push({
      crm: this.crm(),
      entity,
      field,
      crm_field: crmField,
      path: formatPath(path),
      code,
      message,
    });
  }

  addZod(prefix: Segment[], error: z.ZodError, crmField: string | null = null): void {
    for (const issue of error.issues) {
      const path = [...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) this.add([...path, key], "schema", "unknown key", crmField);
      } else {
        this.add(path, "schema", issue.message, crmField);
      }
    }
  }
}
