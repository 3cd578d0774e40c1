// Walks every record whose hs_lastmodifieddate lies in [since, until], ascending, through the
// search API, which stops at 10,000 results per query:
// - a window whose `total` is over the cap is split by time (halved, starting at its first
//   result) until it fits;
// - inside a window, pages are keyset-paged: the next query starts at the last timestamp seen
//   (GTE) and drops the ids already emitted at that timestamp, so a record edited mid-walk (it
//   leaves the window for a time after `until`) never shifts an offset and hides another;
// - a full page sharing one timestamp (more ties than a page) is walked by hs_object_id
//   (EQ t AND hs_object_id GT lastId, sorted by id), however many records share it.
// No record is skipped and every query makes progress. Every yielded page carries the cursor
// that resumes right after it.
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
}

export type SearchFn = (q: SearchQuery) => Promise<SearchPage>;

export interface WalkOptions {
  pageSize: number;
  /** Extra AND-ed filters (the mapping's scope). */
  scope: SearchFilter[];
  cap?: number;
}

const modifiedAt = (o: WireObject): number | undefined => {
  const v = o.properties.hs_lastmodifieddate;
  if (!v) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isNaN(n) ? undefined : n;
};

const maxId = (records: WireObject[], start: string): string =>
  records.reduce((m, r) => (BigInt(r.id) > BigInt(m) ? r.id : m), start);

/** After the window [.., hi] is done: the rest of the run, or the deleted phase. */
function afterWindow(c: HubSpotCursor, hi: number): HubSpotCursor {
  if (hi + 1 > c.until)
    return { ...c, phase: "deleted", window: null, seen: [], idWalk: null, listAfter: null };
  return { ...c, window: { lo: hi + 1, hi: c.until }, seen: [], idWalk: null };
}

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
      });
      // A short page is the last one for this millisecond: move on without an empty query.
      c =
        page.results.length < opts.pageSize
          ? afterWindow(c, ts)
          : { ...c, idWalk: { ts, lastId: maxId(page.results, lastId) } };
      if (page.results.length > 0) yield { records: page.results, cursor: c };
      continue;
    }
    const window = c.window ?? { lo: c.since, hi: c.until };
    if (window.lo > window.hi) {
      c = afterWindow(c, window.hi);
      continue;
    }
    const page = await search({
      filters: [
        ...opts.scope,
        { propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(window.lo) },
        { propertyName: "hs_lastmodifieddate", operator: "LTE", value: String(window.hi) },
      ],
      sortBy: "hs_lastmodifieddate",
      limit: opts.pageSize,
    });
    const first = page.results[0] ? modifiedAt(page.results[0]) : undefined;
    const last = page.results.length
      ? modifiedAt(page.results[page.results.length - 1] as WireObject)
      : undefined;
    const full = page.results.length === opts.pageSize;
    const allTied = full && first !== undefined && page.results.every((r) => modifiedAt(r) === first);

    if (c.seen.length === 0 && page.total > cap) {
      // Nothing in the window precedes its first result: halve from there, so a window opening
      // at the epoch does not cost one empty probe per halving; a full page tied at one
      // timestamp takes that millisecond alone.
      const lo = first !== undefined && first > window.lo && first <= window.hi ? first : window.lo;
      if (lo === window.hi || allTied) c = { ...c, window: { lo, hi: lo }, idWalk: { ts: lo, lastId: "0" } };
      else c = { ...c, window: { lo, hi: Math.floor((lo + window.hi) / 2) } };
      continue;
    }
    if (allTied) {
      // More ties at one timestamp than a page holds: walk them by id (ids already emitted at
      // that timestamp come again — a duplicate, never a gap).
      c = { ...c, window: { lo: first, hi: window.hi }, seen: [], idWalk: { ts: first, lastId: "0" } };
      continue;
    }
    const seen = new Set(c.seen);
    const fresh = page.results.filter((r) => !seen.has(r.id));
    if (!full || last === undefined) {
      c = afterWindow(c, window.hi);
    } else {
      const atLast = page.results.filter((r) => modifiedAt(r) === last).map((r) => r.id);
      c = {
        ...c,
        window: { lo: last, hi: window.hi },
        seen: last === window.lo ? [...c.seen, ...atLast] : atLast,
      };
    }
    if (fresh.length > 0) yield { records: fresh, cursor: c };
  }
  yield { records: [], cursor: c };
}
