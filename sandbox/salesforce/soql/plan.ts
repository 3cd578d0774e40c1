// What a compiled SOQL query is (plan, field paths, errors) and what compiling a WHERE clause
// asks of the compiler: apart from compile.ts, so where.ts needs no import of the compiler that
// calls it.
import type { Condition, Query, ValueQueryCondition, WhereClause } from "@jetstreamapp/soql-parser-js";
import type { OrgState } from "../org-state.ts";
import type { FieldDef, ObjectDef, Rec } from "../schema/types.ts";

export class SoqlError extends Error {
  readonly errorCode: string;
  constructor(errorCode: string, message: string) {
    super(message);
    this.errorCode = errorCode;
  }
}

export interface FieldPath {
  /** Reference fields walked to reach the field (PartnerAccount.Name → [PartnerAccountId]). */
  steps: FieldDef[];
  field: FieldDef;
  get: (rec: Rec) => unknown;
}

export type Selected =
  | { kind: "field"; path: FieldPath }
  | { kind: "agg"; fn: string; path: FieldPath | null; alias: string }
  | { kind: "child"; relationship: string; child: ObjectDef; parentField: FieldDef; plan: Plan };

export interface Plan {
  object: ObjectDef;
  select: Selected[];
  where: ((rec: Rec) => boolean) | null;
  /** Record ids the WHERE pins down (`Id = x` / `Id IN (...)` at the top level), for index lookups. */
  idFilter: Set<string> | null;
  compare: ((a: Rec, b: Rec) => number) | null;
  limit: number | undefined;
  offset: number | undefined;
  countOnly: boolean;
  aggregate: boolean;
  groupBy: FieldPath[];
}

export type Token = "(" | ")" | "AND" | "OR" | "NOT" | { cond: Condition | ValueQueryCondition };

/** The compiler as where.ts uses it (compile.ts's Compiler). */
export interface QueryCompiler {
  readonly org: OrgState;
  readonly now: number;
  located(code: string, token: string, message: string): SoqlError;
  plan(query: Query, child: { object: ObjectDef } | undefined): Plan;
  path(object: ObjectDef, parts: string[]): FieldPath;
  tokens(where: WhereClause): Token[];
}
