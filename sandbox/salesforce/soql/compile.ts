// SOQL → an executable plan: resolved field paths, a compiled WHERE predicate, a sort comparator.
// Parsing is @jetstreamapp/soql-parser-js; everything Salesforce checks against the schema
// (unknown object, field, relationship, literal types) is checked here, with Salesforce's texts.
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
import type { Condition, FieldType, OrderByClause, Query, WhereClause } from "@jetstreamapp/soql-parser-js";
import { parseQuery } from "@jetstreamapp/soql-parser-js";
import type { OrgState } from "../org-state.ts";
import type { FieldDef, ObjectDef, Rec } from "../schema/types.ts";
import type { FieldPath, Plan, QueryCompiler, Selected, Token } from "./plan.ts";
import { SoqlError } from "./plan.ts";
import { compileWhere, isText, idFilter as pinnedIds } from "./where.ts";

export type { FieldPath, Plan, Selected } from "./plan.ts";
export { SoqlError } from "./plan.ts";

const CUSTOM_FIELD_HINT =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";

export class Compiler implements QueryCompiler {
  readonly org: OrgState;
  private readonly soql: string;
  readonly now: number;

  constructor(org: OrgState, soql: string, now: number) {
    this.org = org;
    this.soql = soql;
    this.now = now;
  }

  compile(): Plan {
    if (this.soql.trim() === "")
      throw new SoqlError("MALFORMED_QUERY", "SOQL statements cannot be empty or null");
    let query: Query;
    try {
      query = parseQuery(this.soql);
    } catch (error) {
      const found = /found --> '(.*?)' <--/s.exec(String((error as Error).message))?.[1];
      throw this.located(
        "MALFORMED_QUERY",
        found || "",
        found ? `unexpected token: '${found}'` : "unexpected token: <EOF>",
      );
    }
    return this.plan(query, undefined);
  }

  /** Error text with the query echoed and a caret under the offending token, as Salesforce does. */
  located(code: string, token: string, message: string): SoqlError {
    const lines = this.soql.split("\n");
    let row = 0;
    let col = -1;
    const needle = token.toLowerCase();
    for (let i = 0; i < lines.length && needle !== ""; i++) {
      const re = new RegExp(
        `(^|[^A-Za-z0-9_.])${needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9_])`,
        "i",
      );
      const m = re.exec(lines[i]!);
      if (m) {
        row = i;
        col = m.index + m[1]!.length;
        break;
      }
    }
    if (col < 0) col = needle === "" ? lines[lines.length - 1]!.length : 0;
    if (needle === "") row = lines.length - 1;
    return new SoqlError(
      code,
      `\n${lines[row]}\n${" ".repeat(col)}^\nERROR at Row:${row + 1}:Column:${col + 1}\n${message}`,
    );
  }

