// Payout operations against the real store (PGlite and PostgreSQL): the lifecycle as append-only
// events, holds from review flags, approvals by partner / filter / period, corrections, disputes,
// the period close guard, the export file (totals equal the ledger to the cent) and mark-paid.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import type { ReviewFlag } from "../../../src/engine/index.ts";
import { fromCsv } from "../../../src/payouts/csv.ts";
import {
  applyAction,
  correctPayout,
  EXPORT_COLUMNS,
  exportPeriod,
  listPayouts,
  markPaid,
  openDispute,
  resolveDispute,
  showPayout,
} from "../../../src/payouts/index.ts";
import { settlePeriod } from "../../../src/payouts/review.ts";
import type { Store } from "../../../src/store/store.ts";
import { BACKENDS, openTestDb, partner, saveProgram, statement, type TestDb } from "../store/helpers.ts";

const ops = { actor: "ops@example.com", reason: "checked" };
const flag = (partnerId: string, rule = "quarter_end_spike"): ReviewFlag => ({
  partner_id: partnerId,
  period: "2026-Q1",
  rule: rule as ReviewFlag["rule"],
  reason: `${rule} for ${partnerId}`,
  deals: [],
});

async function postQ1(store: Store, pv: number, extra = "0.00") {
  const r = await store.ledger.postStatement(
    statement("2026-Q1", [
      partner("P-A", [["resale", "rate", "D-1", "1000.00"]]),
      partner("P-B", [["resale", "rate", "D-2", `${new Dec("2000.00").plus(extra).toFixed(2)}`]]),
      partner("P-C", [["resale", "rate", "D-3", "333.33"]]),
    ]),
    { programVersionId: pv },
  );
  if (!r.ok) throw new Error(r.error.message);
}

