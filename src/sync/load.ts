// Loads the run's working set (partners), open quarantine and earned deals from the store.
import { Dec } from "../../money/index.ts";
import type { Store } from "../store/index.ts";
import type { OpenError } from "./context.ts";
import { entryOf, linkKey, WorkingSet } from "./model.ts";
import { recordedOf } from "./partner-history.ts";

/**
 * Every partner, with the attributes its history last recorded (deals are loaded page by page
 * as a run touches them: see WorkingSet).
 */
export async function loadWorkingSet(store: Store): Promise<WorkingSet> {
  const ws = new WorkingSet();
  for (const p of await store.partners.list({ includeDeleted: true })) ws.add(entryOf("partner", p));
  for (const [id, e] of await store.partnerHistory.latest()) ws.recordedAttributes.set(id, recordedOf(e));
  return ws;
}

export async function loadOpenErrors(store: Store): Promise<Map<string, OpenError[]>> {
  const out = new Map<string, OpenError[]>();
  let afterId = 0;
  for (;;) {
    const page = await store.recordErrors.list({ status: "open", limit: 1000, afterId });
    for (const e of page) {
      const key = linkKey(e.crm as "salesforce", e.object, e.recordId);
      const list = out.get(key) ?? [];
      list.push({
        id: e.id,
        code: e.code,
        class: e.class,
        attempts: e.attempts,
        retryRequested: e.retryRequested,
        field: e.field,
      });
      out.set(key, list);
    }
    if (page.length < 1000) break;
    afterId = page.at(-1)!.id;
  }
  return out;
}

/** Deals the ledger holds earnings for (a deal that goes away then is cancelled, not forgotten). */
export async function loadEarnedDeals(store: Store): Promise<Set<string>> {
  const sums = new Map<string, Dec>();
  let afterId: string | undefined;
  for (;;) {
    const page = await store.ledger.list({ limit: 5000, ...(afterId ? { afterId } : {}) });
    for (const row of page.items) {
      if (!row.deal || (row.kind !== "earned" && row.adjustsKind !== "earned")) continue;
      sums.set(row.deal, (sums.get(row.deal) ?? new Dec(0)).plus(row.amount));
    }
    if (!page.nextAfterId) break;
    afterId = page.nextAfterId;
  }
  return new Set([...sums].filter(([, n]) => !n.isZero()).map(([d]) => d));
}