  private objectFor(name: string): ObjectDef {
    const table = this.org.table(name);
    if (!table) {
      throw this.located(
        "INVALID_TYPE",
        name,
        `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    return table.def;
  }

  plan(query: Query, child: { object: ObjectDef } | undefined): Plan {
    const object = child?.object ?? this.objectFor(query.sObject ?? "");
    const select: Selected[] = [];
    let aggIndex = 0;
    let countOnly = false;
    for (const f of (query.fields ?? []) as FieldType[]) {
      if (f.type === "Field") select.push({ kind: "field", path: this.path(object, [f.field]) });
      else if (f.type === "FieldRelationship")
        select.push({ kind: "field", path: this.path(object, [...f.relationships, f.field]) });
      else if (f.type === "FieldFunctionExpression" && f.functionName.toUpperCase() === "FIELDS") {
        // FIELDS(ALL) and FIELDS(CUSTOM) need LIMIT <= 200; FIELDS(STANDARD) does not.
        // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_fields.htm
        const which = String(f.parameters[0] ?? "").toUpperCase();
        if (which !== "STANDARD" && (query.limit === undefined || query.limit > 200)) {
          throw this.located(
            "MALFORMED_QUERY",
            "FIELDS",
            "The SOQL FIELDS function must have a LIMIT of at most 200",
          );
        }
        for (const def of object.fields) {
          if ((which === "STANDARD" && def.custom) || (which === "CUSTOM" && !def.custom)) continue;
          select.push({ kind: "field", path: this.path(object, [def.name]) });
        }
      } else if (f.type === "FieldFunctionExpression" && f.isAggregateFn) {
        const fn = f.functionName.toUpperCase();
        const param = f.parameters[0];
        if (fn === "COUNT" && param === undefined) {
          countOnly = true;
          continue;
        }
        if (typeof param !== "string")
          throw this.located("MALFORMED_QUERY", f.functionName, "unexpected token: '('");
        const alias = f.alias ?? `expr${aggIndex++}`;
        select.push({ kind: "agg", fn, path: this.path(object, param.split(".")), alias });
      } else if (f.type === "FieldSubquery") {
        select.push(this.childSelect(object, f.subquery));
      } else {
        throw this.located("MALFORMED_QUERY", "", "unsupported field expression in the emulator");
      }
    }
    if (countOnly && select.length > 0) {
      throw this.located("MALFORMED_QUERY", "COUNT", "COUNT() and fields cannot be combined");
    }
    const groupByList =
      query.groupBy === undefined ? [] : Array.isArray(query.groupBy) ? query.groupBy : [query.groupBy];
    const groupBy = groupByList.map((g) => {
      if (!("field" in g))
        throw this.located(
          "MALFORMED_QUERY",
          "GROUP",
          "GROUP BY functions are not supported by the emulator",
        );
      return this.path(object, g.field.split("."));
    });
    const aggregate = select.some((s) => s.kind === "agg") || groupBy.length > 0;
    if (aggregate) {
      for (const s of select) {
        if (
          s.kind === "field" &&
          !groupBy.some((g) => g.field === s.path.field && g.steps.length === s.path.steps.length)
        ) {
          throw this.located(
            "MALFORMED_QUERY",
            s.path.field.name,
            `Field must be grouped or aggregated: ${s.path.field.name}`,
          );
        }
      }
    }
    // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_offset.htm
    if (query.offset !== undefined && query.offset > 2000) {
      throw new SoqlError("NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is 2000");
    }
    const idFilter = query.where ? pinnedIds(this, object, query.where) : null;
    return {
      object,
      select,
      where: query.where ? compileWhere(this, object, query.where) : null,
      idFilter,
      compare: query.orderBy ? this.orderBy(object, query.orderBy) : null,
      limit: query.limit,
      offset: query.offset,
      countOnly,
      aggregate,
      groupBy,
    };
  }

  private childSelect(parent: ObjectDef, sub: Query & { relationshipName: string }): Selected {
    for (const table of this.org.tables.values()) {
      for (const f of table.def.fields) {
        if (
          f.type === "reference" &&
          f.referenceTo.includes(parent.name) &&
          f.childRelationshipName?.toLowerCase() === sub.relationshipName.toLowerCase()
        ) {
          const plan = this.plan(sub, { object: table.def });
          return {
            kind: "child",
            relationship: f.childRelationshipName,
            child: table.def,
            parentField: f,
            plan,
          };
        }
      }
    }
    throw this.located(
      "INVALID_TYPE",
      sub.relationshipName,
      `Didn't understand relationship '${sub.relationshipName}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }

  path(object: ObjectDef, parts: string[]): FieldPath {
    const steps: FieldDef[] = [];
    let current = object;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const ref = current.byRelationship.get(part.toLowerCase());
      const target = ref?.referenceTo[0] ? this.org.table(ref.referenceTo[0]) : undefined;
      if (!ref || !target) {
        throw this.located(
          "INVALID_FIELD",
          parts.join("."),
          `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
      steps.push(ref);
      current = target.def;
    }
    const name = parts[parts.length - 1]!;
    const field = current.byName.get(name.toLowerCase());
    if (!field) {
      throw this.located(
        "INVALID_FIELD",
        parts.join("."),
        `No such column '${name}' on entity '${current.name}'. ${CUSTOM_FIELD_HINT}`,
      );
    }
    const org = this.org;
    const fieldName = field.name;
    const get =
      steps.length === 0
        ? (rec: Rec) => rec[fieldName]
        : (rec: Rec) => {
            let cur: Rec | undefined = rec;
            for (const step of steps) {
              const id: unknown = cur[step.name];
              if (typeof id !== "string") return null;
              cur = org.find(id)?.rec;
              if (!cur) return null;
            }
            return cur[fieldName];
          };
    return { steps, field, get };
  }

  tokens(where: WhereClause): Token[] {
    const out: Token[] = [];
    let node: WhereClause | undefined = where;
    while (node) {
      const left = node.left as (Condition & { openParen?: number; closeParen?: number }) | null;
      if ("operator" in node && node.operator === "NOT") {
        for (let i = 0; i < (left?.openParen ?? 0); i++) out.push("(");
        out.push("NOT");
        node = node.right;
        continue;
      }
      if (left) {
        for (let i = 0; i < (left.openParen ?? 0); i++) out.push("(");
        out.push({ cond: left });
        for (let i = 0; i < (left.closeParen ?? 0); i++) out.push(")");
      }
      if ("operator" in node && node.operator) out.push(node.operator as "AND" | "OR");
      node = "right" in node ? node.right : undefined;
    }
    return out;
  }

  private orderBy(object: ObjectDef, orderBy: OrderByClause | OrderByClause[]): (a: Rec, b: Rec) => number {
    const list = Array.isArray(orderBy) ? orderBy : [orderBy];
    const keys = list.map((o) => {
      if (!("field" in o))
        throw this.located(
          "MALFORMED_QUERY",
          "ORDER",
          "ORDER BY functions are not supported by the emulator",
        );
      const path = this.path(object, o.field.split("."));
      const desc = o.order === "DESC";
      const nullsFirst = o.nulls ? o.nulls === "FIRST" : !desc;
      const text = isText(path.field);
      return { get: path.get, desc, nullsFirst, text };
    });
    return (a, b) => {
      for (const k of keys) {
        let va = k.get(a);
        let vb = k.get(b);
        const na = va === null || va === undefined;
        const nb = vb === null || vb === undefined;
        if (na || nb) {
          if (na && nb) continue;
          return na === k.nullsFirst ? -1 : 1;
        }
        if (k.text) {
          va = String(va).toLowerCase();
          vb = String(vb).toLowerCase();
        }
        if (va === vb) continue;
        const cmp = (va as number) < (vb as number) ? -1 : 1;
        return k.desc ? -cmp : cmp;
      }
      return 0;
    };
  }
}
