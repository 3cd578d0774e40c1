// Walks every record whose hs_lastmodifieddate lies in [since, until], ascending, through the
// search API, which stops at 10,000 results per query: a window whose `total` is over the cap is
// halved by time until it fits, and a single millisecond holding more than the cap is walked by
// hs_object_id (EQ t AND hs_object_id GT lastId, sorted by id) — no record skipped, no loop.
// Every yielded page carries the cursor that resumes right after it.
// https://developers.hubspot.com/docs/api/crm/search#limitations
import type { HubSpotCursor } from "./cursor.ts";
import type { SearchPage, WireObject } from "./wire.ts";

export const SEARCH_RESULT_CAP = 10_000;

export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
}

export interface SearchQuery {
  filters: SearchFilter[];
  sortBy: "hs_lastmodifieddate" | "hs_object_id";
  limit: number;
  after: string | null;
}

export type SearchFn = (q: SearchQuery) => Promise<SearchPage>;

export interface WalkOptions {
  pageSize: number;
  /** Extra AND-ed filters (the mapping's scope). */
  scope: SearchFilter[];
  cap?: number;
}

const lastModified = (o: WireObject): number | undefined => {
  const v = o.properties.hs_lastmodifieddate;
  if (!v) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isNaN(n) ? undefined : n;
};

const maxId = (records: WireObject[], start: string): string =>
  records.reduce((m, r) => (BigInt(r.id) > BigInt(m) ? r.id : m), start);

export async function* walkChanges(
  start: HubSpotCursor,
  search: SearchFn,
  opts: WalkOptions,
): AsyncGenerator<{ records: WireObject[]; cursor: HubSpotCursor }> {
  const cap = opts.cap ?? SEARCH_RESULT_CAP;
  let c = start;
  while (c.phase === "changes") {
    if (c.idWalk) {
      const { ts, lastId } = c.idWalk;
      const page = await search({
        filters: [
          ...opts.scope,
          { propertyName: "hs_lastmodifieddate", operator: "EQ", value: String(ts) },
          { propertyName: "hs_object_id", operator: "GT", value: lastId },
        ],
        sortBy: "hs_object_id",
        limit: opts.pageSize,
        after: null,
      });
      if (page.results.length === 0) {
        c = { ...c, idWalk: null, window: { lo: ts + 1, hi: c.until }, after: null };
        if (ts + 1 > c.until) c = { ...c, phase: "deleted", window: null, listAfter: null };
        continue;
      }
      if (page.results.length < opts.pageSize) {
        // A short page is the last one for this millisecond: move on without an empty query.
        const done: HubSpotCursor =
          ts + 1 > c.until
            ? { ...c, idWalk: null, phase: "deleted", window: null, after: null, listAfter: null }
            : { ...c, idWalk: null, window: { lo: ts + 1, hi: c.until }, after: null };
        c = done;
      } else {
        c = { ...c, idWalk: { ts, lastId: maxId(page.results, lastId) } };
      }
      yield { records: page.results, cursor: c };
      continue;
    }
    const window = c.window ?? { lo: c.since, hi: c.until };
    if (window.lo > c.until || window.lo > window.hi) {
      c = { ...c, phase: "deleted", window: null, after: null, listAfter: null };
      break;
    }
    const page = await search({
      filters: [
        ...opts.scope,
        { propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(window.lo) },
        { propertyName: "hs_lastmodifieddate", operator: "LTE", value: String(window.hi) },
      ],
      sortBy: "hs_lastmodifieddate",
      limit: opts.pageSize,
      after: c.after,
    });
    if (c.after === null && page.total > cap) {
      // Nothing in the window precedes its first (ascending) result: start the halving there,
      // so a window opening at the epoch does not cost one empty probe per halving.
      const first = page.results[0] ? lastModified(page.results[0]) : undefined;
      const lo = first !== undefined && first > window.lo && first <= window.hi ? first : window.lo;
      // A full first page all at one timestamp: take that millisecond alone (walked by id if it
      // holds more than the cap), instead of halving down to it one probe at a time.
      const allTied =
        page.results.length === opts.pageSize && page.results.every((r) => lastModified(r) === first);
      if (lo === window.hi) c = { ...c, window: { lo, hi: lo }, idWalk: { ts: lo, lastId: "0" } };
      else if (allTied) c = { ...c, window: { lo, hi: lo } };
      else c = { ...c, window: { lo, hi: Math.floor((lo + window.hi) / 2) } };
      continue;
    }
    const next = page.paging?.next?.after ?? null;
    const nextWindow = { lo: window.hi + 1, hi: c.until };
    if (next !== null && page.results.length > 0 && Number(next) + opts.pageSize <= cap) {
      c = { ...c, window, after: next };
    } else if (next !== null && page.results.length > 0) {
      // The window grew past the cap while we paged it: restart just after what we have seen
      // (ties at the last timestamp are re-read — a duplicate, never a gap).
      const lastTs = lastModified(page.results[page.results.length - 1] as WireObject) ?? window.lo;
      c = { ...c, window: { lo: Math.max(lastTs, window.lo), hi: window.hi }, after: null };
    } else {
      c = { ...c, window: nextWindow, after: null };
    }
    if (page.results.length > 0) yield { records: page.results, cursor: c };
  }
  if (c.phase !== start.phase || c !== start) yield { records: [], cursor: c };
}
