// Client-side evaluation of a mapping's scope, for list reads (the list endpoint cannot filter).
// Mirrors the search API operators the same scope becomes on incremental reads.
import type { ScopeCondition } from "../types.ts";
import type { WireObject } from "./wire.ts";

const num = (s: string) => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN);

function compare(a: string, b: string): number {
  const x = num(a);
  const y = num(b);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function matchesScope(wire: WireObject, scope: ScopeCondition[] | undefined): boolean {
  for (const c of scope ?? []) {
    const raw = wire.properties[c.field];
    const v = raw === null || raw === undefined || raw === "" ? undefined : raw;
    const want = typeof c.value === "boolean" ? String(c.value) : c.value;
    const list = Array.isArray(want) ? want : want === undefined ? [] : [want];
    const one = list[0] ?? "";
    const ok = (() => {
      switch (c.op) {
        case "is_null":
          return v === undefined;
        case "not_null":
          return v !== undefined;
        case "eq":
          return v !== undefined && v.toLowerCase() === one.toLowerCase();
        case "neq":
          return v === undefined || v.toLowerCase() !== one.toLowerCase();
        case "in":
          return v !== undefined && list.some((x) => x.toLowerCase() === v.toLowerCase());
        case "not_in":
          return v === undefined || !list.some((x) => x.toLowerCase() === v.toLowerCase());
        case "gt":
          return v !== undefined && compare(v, one) > 0;
        case "gte":
          return v !== undefined && compare(v, one) >= 0;
        case "lt":
          return v !== undefined && compare(v, one) < 0;
        case "lte":
          return v !== undefined && compare(v, one) <= 0;
        default:
          return false;
      }
    })();
    if (!ok) return false;
  }
  return true;
}
