// SOQL → an executable plan: resolved field paths, a compiled WHERE predicate, a sort comparator.
// Parsing is @jetstreamapp/soql-parser-js; everything Salesforce checks against the schema
// (unknown object, field, relationship, literal types) is checked here, with Salesforce's texts.
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
import type {
  Condition,
  FieldType,
  OrderByClause,
  Query,
  ValueQueryCondition,
  WhereClause,
} from "@jetstreamapp/soql-parser-js";
import { parseQuery } from "@jetstreamapp/soql-parser-js";
import { normalizeId } from "../ids.ts";
import type { OrgState } from "../org-state.ts";
import { type FieldDef, field, type ObjectDef, type Rec } from "../schema/types.ts";
import { parseDateTime } from "../values.ts";
import { dateLiteralRange, isoDay, unquote } from "./literals.ts";

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

type Token = "(" | ")" | "AND" | "OR" | "NOT" | { cond: Condition | ValueQueryCondition };

const CUSTOM_FIELD_HINT =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";

export class Compiler {
  private readonly org: OrgState;
  private readonly soql: string;
  private readonly now: number;

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
    const idFilter = query.where ? this.idFilter(object, query.where) : null;
    return {
      object,
      select,
      where: query.where ? this.where(object, query.where) : null,
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

  private tokens(where: WhereClause): Token[] {
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

  private where(object: ObjectDef, where: WhereClause): (rec: Rec) => boolean {
    const tokens = this.tokens(where);
    let pos = 0;
    // "Parentheses are required whenever you mix the operators" (SOQL Logical Operators):
    // one level holds only ANDs or only ORs.
    // https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-logicaloperators.html
    const expr = (): ((rec: Rec) => boolean) => {
      let left = factor();
      let op: "AND" | "OR" | null = null;
      while (tokens[pos] === "AND" || tokens[pos] === "OR") {
        const t = tokens[pos] as "AND" | "OR";
        if (op && op !== t) throw this.located("MALFORMED_QUERY", t, `unexpected token: '${t}'`);
        op = t;
        pos++;
        const a = left;
        const b = factor();
        left = t === "AND" ? (rec) => a(rec) && b(rec) : (rec) => a(rec) || b(rec);
      }
      return left;
    };
    const factor = (): ((rec: Rec) => boolean) => {
      const token = tokens[pos++];
      if (token === "NOT") {
        const inner = factor();
        return (rec) => !inner(rec);
      }
      if (token === "(") {
        const inner = expr();
        if (tokens[pos] === ")") pos++;
        return inner;
      }
      if (token && typeof token === "object") return this.condition(object, token.cond);
      throw this.located("MALFORMED_QUERY", "WHERE", "unexpected token in WHERE clause");
    };
    return expr();
  }

  /** Ids pinned by a top-level `Id = x` / `Id IN (...)` conjunct, so the executor can skip the scan. */
  private idFilter(object: ObjectDef, where: WhereClause): Set<string> | null {
    const tokens = this.tokens(where);
    if (tokens.some((t) => t === "OR" || t === "NOT" || t === "(")) return null;
    for (const t of tokens) {
      if (typeof t !== "object") continue;
      const c = t.cond as {
        field?: string;
        operator?: string;
        value?: string | string[];
        literalType?: unknown;
      };
      if (
        c.field?.toLowerCase() !== "id" ||
        (c.operator !== "=" && c.operator !== "IN") ||
        c.literalType === "SUBQUERY"
      )
        continue;
      const values = Array.isArray(c.value) ? c.value : [c.value ?? ""];
      const ids = new Set<string>();
      for (const v of values) {
        const id = normalizeId(unquote(v));
        if (id?.startsWith(object.keyPrefix)) ids.add(id);
      }
      return ids;
    }
    return null;
  }

  private condition(object: ObjectDef, cond: Condition | ValueQueryCondition): (rec: Rec) => boolean {
    let get: (rec: Rec) => unknown;
    let f: FieldDef;
    if ("fn" in cond) {
      ({ get, f } = this.dateFunction(object, cond.fn.functionName ?? "", cond.fn.parameters?.[0]));
    } else if ("field" in cond) {
      const path = this.path(object, cond.field.split("."));
      get = path.get;
      f = path.field;
    } else {
      throw this.located("MALFORMED_QUERY", "WHERE", "unexpected token in WHERE clause");
    }
    const op = cond.operator.toUpperCase();
    if ("valueQuery" in cond && cond.valueQuery) {
      const sub = this.plan(cond.valueQuery, undefined);
      const selected = sub.select[0];
      if (selected?.kind !== "field")
        throw this.located("MALFORMED_QUERY", "SELECT", "semi-join must select one field");
      let set: Set<unknown> | null = null;
      const org = this.org;
      const subPath = selected.path;
      const build = () => {
        const out = new Set<unknown>();
        const table = org.table(sub.object.name)!;
        for (const rec of table.rows.values())
          if (!rec.IsDeleted && (!sub.where || sub.where(rec))) out.add(subPath.get(rec));
        return out;
      };
      const members = () => {
        if (!set) set = build();
        return set;
      };
      return op === "NOT IN" ? (rec) => !members().has(get(rec)) : (rec) => members().has(get(rec));
    }
    const c = cond as Condition & { value: string | string[]; literalType?: string | string[] };
    const rawValues = Array.isArray(c.value) ? c.value : [c.value];
    const types = Array.isArray(c.literalType) ? c.literalType : rawValues.map(() => c.literalType as string);
    const label = "field" in cond ? cond.field : f.name;
    const values = rawValues.map((v, i) => this.literal(f, label, v, String(types[i] ?? "STRING"), op));
    const norm = (v: unknown): unknown => (typeof v === "string" && isText(f) ? v.toLowerCase() : v);
    switch (op) {
      case "=":
      case "!=":
      case "<>": {
        const lit = values[0]!;
        const eq =
          lit.kind === "null"
            ? (v: unknown) => v === null || v === undefined
            : lit.kind === "range"
              ? (v: unknown) =>
                  v !== null &&
                  v !== undefined &&
                  (v as number) >= (lit.from as number) &&
                  (v as number) < (lit.to as number)
              : (v: unknown) => v !== null && v !== undefined && norm(v) === lit.value;
        return op === "=" ? (rec) => eq(get(rec)) : (rec) => !eq(get(rec));
      }
      case "<":
      case "<=":
      case ">":
      case ">=": {
        const lit = values[0]!;
        if (lit.kind === "null") return () => false;
        const lo = lit.kind === "range" ? lit.from : lit.value;
        const hi = lit.kind === "range" ? lit.to : lit.value;
        const test =
          op === "<"
            ? (v: unknown) => (v as number) < (lo as number)
            : op === "<="
              ? lit.kind === "range"
                ? (v: unknown) => (v as number) < (hi as number)
                : (v: unknown) => (v as number) <= (hi as number)
              : op === ">"
                ? lit.kind === "range"
                  ? (v: unknown) => (v as number) >= (hi as number)
                  : (v: unknown) => (v as number) > (hi as number)
                : (v: unknown) => (v as number) >= (lo as number);
        return (rec) => {
          const v = get(rec);
          return v !== null && v !== undefined && test(norm(v));
        };
      }
      case "LIKE": {
        const lit = values[0]!;
        if (lit.kind !== "value" || typeof lit.value !== "string") return () => false;
        const re = likeRegex(lit.value);
        return (rec) => {
          const v = get(rec);
          return typeof v === "string" && re.test(v);
        };
      }
      case "IN":
      case "NOT IN": {
        const set = new Set(
          values.filter((v) => v.kind === "value").map((v) => (v as { value: unknown }).value),
        );
        const hasNull = values.some((v) => v.kind === "null");
        const inSet = (v: unknown) => (v === null || v === undefined ? hasNull : set.has(norm(v)));
        return op === "IN" ? (rec) => inSet(get(rec)) : (rec) => !inSet(get(rec));
      }
      case "INCLUDES":
      case "EXCLUDES": {
        const wanted = values.map((v) => (v.kind === "value" ? String(v.value).split(";") : []));
        const includes = (v: unknown) => {
          if (typeof v !== "string") return false;
          const have = new Set(v.toLowerCase().split(";"));
          return wanted.some((all) => all.every((w) => have.has(w)));
        };
        return op === "INCLUDES" ? (rec) => includes(get(rec)) : (rec) => !includes(get(rec));
      }
      default:
        throw this.located("MALFORMED_QUERY", op, `unexpected token: '${op}'`);
    }
  }

  /** Date functions usable in WHERE, evaluated in UTC with a January fiscal year.
   * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_date_functions.htm */
  private dateFunction(
    object: ObjectDef,
    name: string,
    param: unknown,
  ): { get: (rec: Rec) => unknown; f: FieldDef } {
    const fn = name.toUpperCase();
    if (typeof param !== "string") throw this.located("MALFORMED_QUERY", name, `unexpected token: '${name}'`);
    const path = this.path(object, param.split("."));
    if (path.field.type !== "date" && path.field.type !== "datetime") {
      throw this.located("INVALID_FIELD", param, `${name} can only be used with date or dateTime fields`);
    }
    const toDate = (v: unknown): Date | null =>
      typeof v === "number" ? new Date(v) : typeof v === "string" ? new Date(`${v}T00:00:00Z`) : null;
    const parts: Record<string, (d: Date) => number | string> = {
      CALENDAR_YEAR: (d) => d.getUTCFullYear(),
      CALENDAR_QUARTER: (d) => Math.floor(d.getUTCMonth() / 3) + 1,
      CALENDAR_MONTH: (d) => d.getUTCMonth() + 1,
      DAY_IN_MONTH: (d) => d.getUTCDate(),
      DAY_IN_WEEK: (d) => d.getUTCDay() + 1,
      HOUR_IN_DAY: (d) => d.getUTCHours(),
      FISCAL_YEAR: (d) => d.getUTCFullYear(),
      FISCAL_QUARTER: (d) => Math.floor(d.getUTCMonth() / 3) + 1,
      FISCAL_MONTH: (d) => d.getUTCMonth() + 1,
      DAY_ONLY: (d) => d.toISOString().slice(0, 10),
    };
    const part = parts[fn];
    if (!part)
      throw this.located("MALFORMED_QUERY", name, `unsupported date function in the emulator: ${name}`);
    const inner = path.get;
    return {
      get: (rec) => {
        const d = toDate(inner(rec));
        return d ? part(d) : null;
      },
      f: field({ name: `${fn}(${param})`, type: fn === "DAY_ONLY" ? "date" : "int" }),
    };
  }

  private literal(
    f: FieldDef,
    name: string,
    raw: string,
    literalType: string,
    op: string,
  ):
    | { kind: "null" }
    | { kind: "value"; value: unknown }
    | { kind: "range"; from: number | string; to: number | string } {
    if (literalType === "NULL") return { kind: "null" };
    const mustBe = (type: string, quoted: boolean) =>
      this.located(
        "INVALID_FIELD",
        raw,
        `value of filter criterion for field '${name}' must be of type ${type} and should ${quoted ? "" : "not "}be enclosed in quotes`,
      );
    switch (f.type) {
      case "boolean":
        if (literalType !== "BOOLEAN") throw mustBe("boolean", false);
        return { kind: "value", value: raw.toUpperCase() === "TRUE" };
      case "currency":
      case "double":
      case "percent":
      case "int":
        if (
          literalType !== "INTEGER" &&
          literalType !== "DECIMAL" &&
          literalType !== "DECIMAL_WITH_CURRENCY_PREFIX"
        ) {
          throw mustBe(f.type === "int" ? "int" : "double", false);
        }
        return { kind: "value", value: Number(raw.replace(/^[A-Z]{3}/, "")) };
      case "date":
      case "datetime": {
        const isDate = f.type === "date";
        if (literalType === "DATE_LITERAL" || literalType === "DATE_N_LITERAL") {
          const range = dateLiteralRange(raw, this.now);
          if (!range) throw this.located("MALFORMED_QUERY", raw, `unexpected token: '${raw}'`);
          return isDate
            ? { kind: "range", from: isoDay(range[0]), to: isoDay(range[1]) }
            : { kind: "range", from: range[0], to: range[1] };
        }
        if (isDate && literalType === "DATE") return { kind: "value", value: raw };
        if (!isDate && literalType === "DATETIME") {
          const ms = parseDateTime(raw);
          if (ms === null)
            throw this.located("INVALID_FIELD", raw, `line 1:0 no viable alternative at character '${raw}'`);
          return { kind: "value", value: ms };
        }
        throw mustBe(isDate ? "date" : "dateTime", false);
      }
      default: {
        if (literalType !== "STRING") throw mustBe("string", true);
        const text = unquote(raw);
        if (f.type === "id" || f.type === "reference") {
          if (op === "LIKE") return { kind: "value", value: text };
          const id = normalizeId(text);
          if (!id) {
            if (f.type === "id")
              throw this.located("INVALID_QUERY_FILTER_OPERATOR", raw, `invalid ID field: ${text}`);
            return { kind: "value", value: `\u0000${text}` };
          }
          return { kind: "value", value: id.toLowerCase() };
        }
        return { kind: "value", value: text.toLowerCase() };
      }
    }
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

function isText(f: FieldDef): boolean {
  return !["boolean", "currency", "double", "percent", "int", "date", "datetime"].includes(f.type);
}

function likeRegex(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length) out += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (ch === "%") out += ".*";
    else if (ch === "_") out += ".";
    else out += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`, "is");
}
