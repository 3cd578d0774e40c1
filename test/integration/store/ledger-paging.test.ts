// ledger.list pages by id in numeric order: with ids past 9, a text-ordered page ("10" < "9")
// would skip rows in the next page (found while building payout operations, issue #16).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, partner, saveProgram, statement, type TestDb } from "./helpers.ts";

describe("ledger.list paging", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb("pglite");
    const pv = await saveProgram(t.store);
    const partners = Array.from({ length: 12 }, (_, i) =>
      partner(`P-${String(i).padStart(2, "0")}`, [["resale", "rate", `D-${i}`, "100.00"]]),
    );
    const r = await t.store.ledger.postStatement(statement("2026-Q1", partners), { programVersionId: pv });
    if (!r.ok) throw new Error(r.error.message);
  });
  afterAll(async () => t?.cleanup());

  it("returns every row once, in id order, across pages", async () => {
    const ids: number[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await t.store.ledger.list({ limit: 5, ...(afterId ? { afterId } : {}) });
      ids.push(...page.items.map((e) => Number(e.id)));
      if (!page.nextAfterId) break;
      afterId = page.nextAfterId;
    }
    const total = await t.store.ledger.count();
    expect(total).toBeGreaterThan(10);
    expect(ids).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });
});
