// CRM search (https://developers.hubspot.com/docs/api-reference/search/guide):
// - filterGroups are OR'ed, filters inside a group AND'ed; since 2024-08-26 at most 5 groups,
//   10 filters per group and 25 filters in all
//   (https://developers.hubspot.com/changelog/breaking-change-expanded-filtering-capabilities-and-error-messaging-in-hubspots-search-api);
// - one sort; `limit` ≤ 200; `after` is an offset; `total` counts every match;
// - at most 10,000 results per query: asking for `after` ≥ 10,000 answers 400;
// - archived records are never returned.
// Matching id lists are cached per (object type, query, store version), so paging through a
// result set costs one scan, not one per page.
import { z } from "zod";
import { validationError } from "../errors.ts";
import type { HsRecord } from "../object-store.ts";
import type { ObjectTypeName } from "../object-types.ts";
import type { PortalState } from "../portal-state.ts";
import { toWire } from "../wire.ts";
import {
  compileFilter,
  type FilterInput,
  isNumericType,
  OPERATORS,
  type Predicate,
  sortKey,
} from "./filters.ts";

export const SEARCH_RESULT_CAP = 10_000;
export const MAX_GROUPS = 5;
export const MAX_FILTERS_PER_GROUP = 10;
export const MAX_FILTERS = 25;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: scalar.optional(),
  highValue: scalar.optional(),
  values: z.array(scalar).optional(),
});
const sortSchema = z.union([
  z.string(),
  z.object({
    propertyName: z.string().min(1),
    direction: z.enum(["ASCENDING", "DESCENDING"]).default("ASCENDING"),
  }),
]);
export const searchRequestSchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).default([]),
  sorts: z.array(sortSchema).default([]),
  query: z.string().optional(),
  properties: z.array(z.string()).optional(),
  limit: z.coerce.number().int().min(0).default(10),
  after: z.union([z.string(), z.number()]).optional(),
});
export type SearchRequest = z.output<typeof searchRequestSchema>;

const QUERY_PROPERTIES: Record<ObjectTypeName, string[]> = {
  deals: ["dealname"],
  companies: ["name", "domain", "website"],
  contacts: ["email", "firstname", "lastname", "phone", "company"],
  tasks: ["hs_task_subject", "hs_task_body"],
};

function checkLimits(request: SearchRequest): void {
  const groups = request.filterGroups;
  if (groups.length > MAX_GROUPS) {
    throw validationError(
      `Too many filter groups (${groups.length}). The maximum number of filter groups is ${MAX_GROUPS}.`,
    );
  }
  let total = 0;
  for (const g of groups) {
    total += g.filters.length;
    if (g.filters.length > MAX_FILTERS_PER_GROUP) {
      throw validationError(
        `Too many filters in a filter group (${g.filters.length}). The maximum number of filters per group is ${MAX_FILTERS_PER_GROUP}.`,
      );
    }
  }
  if (total > MAX_FILTERS) {
    throw validationError(
      `Too many filters (${total}). The maximum number of filters across all groups is ${MAX_FILTERS}.`,
    );
  }
  if (request.limit > 200)
    throw validationError(`limit must be less than or equal to 200, got ${request.limit}`);
  if (request.sorts.length > 1) throw validationError("Only one sort is supported");
}

interface CacheEntry {
  version: number;
  matches: HsRecord[];
}

export class SearchEngine {
  readonly #state: PortalState;
  readonly #cache = new Map<string, CacheEntry>();

  constructor(state: PortalState) {
    this.#state = state;
  }

