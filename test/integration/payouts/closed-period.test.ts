// Corrections to a CLOSED period (issue #16: "a correction is an adjustment line with its reason,
// counted in the period it corrects"; the ledger is append-only): a manual correction and a
// dispute resolved with an adjustment, both after Q1 was paid and closed. Each lands as a new row
// posted in the first open period (Q2) that counts for Q1; no earlier ledger row, statement or
// lifecycle event changes, and Q1 stays closed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import {
  applyAction,
  correctPayout,
  exportPeriod,
  listPayouts,
  markPaid,
  openDispute,
  resolveDispute,
} from "../../../src/payouts/index.ts";
import type { Store } from "../../../src/store/store.ts";
import { BACKENDS, openTestDb, partner, saveProgram, statement, type TestDb } from "../store/helpers.ts";

describe.each(BACKENDS)("corrections to a closed period on %s", (backend) => {
  let t: TestDb;
  let store: Store;
  type Row = Record<string, unknown>;
  const snapshot = async () => ({
    entries: (
      await t.db.query<Row>(
        `SELECT id::text, period, partner, deal, kind, amount::text, adjusts_period, adjusts_kind, cause
           FROM ledger_entries ORDER BY id`,
      )
    ).rows,
    statements: (await t.db.query<Row>("SELECT * FROM ledger_statements ORDER BY id")).rows,
    events: (await t.db.query<Row>("SELECT * FROM payout_events ORDER BY id")).rows,
  });
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    t = await openTestDb(backend);
    store = t.store;
    const pv = await saveProgram(store);
    const r = await store.ledger.postStatement(
      statement("2026-Q1", [
        partner("P-A", [["resale", "rate", "D-1", "1000.00"]]),
        partner("P-B", [["resale", "rate", "D-2", "2000.00"]]),
      ]),
      { programVersionId: pv },
    );
    if (!r.ok) throw new Error(r.error.message);
    await applyAction(store, "approve", { period: "2026-Q1" }, { actor: "ops", reason: "Q1 reviewed" });
    const e = await exportPeriod(store, "2026-Q1", "finance");
    expect(e.batch?.total).toBe("2400.00");
    const paid = await markPaid(
      store,
      "partner_key,period,payment_reference\nP-A,2026-Q1,W-1\nP-B,2026-Q1,W-2\n",
      "finance",
      "2026-04-10",
    );
    expect(paid.rejected).toEqual([]);
    const close = await store.periods.close("2026-Q1", "ops");
    expect(close.ok).toBe(true);
    before = await snapshot();
  });
  afterAll(async () => t?.cleanup());

  it("a manual correction is posted in the next open period and counted in the closed one it corrects", async () => {
    const c = await correctPayout(store, {
      partner: "P-A",
      period: "2026-Q1",
      amount: "12.34",
      reason: "missed SPIF on D-1",
      actor: "ops",
    });
    expect(c).toMatchObject({ ok: true, amount: "12.34", postedIn: "2026-Q2", reopened: true });
    const q1 = await store.ledger.view("P-A", "2026-Q1");
    expect([q1.periodTotal, q1.corrections, q1.due]).toEqual(["800.00", "12.34", "812.34"]);
    // Posted in Q2, but nothing of it counts for Q2.
    const q2 = await store.ledger.view("P-A", "2026-Q2");
    expect([q2.postedBalance, q2.corrections, q2.due]).toEqual(["12.34", "0.00", "0.00"]);
    const row = (await listPayouts(store, { period: "2026-Q1", partners: ["P-A"] })).rows[0];
    expect(row).toMatchObject({ state: "computed", paid: "800.00", outstanding: "12.34" });
    expect(await store.periods.isClosed("2026-Q1")).toBe(true);
  });

  it("a dispute opened on the closed period and resolved with an adjustment counts there too", async () => {
    const o = await openDispute(store, {
      partner: "P-B",
      period: "2026-Q1",
      deal: "D-2",
      reason: "rate was 4%",
      openedBy: "partner:P-B",
    });
    if (!o.ok) throw new Error(o.message);
    const r = await resolveDispute(store, {
      id: o.dispute.id,
      resolution: "adjust",
      amount: "-20.00",
      reason: "agreed",
      resolvedBy: "ops",
    });
    expect(r.ok && [r.dispute.status, r.dispute.adjustment]).toEqual(["adjusted", "-20.00"]);
    const v = await store.ledger.view("P-B", "2026-Q1");
    expect([v.periodTotal, v.corrections, v.due]).toEqual(["1600.00", "-20.00", "1580.00"]);
    expect(v.entries.at(-1)).toMatchObject({
      period: "2026-Q2",
      adjustsPeriod: "2026-Q1",
      adjustsKind: "correction",
      deal: "D-2",
      amount: "-20.00",
      cause: `correction by ops: dispute #${o.dispute.id}: agreed`,
    });
    expect(await store.periods.isClosed("2026-Q1")).toBe(true);
  });

  it("rewrote nothing: every earlier row is unchanged and only the two adjustment rows were added", async () => {
    const after = await snapshot();
    expect(after.entries.slice(0, before.entries.length)).toEqual(before.entries);
    expect(after.entries.slice(before.entries.length)).toMatchObject([
      { period: "2026-Q2", partner: "P-A", kind: "adjustment", adjusts_period: "2026-Q1", amount: "12.34" },
      { period: "2026-Q2", partner: "P-B", kind: "adjustment", adjusts_period: "2026-Q1", amount: "-20.00" },
    ]);
    expect(after.statements).toEqual(before.statements);
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
    // Σ of every row counting for Q1 = what Q1 was paid plus the two adjustments, to the cent.
    const sum = await t.db.query<{ total: string }>(
      "SELECT sum(amount)::text AS total FROM ledger_entries WHERE coalesce(adjusts_period, period) = '2026-Q1'",
    );
    expect(new Dec(sum.rows[0]!.total).toFixed(2)).toBe("2392.34");
  });
});
