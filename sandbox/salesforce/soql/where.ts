// WHERE clauses: the parser's flat condition chain → a predicate, with Salesforce's literal typing
// rules, null semantics, date literals and date functions.
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_conditionexpression.htm
import type { Condition, ValueQueryCondition, WhereClause } from "@jetstreamapp/soql-parser-js";
import { Dec } from "../../../money/index.ts";
import { normalizeId } from "../ids.ts";
import { type FieldDef, field, type ObjectDef, type Rec } from "../schema/types.ts";
import { parseDateTime } from "../values.ts";
import { dateLiteralRange, isoDay, unquote } from "./literals.ts";
import type { QueryCompiler as Compiler } from "./plan.ts";

const NUMERIC_TYPES = new Set(["currency", "double", "percent", "int"]);
export function compileWhere(cx: Compiler, object: ObjectDef, where: WhereClause): (rec: Rec) => boolean {
  const tokens = cx.tokens(where);
  let pos = 0;
  // "Parentheses are required whenever you mix the operators" (SOQL Logical Operators):
  // one level holds only ANDs or only ORs.
  // https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-logicaloperators.html
  const expr = (): ((rec: Rec) => boolean) => {
    let left = factor();
    let op: "AND" | "OR" | null = null;
    while (tokens[pos] === "AND" || tokens[pos] === "OR") {
      const t = tokens[pos] as "AND" | "OR";
      if (op && op !== t) throw cx.located("MALFORMED_QUERY", t, `unexpected token: '${t}'`);
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
    if (token && typeof token === "object") return condition(cx, object, token.cond);
    throw cx.located("MALFORMED_QUERY", "WHERE", "unexpected token in WHERE clause");
  };
  return expr();
}

/** Ids pinned by a top-level `Id = x` / `Id IN (...)` conjunct, so the executor can skip the scan. */
export function idFilter(cx: Compiler, object: ObjectDef, where: WhereClause): Set<string> | null {
  const tokens = cx.tokens(where);
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

function condition(
  cx: Compiler,
  object: ObjectDef,
  cond: Condition | ValueQueryCondition,
): (rec: Rec) => boolean {
  let get: (rec: Rec) => unknown;
  let f: FieldDef;
  if ("fn" in cond) {
    ({ get, f } = dateFunction(cx, object, cond.fn.functionName ?? "", cond.fn.parameters?.[0]));
  } else if ("field" in cond) {
    const path = cx.path(object, cond.field.split("."));
    get = path.get;
    f = path.field;
  } else {
    throw cx.located("MALFORMED_QUERY", "WHERE", "unexpected token in WHERE clause");
  }
  const op = cond.operator.toUpperCase();
  if ("valueQuery" in cond && cond.valueQuery) {
    const sub = cx.plan(cond.valueQuery, undefined);
    const selected = sub.select[0];
    if (selected?.kind !== "field")
      throw cx.located("MALFORMED_QUERY", "SELECT", "semi-join must select one field");
    let set: Set<unknown> | null = null;
    const org = cx.org;
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
  const values = rawValues.map((v, i) => literal(cx, f, label, v, String(types[i] ?? "STRING"), op));
  const numeric = NUMERIC_TYPES.has(f.type);
  // Numbers become canonical decimal strings, so `=` and IN compare values, not spellings.
  const norm = (v: unknown): unknown =>
    numeric && (typeof v === "number" || typeof v === "string")
      ? new Dec(v).toString()
      : typeof v === "string" && isText(f)
        ? v.toLowerCase()
        : v;
  const cmp = (a: unknown, b: unknown): number =>
    numeric
      ? new Dec(a as string).cmp(b as string)
      : (a as number) < (b as number)
        ? -1
        : (a as number) > (b as number)
          ? 1
          : 0;
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
          ? (v: unknown) => cmp(v, lo) < 0
          : op === "<="
            ? lit.kind === "range"
              ? (v: unknown) => cmp(v, hi) < 0
              : (v: unknown) => cmp(v, hi) <= 0
            : op === ">"
              ? lit.kind === "range"
                ? (v: unknown) => cmp(v, hi) >= 0
                : (v: unknown) => cmp(v, hi) > 0
              : (v: unknown) => cmp(v, lo) >= 0;
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
      throw cx.located("MALFORMED_QUERY", op, `unexpected token: '${op}'`);
  }
}

/** Date functions usable in WHERE, evaluated in UTC with a January fiscal year.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_date_functions.htm */
function dateFunction(
  cx: Compiler,
  object: ObjectDef,
  name: string,
  param: unknown,
): { get: (rec: Rec) => unknown; f: FieldDef } {
  const fn = name.toUpperCase();
  if (typeof param !== "string") throw cx.located("MALFORMED_QUERY", name, `unexpected token: '${name}'`);
  const path = cx.path(object, param.split("."));
  if (path.field.type !== "date" && path.field.type !== "datetime") {
    throw cx.located("INVALID_FIELD", param, `${name} can only be used with date or dateTime fields`);
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
  if (!part) throw cx.located("MALFORMED_QUERY", name, `unsupported date function in the emulator: ${name}`);
  const inner = path.get;
  return {
    get: (rec) => {
      const d = toDate(inner(rec));
      return d ? part(d) : null;
    },
    f: field({ name: `${fn}(${param})`, type: fn === "DAY_ONLY" ? "date" : "int" }),
  };
}

function literal(
  cx: Compiler,
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
    cx.located(
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
      // Compared as decimals, never through a float: 0.1 + 0.2 money must still equal 0.3.
      return { kind: "value", value: new Dec(raw.replace(/^[A-Z]{3}/, "")).toString() };
    case "date":
    case "datetime": {
      const isDate = f.type === "date";
      if (literalType === "DATE_LITERAL" || literalType === "DATE_N_LITERAL") {
        const range = dateLiteralRange(raw, cx.now);
        if (!range) throw cx.located("MALFORMED_QUERY", raw, `unexpected token: '${raw}'`);
        return isDate
          ? { kind: "range", from: isoDay(range[0]), to: isoDay(range[1]) }
          : { kind: "range", from: range[0], to: range[1] };
      }
      if (isDate && literalType === "DATE") return { kind: "value", value: raw };
      if (!isDate && literalType === "DATETIME") {
        const ms = parseDateTime(raw);
        if (ms === null)
          throw cx.located("INVALID_FIELD", raw, `line 1:0 no viable alternative at character '${raw}'`);
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
            throw cx.located("INVALID_QUERY_FILTER_OPERATOR", raw, `invalid ID field: ${text}`);
          return { kind: "value", value: `\u0000${text}` };
        }
        return { kind: "value", value: id.toLowerCase() };
      }
      return { kind: "value", value: text.toLowerCase() };
    }
  }
}

export function isText(f: FieldDef): boolean {
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
