// Search filters compiled to predicates over stored records
// (https://developers.hubspot.com/docs/api-reference/search/guide#filter-search-results).
// Numbers, dates and datetimes compare numerically (datetimes as epoch ms, so a filter on
// hs_lastmodifieddate with a ms value works); strings compare case-insensitively, like the
// search index does. NEQ and NOT_IN also match records without a value.
import { validationError } from "../errors.ts";
import type { HsRecord, ObjectStore } from "../object-store.ts";
import type { PropertyDef, PropertyRegistry } from "../properties/registry.ts";
import { parseTimestamp } from "../properties/validate.ts";

export const OPERATORS = [
  "EQ",
  "NEQ",
  "LT",
  "LTE",
  "GT",
  "GTE",
  "BETWEEN",
  "IN",
  "NOT_IN",
  "HAS_PROPERTY",
  "NOT_HAS_PROPERTY",
  "CONTAINS_TOKEN",
  "NOT_CONTAINS_TOKEN",
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface FilterInput {
  propertyName: string;
  operator: Operator;
  value?: string | number | boolean | undefined;
  highValue?: string | number | boolean | undefined;
  values?: Array<string | number | boolean> | undefined;
}

export type Predicate = (record: HsRecord) => boolean;

export function isNumericType(def: PropertyDef): boolean {
  return def.type === "number" || def.type === "date" || def.type === "datetime";
}

/** Comparable key of a stored value: number for numeric types, lower-case string otherwise. */
export function sortKey(def: PropertyDef, raw: string | undefined): number | string | undefined {
  if (raw === undefined) return undefined;
  if (def.type === "number") return Number(raw);
  if (def.type === "date" || def.type === "datetime") return parseTimestamp(raw);
  return raw.toLowerCase();
}

function filterKey(def: PropertyDef, raw: unknown, filter: FilterInput): number | string {
  if (raw === undefined || raw === null) {
    throw validationError(
      `Filter on ${filter.propertyName} with operator ${filter.operator} requires a value`,
    );
  }
  const text = String(raw);
  if (def.type === "number") {
    const n = Number(text);
    if (text.trim() === "" || Number.isNaN(n))
      throw validationError(`${text} is not a valid number for ${def.name}`);
    return n;
  }
  if (def.type === "date" || def.type === "datetime") {
    const ms = parseTimestamp(text);
    if (Number.isNaN(ms)) throw validationError(`${text} is not a valid date for ${def.name}`);
    return ms;
  }
  return text.toLowerCase();
}

function tokens(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[\s,.;:@/\\_\-()]+/)
    .filter(Boolean);
}

function tokenMatcher(pattern: string): (token: string) => boolean {
  const p = pattern.toLowerCase();
  if (!p.includes("*")) return (t) => t === p;
  const re = new RegExp(
    `^${p
      .split("*")
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return (t) => re.test(t);
}

/** `store` enables its numeric columns; leave it out to read `props` (lagging search views). */
export function compileFilter(
  registry: PropertyRegistry,
  store: ObjectStore | undefined,
  filter: FilterInput,
): Predicate {
  const def = registry.get(filter.propertyName);
  if (!def) throw validationError(`Property "${filter.propertyName}" does not exist`);
  const name = def.name;
  const multi = def.type === "enumeration" && def.fieldType === "checkbox";
  // Numeric types read the store's numeric column (NaN = no value): no string parsing per record.
  const column = store && isNumericType(def) ? store.column(name) : undefined;
  const key = column
    ? (r: HsRecord) => {
        const v = column[r.pos]!;
        return Number.isNaN(v) ? undefined : v;
      }
    : (r: HsRecord) => {
        const k = sortKey(def, r.props[name]);
        return typeof k === "number" && Number.isNaN(k) ? undefined : k;
      };
  const equals = (r: HsRecord, target: number | string): boolean => {
    if (column) return column[r.pos] === target;
    if (isNumericType(def)) return key(r) === target;
    const raw = r.props[name];
    if (raw === undefined) return false;
    if (multi) return raw.toLowerCase().split(";").includes(String(target));
    return raw.toLowerCase() === target;
  };
  switch (filter.operator) {
    case "EQ": {
      const target = filterKey(def, filter.value, filter);
      return (r) => equals(r, target);
    }
    case "NEQ": {
      const target = filterKey(def, filter.value, filter);
      return (r) => !equals(r, target);
    }
    case "LT":
    case "LTE":
    case "GT":
    case "GTE": {
      const target = filterKey(def, filter.value, filter);
      const op = filter.operator;
      return (r) => {
        const k = key(r);
        if (k === undefined) return false;
        if (op === "LT") return k < target;
        if (op === "LTE") return k <= target;
        if (op === "GT") return k > target;
        return k >= target;
      };
    }
    case "BETWEEN": {
      const low = filterKey(def, filter.value, filter);
      const high = filterKey(def, filter.highValue, filter);
      return (r) => {
        const k = key(r);
        return k !== undefined && k >= low && k <= high;
      };
    }
    case "IN":
    case "NOT_IN": {
      if (!filter.values || filter.values.length === 0) {
        throw validationError(`Filter on ${name} with operator ${filter.operator} requires values`);
      }
      const targets = filter.values.map((v) => filterKey(def, v, filter));
      const negate = filter.operator === "NOT_IN";
      return (r) => targets.some((t) => equals(r, t)) !== negate;
    }
    case "HAS_PROPERTY":
      return (r) => r.props[name] !== undefined;
    case "NOT_HAS_PROPERTY":
      return (r) => r.props[name] === undefined;
    case "CONTAINS_TOKEN":
    case "NOT_CONTAINS_TOKEN": {
      const match = tokenMatcher(String(filter.value ?? ""));
      const negate = filter.operator === "NOT_CONTAINS_TOKEN";
      return (r) => {
        const raw = r.props[name];
        const found = raw !== undefined && (match(raw.toLowerCase()) || tokens(raw).some(match));
        return found !== negate;
      };
    }
  }
}
