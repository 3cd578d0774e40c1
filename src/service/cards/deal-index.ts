// A posted statement as the cards read it: its figures, and its lines by deal as they page
// through them — deals latest close first (the engine writes a partner's lines in evaluation
// order: close date, then id, reversals of earlier periods' deals first; so the reverse of where
// each deal first appears), each deal's lines in statement order. Built once per statement row and kept (rows are only ever
// inserted: a new posting is a new id), the most recently used, so a card of a partner with
// 2,000 deals does not read ~1 MB of lines on every open.
import type { PartnerStatement, StatementLine } from "../../engine/index.ts";
import type { StatementHead, Store } from "../../store/index.ts";

export interface DealIndex {
  /** Deal ids with lines, latest close first. */
  deals: string[];
  lines: Map<string, StatementLine[]>;
}

export function indexDeals(lines: readonly StatementLine[]): DealIndex {
  const byDeal = new Map<string, StatementLine[]>();
  for (const l of lines) {
    if (l.deal_id === null) continue; // the cap line
    const list = byDeal.get(l.deal_id);
    if (list) list.push(l);
    else byDeal.set(l.deal_id, [l]);
  }
  // A Map iterates in first-insertion order: the order deals first appear.
  return { deals: [...byDeal.keys()].reverse(), lines: byDeal };
}

/** A posted statement as the cards read it: its figures and its lines by deal. */
export interface CardStatement {
  head: StatementHead;
  /** The statement's figures (the §4 partner object, its lines left out). */
  st: PartnerStatement;
  index: DealIndex;
}

async function readStatement(store: Store, id: string): Promise<CardStatement | null> {
  const head = await store.ledger.statementHead(id);
  if (!head) return null;
  const lines = (await store.ledger.statementLines(id)) as unknown as StatementLine[];
  return {
    head,
    st: { ...(head.partner as unknown as PartnerStatement), lines: [] },
    index: indexDeals(lines),
  };
}

/** Statement rows by id, the `max` most recently used kept. */
export function createStatementCache(
  store: Store,
  max = 32,
): (statementId: string) => Promise<CardStatement | null> {
  const kept = new Map<string, Promise<CardStatement | null>>();
  return (id) => {
    let p = kept.get(id);
    if (p) {
      kept.delete(id); // re-inserted below: most recently used last
    } else {
      p = readStatement(store, id);
      // A failed read is not kept: the next card asks again.
      p.catch(() => kept.delete(id));
    }
    kept.set(id, p);
    while (kept.size > max) kept.delete(kept.keys().next().value as string);
    return p;
  };
}
