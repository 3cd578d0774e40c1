// Deals come from the store as a run needs them, never all at once: the records a page names
// (by link, written key or match key) before the page is applied, and the whole table in
// keyset pages for compute and write-back. A dry run's touched deals overlay the store.
import type { CrmName } from "../../connectors/types.ts";
import type { Store } from "../store/index.ts";
import { type Entry, entryOf, linkKey, type WorkingSet } from "./model.ts";

interface DealSource {
  ws: WorkingSet;
  store: Store;
}

/**
 * Loads into the working set the deals a page of `crm`/`object` records may touch: those linked
 * to `crmIds`, and the canonical ids in `candidates` (keys written on records, match-key ids).
 */
export async function prefetchDeals(
  src: DealSource,
  crm: CrmName,
  object: string,
  crmIds: Iterable<string>,
  candidates: Iterable<string>,
): Promise<void> {
  const { ws, store } = src;
  const unknown = [...new Set(crmIds)].filter((id) => {
    const key = linkKey(crm, object, id);
    return !ws.dealLinks.has(key) && !ws.droppedDealLinks.has(key);
  });
  const linked = await store.crmLinks.canonicalForMany(crm, object, unknown);
  for (const [crmId, id] of linked) ws.dealLinks.set(linkKey(crm, object, crmId), id);
  const wanted = new Set([...linked.values(), ...candidates].filter((id) => !ws.deals.has(id)));
  if (wanted.size === 0) return;
  for (const row of await store.deals.getMany([...wanted])) {
    const entry = entryOf("deal", row);
    ws.deals.set(entry.id, entry);
    for (const [c, side] of Object.entries(entry.raw.sides) as Array<
      [CrmName, { id: string; object: string }]
    >) {
      const key = linkKey(c, side.object, side.id);
      if (!ws.droppedDealLinks.has(key)) ws.dealLinks.set(key, entry.id);
    }
  }
}

/**
 * Every deal (deleted ones included), in id order, `size` at a time. `withRaw: false` skips the
 * CRM payloads (compute needs only canonical values). Cached deals replace their stored copy,
 * and cached deals the store does not hold yet (dry run) come last.
 */
export async function* eachDealPage(
  src: DealSource,
  options: { withRaw: boolean; size?: number },
): AsyncGenerator<Entry[]> {
  const size = options.size ?? 2000;
  const overlay = src.ws.deals;
  const shown = new Set<string>();
  let afterId: string | null = null;
  for (;;) {
    const rows = await src.store.deals.page({
      afterId,
      limit: size,
      includeDeleted: true,
      withRaw: options.withRaw,
    });
    if (rows.length === 0) break;
    afterId = rows.at(-1)!.id;
    yield rows.map((row) => {
      const cached = overlay.get(row.id);
      if (!cached) return entryOf("deal", row);
      shown.add(row.id);
      return cached;
    });
    if (rows.length < size) break;
  }
  const rest = [...overlay.values()].filter((e) => !shown.has(e.id));
  for (let i = 0; i < rest.length; i += size) yield rest.slice(i, i + size);
}