  run(objectType: ObjectTypeName, request: SearchRequest): Record<string, unknown> {
    checkLimits(request);
    const after = request.after === undefined || request.after === "" ? 0 : Number(request.after);
    if (!Number.isInteger(after) || after < 0)
      throw validationError(`after must be a non-negative integer, got ${request.after}`);
    if (after >= SEARCH_RESULT_CAP) {
      throw validationError(
        `Cannot page past ${SEARCH_RESULT_CAP} results (after=${after}). The search endpoints return at most ${SEARCH_RESULT_CAP} results for a query; narrow the filters instead.`,
      );
    }
    const matches = this.#matches(objectType, request);
    const end = Math.min(after + request.limit, matches.length, SEARCH_RESULT_CAP);
    const results = [];
    for (let i = after; i < end; i++) {
      results.push(toWire(this.#state, objectType, matches[i]!, { properties: request.properties }));
    }
    const out: Record<string, unknown> = { total: matches.length, results };
    if (end < matches.length && request.limit > 0) out.paging = { next: { after: String(end) } };
    return out;
  }

  #matches(objectType: ObjectTypeName, request: SearchRequest): HsRecord[] {
    const store = this.#state.stores[objectType];
    // While API writes are still "being indexed" (searchIndexLagMs), answer from lagging views.
    if (this.#state.now() < this.#state.searchPendingUntil[objectType])
      return this.#compute(objectType, request, true);
    const key = `${objectType}|${JSON.stringify([request.filterGroups, request.sorts, request.query ?? ""])}`;
    const cached = this.#cache.get(key);
    if (cached && cached.version === store.version) return cached.matches;
    const matches = this.#compute(objectType, request, false);
    if (this.#cache.size >= 32) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(key, { version: store.version, matches });
    return matches;
  }

  #compute(objectType: ObjectTypeName, request: SearchRequest, lagging: boolean): HsRecord[] {
    const store = this.#state.stores[objectType];
    const registry = this.#state.properties[objectType];
    const columns = lagging ? undefined : store;
    const groups = request.filterGroups.map((g) => ({
      predicates: g.filters.map((f) => compileFilter(registry, columns, f as FilterInput)),
      seed: g.filters.find((f) => {
        const def = registry.get(f.propertyName);
        const textual =
          def?.type === "string" || (def?.type === "enumeration" && def.fieldType !== "checkbox");
        return f.operator === "EQ" && textual;
      }),
    }));
    const query = request.query?.trim().toLowerCase();
    const queryPredicate: Predicate | undefined = query
      ? (r) => QUERY_PROPERTIES[objectType].some((p) => r.props[p]?.toLowerCase().includes(query))
      : undefined;
    const accept = (r: HsRecord, predicates: Predicate[]) =>
      !r.archived && predicates.every((p) => p(r)) && (!queryPredicate || queryPredicate(r));

    let matches: HsRecord[];
    if (lagging) {
      const now = this.#state.now();
      const source: HsRecord[] = [];
      for (const r of store.ordered) {
        const view = r.indexedAt !== undefined && r.indexedAt > now ? r.searchView : undefined;
        if (!view) source.push(r);
        else if (!view.absent) source.push({ ...r, props: view.props, archived: view.archived });
      }
      matches =
        groups.length === 0
          ? source.filter((r) => accept(r, []))
          : source.filter((r) => groups.some((g) => accept(r, g.predicates)));
    } else if (groups.length > 0 && groups.every((g) => g.seed)) {
      // Every group pins an equality: start from the equality index instead of a full scan.
      const seen = new Set<string>();
      matches = [];
      for (const g of groups) {
        for (const id of store.findEqual(g.seed!.propertyName, String(g.seed!.value ?? ""))) {
          const r = store.records.get(id);
          if (r && !seen.has(id) && accept(r, g.predicates)) {
            seen.add(id);
            matches.push(r);
          }
        }
      }
      matches.sort((a, b) => a.num - b.num);
    } else if (groups.length === 0) {
      matches = store.ordered.filter((r) => accept(r, []));
    } else {
      matches = store.ordered.filter((r) => groups.some((g) => accept(r, g.predicates)));
    }
    return this.#sort(objectType, matches, request.sorts[0], lagging);
  }

  #sort(
    objectType: ObjectTypeName,
    matches: HsRecord[],
    sort: SearchRequest["sorts"][number] | undefined,
    lagging: boolean,
  ): HsRecord[] {
    if (sort === undefined) return matches;
    const spec = typeof sort === "string" ? parseSortString(sort) : sort;
    const def = this.#state.properties[objectType].get(spec.propertyName);
    if (!def) throw validationError(`Property "${spec.propertyName}" does not exist`);
    const sign = spec.direction === "DESCENDING" ? -1 : 1;
    const column =
      !lagging && isNumericType(def) ? this.#state.stores[objectType].column(def.name) : undefined;
    const keyed = matches.map((r) => {
      if (!column) {
        const k = sortKey(def, r.props[def.name]);
        return { r, k: typeof k === "number" && Number.isNaN(k) ? undefined : k };
      }
      const v = column[r.pos]!;
      return { r, k: Number.isNaN(v) ? undefined : v };
    });
    keyed.sort((a, b) => {
      if (a.k === undefined || b.k === undefined) {
        if (a.k === b.k) return a.r.num - b.r.num;
        return a.k === undefined ? 1 : -1;
      }
      if (a.k < b.k) return -sign;
      if (a.k > b.k) return sign;
      return a.r.num - b.r.num;
    });
    return keyed.map((x) => x.r);
  }
}

/** The SDK types sorts as strings: "createdate" or "-createdate" (descending). */
function parseSortString(sort: string): { propertyName: string; direction: "ASCENDING" | "DESCENDING" } {
  return sort.startsWith("-")
    ? { propertyName: sort.slice(1), direction: "DESCENDING" }
    : { propertyName: sort, direction: "ASCENDING" };
}
