// Shared helpers: the shipped mappings, parsed and raw, and a terse FieldDescription builder.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { CrmName, CrmRecord, FieldDescription } from "../../../connectors/types.ts";
import { parseMapping } from "../../../src/sync/mapping/load.ts";
import type { Mapping } from "../../../src/sync/mapping/types.ts";

export function shippedText(crm: CrmName): string {
  return readFileSync(new URL(`../../../mappings/${crm}.yaml`, import.meta.url), "utf8");
}

/** The shipped mapping as plain data, for tests that break one rule at a time. */
// biome-ignore lint/suspicious/noExplicitAny: tests reach into arbitrary YAML to break one rule
export function shippedRaw(crm: CrmName): any {
  return parse(shippedText(crm));
}

export function shipped(crm: CrmName): Mapping {
  const result = parseMapping(shippedText(crm), crm);
  if (!result.ok) throw new Error(`shipped ${crm} mapping invalid: ${JSON.stringify(result.problems)}`);
  return result.mapping;
}

export function fd(
  name: string,
  type: FieldDescription["type"],
  extra: Partial<FieldDescription> = {},
): FieldDescription {
  return { name, label: name, type, updateable: true, createable: true, nillable: true, ...extra };
}

export function record(
  partial: Partial<CrmRecord> & Pick<CrmRecord, "crm" | "object" | "id" | "fields">,
): CrmRecord {
  return {
    modifiedAt: "2026-03-01T00:00:00.000Z",
    modifiedBy: null,
    deleted: false,
    mergedIds: [],
    mirrorOf: null,
    associations: {},
    ...partial,
  };
}
