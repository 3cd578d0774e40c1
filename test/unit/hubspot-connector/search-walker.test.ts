import { describe, expect, it } from "vitest";
import type { HubSpotCursor } from "../../../connectors/hubspot/cursor.ts";
import { type SearchQuery, walkChanges } from "../../../connectors/hubspot/search-walker.ts";
import type { SearchPage, WireObject } from "../../../connectors/hubspot/wire.ts";

/** A fake search endpoint with HubSpot's rules: one ascending sort, `total` of every match. */
function fakeSearch(records: Array<{ id: number; ts: number }>, cap: number) {
  const queries: SearchQuery[] = [];
  /** Queries whose total was over the cap (the walker must then split, not page). */
  const overCap: SearchQuery[] = [];
  const search = async (q: SearchQuery): Promise<SearchPage> => {
    queries.push(q);
    let rows = records.filter((r) =>
      q.filters.every((f) => {
        const v = f.propertyName === "hs_object_id" ? r.id : r.ts;
        const x = Number(f.value);
        return f.operator === "GTE"
          ? v >= x
          : f.operator === "LTE"
            ? v <= x
            : f.operator === "EQ"
              ? v === x
              : v > x;
      }),
    );
    rows = rows.sort((a, b) => (q.sortBy === "hs_object_id" ? a.id - b.id : a.ts - b.ts || a.id - b.id));
    if (rows.length > cap) overCap.push(q);
    const page = rows.slice(0, q.limit);
    const results: WireObject[] = page.map((r) => ({
      id: String(r.id),
      properties: { hs_lastmodifieddate: String(r.ts), hs_object_id: String(r.id) },
    }));
    const next = q.limit < rows.length ? { next: { after: String(q.limit) } } : undefined;
    return { total: rows.length, results, ...(next ? { paging: next } : {}) };
  };
  return { search, queries, overCap };
}

const start = (since: number, until: number): HubSpotCursor => ({
  v: 1,
  crm: "hubspot",
  object: "deals",
  mode: "incremental",
  phase: "changes",
  since,
  until,
  window: null,
  seen: [],
  idWalk: null,
  listAfter: null,
});

async function collect(
  c: HubSpotCursor,
  search: ReturnType<typeof fakeSearch>["search"],
  stopAfter = Infinity,
) {
  const ids: string[] = [];
  let cursor = c;
  let pages = 0;
  for await (const step of walkChanges(c, search, { pageSize: 10, scope: [], cap: 50 })) {
    ids.push(...step.records.map((r) => r.id));
    cursor = step.cursor;
    if (++pages >= stopAfter) break;
  }
  return { ids, cursor };
}

describe("search window walker", () => {
  it("splits a window over the cap by time and reads every record once", async () => {
    const records = Array.from({ length: 180 }, (_, i) => ({ id: i + 1, ts: 1_000 + i * 7 }));
    const { search, queries, overCap } = fakeSearch(records, 50);
    const { ids, cursor } = await collect(start(0, 5_000), search);
    expect(overCap.length).toBeGreaterThan(0); // the first window was over the cap: it was split
    expect(ids).toHaveLength(180);
    expect(new Set(ids).size).toBe(180);
    expect(cursor.phase).toBe("deleted");
    // Every window that was read had at most `cap` records when first probed.
    expect(queries.length).toBeLessThan(40);
  });

  it("walks more records than the cap sharing one timestamp by hs_object_id", async () => {
    const records = [
      ...Array.from({ length: 120 }, (_, i) => ({ id: 500 + i * 3, ts: 2_000 })),
      { id: 1, ts: 1_999 },
      { id: 2, ts: 2_001 },
    ];
    const { search, queries } = fakeSearch(records, 50);
    const { ids } = await collect(start(1_990, 2_010), search);
    expect(ids.sort()).toEqual(records.map((r) => String(r.id)).sort());
    expect(queries.some((q) => q.sortBy === "hs_object_id")).toBe(true);
  });

  it("resumes exactly from a page's cursor (no record lost or repeated)", async () => {
    const records = [
      ...Array.from({ length: 70 }, (_, i) => ({ id: 100 + i, ts: 3_000 })),
      ...Array.from({ length: 90 }, (_, i) => ({ id: 300 + i, ts: 3_001 + i })),
    ];
    const { search } = fakeSearch(records, 50);
    const first = await collect(start(0, 9_999), search, 4);
    const rest = await collect(first.cursor, search);
    const all = [...first.ids, ...rest.ids];
    expect(all).toHaveLength(160);
    expect(new Set(all).size).toBe(160);
  });

  it("ends with an empty window and no records", async () => {
    const { search } = fakeSearch([], 50);
    const { ids, cursor } = await collect(start(10, 20), search);
    expect(ids).toEqual([]);
    expect(cursor.phase).toBe("deleted");
  });

  it("never skips a record when an already-read one is edited mid-walk (keyset, not offsets)", async () => {
    const records = Array.from({ length: 45 }, (_, i) => ({ id: i + 1, ts: 1_000 + i }));
    const { search } = fakeSearch(records, 50);
    const ids: string[] = [];
    let pages = 0;
    for await (const step of walkChanges(start(0, 5_000), search, { pageSize: 10, scope: [], cap: 50 })) {
      ids.push(...step.records.map((r) => r.id));
      // After the first page, records 2 and 3 are edited: they move past `until`.
      if (++pages === 1) for (const r of records.slice(1, 3)) r.ts = 9_000;
    }
    expect(new Set(ids)).toEqual(new Set(records.map((r) => String(r.id))));
  });
});
