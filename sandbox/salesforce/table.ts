// The org's tables and write pipeline types, and the lookups record validation needs from the
// org: here, apart from org-state.ts, so validate.ts can check a record without importing the
// org that calls it.
import type { FieldDef, ObjectDef, Rec } from "./schema/types.ts";
import type { RecordError } from "./values.ts";

export interface ValidationRule {
  object: string;
  /** Error location; the rule also receives this field's value. Absent = record-level error. */
  field?: string | undefined;
  message: string;
  reject: (value: unknown, record: Readonly<Record<string, unknown>>) => boolean;
}

export type WriteMode = "json" | "csv" | "backdoor";

export interface WriteContext {
  userId: string;
  mode: WriteMode;
}

export type WriteResult =
  | { ok: true; id: string; created: boolean }
  | { ok: false; errors: RecordError[]; fatal: boolean; id?: string };

export interface Table {
  def: ObjectDef;
  rows: Map<string, Rec>;
  /** External-id / unique field name → normalized value → ids (live records only). */
  keys: Map<string, Map<string, Set<string>>>;
  deletedAt: Map<string, number>;
  /** Cascade-delete reference field → parent id → live child ids. */
  children: Map<string, Map<string, Set<string>>>;
}

/** What validate.ts asks of the org while checking one record (OrgState provides it). */
export interface OrgLookups {
  readonly rules: ValidationRule[];
  extraRules: () => ValidationRule[];
  fieldLists(def: ObjectDef): {
    required: FieldDef[];
    references: FieldDef[];
    template: Record<string, null>;
  };
  tableForId(id18: string): Table | undefined;
  lookupKey(table: Table, fieldName: string, value: unknown): string[];
}