describe.each(BACKENDS)("payout lifecycle on %s", (backend) => {
  let t: TestDb;
  let store: Store;
  let pv: number;

  beforeAll(async () => {
    t = await openTestDb(backend);
    store = t.store;
    pv = await saveProgram(store);
    await postQ1(store, pv);
  });
  afterAll(async () => t?.cleanup());

  it("starts every posted payout as computed, owing its ledger total", async () => {
    const l = await listPayouts(store, { period: "2026-Q1" });
    expect(l.rows.map((r) => [r.partner, r.state, r.due, r.outstanding])).toEqual([
      ["P-A", "computed", "800.00", "800.00"],
      ["P-B", "computed", "1600.00", "1600.00"],
      ["P-C", "computed", "266.66", "266.66"],
    ]);
  });

  it("holds a flagged payout once per rule and keeps the reason", async () => {
    const first = await settlePeriod(store, "2026-Q1", [flag("P-B"), flag("P-B", "duplicate_deals")], false);
    expect(first).toEqual({ flagged: 2, held: 1, reopened: 0 });
    const again = await settlePeriod(store, "2026-Q1", [flag("P-B")], false);
    expect(again.flagged).toBe(0);
    const d = await showPayout(store, "P-B", "2026-Q1");
    expect(d?.payout.state).toBe("held");
    expect(d?.payout.flags).toEqual(["quarter_end_spike", "duplicate_deals"]);
    expect(d?.events.map((e) => [e.action, e.state, e.actor, e.reason])).toEqual([
      ["flag", "held", "review", "quarter_end_spike for P-B"],
      ["flag", "held", "review", "duplicate_deals for P-B"],
    ]);
  });

  it("refuses to close the period while a payout is held, naming it", async () => {
    const r = await store.periods.close("2026-Q1", "ops");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("period_blocked");
      expect(r.error.message).toContain("1 payout(s) held for review (P-B)");
    }
  });

  it("approves a filtered set: only computed payouts owing at most 1000.00", async () => {
    const r = await applyAction(
      store,
      "approve",
      { period: "2026-Q1", state: "computed", max_amount: "1000.00" },
      ops,
    );
    expect(r.changed.map((c) => [c.partner, c.to, c.amount])).toEqual([
      ["P-A", "approved", "800.00"],
      ["P-C", "approved", "266.66"],
    ]);
    expect(r.skipped).toEqual([]);
  });

  it("hold and release one partner, and reports what does not apply", async () => {
    const held = await applyAction(store, "hold", { period: "2026-Q1", partners: ["P-C", "P-NONE"] }, ops);
    expect(held.changed).toEqual([{ partner: "P-C", from: "approved", to: "held", amount: null }]);
    expect(held.skipped).toEqual([
      { partner: "P-NONE", code: "no_payout", message: "no payout for P-NONE in 2026-Q1" },
    ]);
    const rel = await applyAction(store, "release", { period: "2026-Q1", partners: ["P-C", "P-A"] }, ops);
    expect(rel.changed.map((c) => c.partner)).toEqual(["P-C"]);
    expect(rel.skipped).toEqual([{ partner: "P-A", code: "not_held", message: "not held (approved)" }]);
  });

  it("a dispute shows Disputed, blocks approval and the close, and is dismissed with a reason", async () => {
    const opened = await openDispute(store, {
      partner: "P-C",
      period: "2026-Q1",
      deal: "D-3",
      line: "resale",
      reason: "deal was ours alone",
      openedBy: "partner:P-C",
    });
    expect(opened.ok).toBe(true);
    const id = opened.ok ? opened.dispute.id : 0;
    const row = (await listPayouts(store, { period: "2026-Q1", partners: ["P-C"] })).rows[0];
    expect(row?.display).toBe("disputed");
    const approve = await applyAction(store, "approve", { period: "2026-Q1", partners: ["P-C"] }, ops);
    expect(approve.skipped[0]?.code).toBe("disputed");
    const close = await store.periods.close("2026-Q1", "ops");
    expect(!close.ok && close.error.message).toContain(`1 open dispute(s) (#${id} P-C)`);
    const bad = await openDispute(store, {
      partner: "P-C",
      period: "2026-Q1",
      deal: "D-9",
      reason: "x",
      openedBy: "p",
    });
    expect(bad).toMatchObject({ ok: false, code: "unknown_deal" });
    const dismissed = await resolveDispute(store, {
      id,
      resolution: "dismiss",
      reason: "checked the CRM",
      resolvedBy: "ops",
    });
    expect(dismissed.ok && dismissed.dispute.status).toBe("dismissed");
    const twice = await resolveDispute(store, {
      id,
      resolution: "dismiss",
      reason: "again",
      resolvedBy: "ops",
    });
    expect(twice).toMatchObject({ ok: false, code: "not_open" });
  });

  it("a correction is an adjustment row with its reason, kept by later postings, and reopens an approval", async () => {
    const c = await correctPayout(store, {
      partner: "P-A",
      period: "2026-Q1",
      amount: "25.50",
      reason: "missed SPIF on D-1",
      actor: "ops",
    });
    expect(c).toMatchObject({ ok: true, amount: "25.50", postedIn: "2026-Q1", reopened: true });
    await postQ1(store, pv); // the same statement again: nothing to post, the correction stays
    const v = await store.ledger.view("P-A", "2026-Q1");
    expect(v.balanced).toBe(true);
    expect([v.periodTotal, v.corrections, v.due]).toEqual(["800.00", "25.50", "825.50"]);
    const adj = v.entries.find((e) => e.adjustsKind === "correction");
    expect(adj).toMatchObject({
      kind: "adjustment",
      amount: "25.50",
      cause: "correction by ops: missed SPIF on D-1",
    });
    const d = await showPayout(store, "P-A", "2026-Q1");
    expect(d?.payout).toMatchObject({ state: "computed", outstanding: "825.50" });
    expect(d?.events.slice(-2).map((e) => e.action)).toEqual(["correct", "reopen"]);
    const tooFine = await correctPayout(store, {
      partner: "P-A",
      period: "2026-Q1",
      amount: "1.005",
      reason: "x",
      actor: "o",
    });
    expect(tooFine).toMatchObject({ ok: false, code: "invalid_amount" });
  });

  it("resolving a dispute with an adjustment posts it for the disputed deal", async () => {
    const o = await openDispute(store, {
      partner: "P-C",
      period: "2026-Q1",
      deal: "D-3",
      reason: "rate",
      openedBy: "p",
    });
    if (!o.ok) throw new Error(o.message);
    const r = await resolveDispute(store, {
      id: o.dispute.id,
      resolution: "adjust",
      amount: "-66.66",
      reason: "rate was 4%",
      resolvedBy: "ops",
    });
    expect(r.ok && [r.dispute.status, r.dispute.adjustment]).toEqual(["adjusted", "-66.66"]);
    const v = await store.ledger.view("P-C", "2026-Q1");
    expect(v.due).toBe("200.00");
    expect(v.entries.at(-1)).toMatchObject({
      deal: "D-3",
      component: null,
      cause: `correction by ops: dispute #${o.dispute.id}: rate was 4%`,
    });
  });

  it("approves the whole period, exports a numbered batch whose total equals the ledger, and exports nothing twice", async () => {
    await applyAction(store, "approve", { period: "2026-Q1" }, { actor: "ops", reason: "quarter reviewed" });
    const out = await exportPeriod(store, "2026-Q1", "finance-bot");
    const b = out.batch!;
    expect(b.rows).toBe(3);
    const rows = fromCsv(b.csv);
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_COLUMNS]);
    expect(rows.map((r) => [r.partner_key, r.payable, r.held, r.adjustments, r.lines])).toEqual([
      ["P-A", "825.50", "200.00", "25.50", "3"],
      ["P-B", "1600.00", "400.00", "0.00", "2"],
      ["P-C", "200.00", "66.67", "-66.66", "3"],
    ]);
    expect(rows.every((r) => r.batch === String(b.batch) && /^APR-\d{6}$/.test(r.approval_ref!))).toBe(true);
    // To the cent: Σ payable of the file = Σ of every ledger row counting for the period.
    const fileTotal = rows.reduce((s, r) => s.plus(r.payable!), new Dec(0));
    const sums = await t.db.query<{ total: string }>(
      "SELECT sum(amount)::text AS total FROM ledger_entries WHERE coalesce(adjusts_period, period) = '2026-Q1'",
    );
    expect(fileTotal.toFixed(2)).toBe(new Dec(sums.rows[0]!.total).toFixed(2));
    expect(b.total).toBe(fileTotal.toFixed(2));
    const again = await exportPeriod(store, "2026-Q1", "finance-bot");
    expect(again.batch).toBeNull();
    expect((await store.payoutExports.get(b.batch))?.csv).toBe(b.csv);
  });

  it("marks paid from finance's file, rejecting bad rows by line and field without stopping the rest", async () => {
    const csv = [
      "partner_key,period,payment_reference,paid_on,amount",
      "P-A,2026-Q1,PAY-1,2026-04-10,825.50",
      "P-B,2026-Q1,,2026-04-10,",
      "P-C,2026-Q1,PAY-3,2026-04-10,999.99",
      "P-B,2026-Q1,PAY-2,,",
      "P-X,2026-Q1,PAY-4,,",
    ].join("\n");
    const r = await markPaid(store, csv, "finance", "2026-04-11");
    expect(r.paid.map((p) => [p.line, p.partner, p.amount])).toEqual([
      [2, "P-A", "825.50"],
      [5, "P-B", "1600.00"],
    ]);
    expect(r.rejected.map((x) => [x.line, x.field])).toEqual([
      [3, "payment_reference"],
      [4, "amount"],
      [6, "partner_key"],
    ]);
    const paid = await store.payoutEvents.paidInYear("2026");
    expect(paid.get("P-A")).toBe("825.50");
    expect(paid.get("P-B")).toBe("1600.00");
    // One partner's card asks for its own sum only; another year has none of it.
    expect([...(await store.payoutEvents.paidInYear("2026", { partner: "P-B" }))]).toEqual([
      ["P-B", "1600.00"],
    ]);
    expect((await store.payoutEvents.paidInYear("2025", { partner: "P-B" })).size).toBe(0);
    const ev = (await store.payoutEvents.list({ period: "2026-Q1", partner: "P-B" })).at(-1);
    expect(ev).toMatchObject({ action: "pay", reference: "PAY-2", paidOn: "2026-04-11", state: "paid" });
  });

  it("reopens a paid payout that is owed more after a later change, and closes once nothing blocks", async () => {
    await postQ1(store, pv, "100.00");
    const s = await settlePeriod(store, "2026-Q1", [], true);
    expect(s.reopened).toBe(1);
    const row = (await listPayouts(store, { period: "2026-Q1", partners: ["P-B"] })).rows[0];
    expect(row).toMatchObject({ state: "computed", paid: "1600.00", outstanding: "80.00" });
    await applyAction(store, "release", { period: "2026-Q1" }, ops);
    const close = await store.periods.close("2026-Q1", "ops");
    expect(close.ok).toBe(true);
  });

  it("keeps the lifecycle append-only", async () => {
    await expect(t.db.query("UPDATE payout_events SET reason = 'x'")).rejects.toThrow(/append-only/);
    await expect(t.db.query("DELETE FROM payout_events")).rejects.toThrow(/append-only/);
    await expect(t.db.query("UPDATE payout_disputes SET reason = 'x'")).rejects.toThrow(/resolved once/);
    await expect(t.db.query("DELETE FROM payout_exports")).rejects.toThrow(/append-only/);
  });
});
