// Runs a compiled plan against the org and renders rows the way the REST query resource does:
// `attributes {type, url}`, parent relationships as nested objects, children as nested query results.
// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query
import type { OrgState } from "../org-state.ts";
import type { Rec } from "../schema/types.ts";
import { toWire } from "../values.ts";
import type { FieldPath, Plan } from "./compile.ts";

export interface QueryOutcome {
  /** Matching records (or AggregateResult rows already rendered) in result order. */
  rows: Rec[] | Record<string, unknown>[];
  totalSize: number;
  aggregate: boolean;
}

export function execute(org: OrgState, plan: Plan, queryAll: boolean): QueryOutcome {
  const table = org.table(plan.object.name)!;
  let rows: Rec[] = [];
  const source: Iterable<Rec> = plan.idFilter
    ? [...plan.idFilter].flatMap((id) => {
        const rec = table.rows.get(id);
        return rec ? [rec] : [];
      })
    : table.rows.values();
  const where = plan.where;
  // Without ORDER BY or aggregation, a LIMIT lets the scan stop early.
  const enough =
    !plan.compare && !plan.aggregate && plan.limit !== undefined ? (plan.offset ?? 0) + plan.limit : Infinity;
  for (const rec of source) {
    if (rec.IsDeleted && !queryAll) continue;
    if (where && !where(rec)) continue;
    rows.push(rec);
    if (rows.length >= enough) break;
  }
  if (plan.aggregate) {
    const grouped = aggregateRows(plan, rows);
    return {
      rows: window(grouped, plan),
      totalSize: Math.min(grouped.length, plan.limit ?? Infinity),
      aggregate: true,
    };
  }
  if (plan.compare) rows.sort(plan.compare);
  rows = window(rows, plan);
  return { rows, totalSize: rows.length, aggregate: false };
}

function window<T>(rows: T[], plan: Plan): T[] {
  const start = plan.offset ?? 0;
  const end = plan.limit === undefined ? undefined : start + plan.limit;
  return start === 0 && end === undefined ? rows : rows.slice(start, end);
}

function aggregateRows(plan: Plan, rows: Rec[]): Record<string, unknown>[] {
  const groups = new Map<string, Rec[]>();
  for (const rec of rows) {
    const key = JSON.stringify(plan.groupBy.map((g) => g.get(rec) ?? null));
    let list = groups.get(key);
    if (!list) {
      list = [];
      groups.set(key, list);
    }
    list.push(rec);
  }
  if (plan.groupBy.length === 0 && groups.size === 0) groups.set("[]", []);
  const out: Record<string, unknown>[] = [];
  for (const list of groups.values()) {
    const row: Record<string, unknown> = { attributes: { type: "AggregateResult" } };
    for (const s of plan.select) {
      if (s.kind === "field")
        row[s.path.field.name] = list[0] ? toWire(s.path.field, s.path.get(list[0])) : null;
      else if (s.kind === "agg") row[s.alias] = aggregate(s.fn, s.path, list);
    }
    out.push(row);
  }
  return out;
}

function aggregate(fn: string, path: FieldPath | null, rows: Rec[]): unknown {
  const values = path ? rows.map((r) => path.get(r)).filter((v) => v !== null && v !== undefined) : rows;
  switch (fn) {
    case "COUNT":
      return values.length;
    case "COUNT_DISTINCT":
      return new Set(values.map((v) => (typeof v === "string" ? v.toLowerCase() : v))).size;
    case "SUM":
      return values.length ? (values as number[]).reduce((a, b) => a + b, 0) : null;
    case "AVG":
      return values.length ? (values as number[]).reduce((a, b) => a + b, 0) / values.length : null;
    case "MIN":
      return values.length
        ? toWire(
            path?.field,
            values.reduce((a, b) => Math.min(a as number, b as number)),
          )
        : null;
    case "MAX":
      return values.length
        ? toWire(
            path?.field,
            values.reduce((a, b) => Math.max(a as number, b as number)),
          )
        : null;
    default:
      return null;
  }
}

/** Renders one record for the REST API at the caller's API version. */
export function render(org: OrgState, plan: Plan, rec: Rec, version: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: {
      type: plan.object.name,
      url: `/services/data/${version}/sobjects/${plan.object.name}/${rec.Id}`,
    },
  };
  for (const s of plan.select) {
    if (s.kind === "field") setPath(org, out, rec, s.path, version);
    else if (s.kind === "child") {
      const children = childRows(org, s.child.name, s.parentField.name, rec.Id, s.plan);
      out[s.relationship] =
        children.length === 0
          ? null
          : {
              totalSize: children.length,
              done: true,
              records: children.map((c) => render(org, s.plan, c, version)),
            };
    }
  }
  return out;
}

// Children grouped by parent id once per plan (i.e. per query cursor), so rendering N parents
// costs O(children) in total, not O(parents × children).
const childIndex = new WeakMap<Plan, Map<string, Rec[]>>();

function childRows(org: OrgState, object: string, field: string, parentId: string, plan: Plan): Rec[] {
  let index = childIndex.get(plan);
  if (!index) {
    index = new Map();
    for (const rec of org.table(object)!.rows.values()) {
      const parent = rec[field];
      if (rec.IsDeleted || typeof parent !== "string" || (plan.where && !plan.where(rec))) continue;
      let list = index.get(parent);
      if (!list) {
        list = [];
        index.set(parent, list);
      }
      list.push(rec);
    }
    if (plan.compare) for (const list of index.values()) list.sort(plan.compare);
    childIndex.set(plan, index);
  }
  return window(index.get(parentId) ?? [], plan);
}

function setPath(
  org: OrgState,
  out: Record<string, unknown>,
  rec: Rec,
  path: FieldPath,
  version: string,
): void {
  let target = out;
  let cur: Rec | undefined = rec;
  for (const step of path.steps) {
    const relName = step.relationshipName!;
    const id: unknown = cur?.[step.name];
    const parent: Rec | undefined = typeof id === "string" ? org.find(id)?.rec : undefined;
    if (!parent) {
      if (!(relName in target)) target[relName] = null;
      return;
    }
    let nested = target[relName] as Record<string, unknown> | null | undefined;
    if (!nested) {
      const type = org.tableForId(parent.Id)!.def.name;
      nested = { attributes: { type, url: `/services/data/${version}/sobjects/${type}/${parent.Id}` } };
      target[relName] = nested;
    }
    target = nested;
    cur = parent;
  }
  target[path.field.name] = toWire(path.field, cur?.[path.field.name]);
}
