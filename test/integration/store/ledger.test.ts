import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../../src/store/store.ts";
import { createStore } from "../../../src/store/store.ts";
import type { TestDb } from "./helpers.ts";
import {
  ACME_Q1,
  BACKENDS,
  failingExecutor,
  openTestDb,
  partner,
  saveProgram,
  statement,
} from "./helpers.ts";

async function rowsOf(store: Store, partnerId: string) {
  return store.ledger.entries({ partner: partnerId });
}

describe.each(BACKENDS)("ledger on %s", (backend) => {
  let t: TestDb;
  let store: Store;
  let v1: number;
  let v2: number;

  beforeAll(async () => {
    t = await openTestDb(backend);
    store = t.store;
    v1 = await saveProgram(store, "program: FY26 v1\n");
    v2 = await saveProgram(store, "program: FY26 v2\n");
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("maps a statement to rows that sum to payable, leaving out accruals", async () => {
    const s = statement("2026-Q1", [partner("P-MAP", ACME_Q1)]);
    const r = await store.ledger.postStatement(s, { programVersionId: v1 });
    expect(r.ok).toBe(true);
    const rows = await rowsOf(store, "P-MAP");
    // 4 earned lines (D-1002 has two components), 1 multiplier, 1 holdback; no accrual row.
    expect(rows.map((e) => `${e.kind}:${e.component ?? ""}:${e.deal ?? ""}:${e.amount}`).sort()).toEqual(
      [
        "earned:influence:D-1003:600.00",
        "earned:launch-spif:D-1002:500.00",
        "earned:resale:D-1001:4000.00",
        "earned:resale:D-1002:3100.00",
        "holdback:::-1760.00",
        "multiplier:quality:D-1001:600.00",
      ].sort(),
    );
    const view = await store.ledger.view("P-MAP", "2026-Q1");
    expect(view.figures?.payable).toBe("7040.00");
    expect(view.periodTotal).toBe("7040.00");
    expect(view.balanced).toBe(true);
    expect(view.byKind.earned).toBe("8200.00");
    expect(rows.every((e) => e.programVersion === v1 && e.currency === "USD")).toBe(true);
  });

  it("rows carry the caller's run, or a recorded post run with its counts", async () => {
    const runId = await store.runs.start("compute");
    const s = statement("2026-Q1", [partner("P-RUN", [["resale", "rate", "D-1", "10.00"]])]);
    const r = await store.ledger.postStatement(s, { programVersionId: v1, runId });
    expect(r.ok && r.value.runId).toBe(runId);
    expect((await rowsOf(store, "P-RUN")).every((e) => e.runId === runId)).toBe(true);
    expect((await store.runs.get(runId))?.outcome).toBe("running"); // the caller finishes its own run

    const s2 = statement("2026-Q2", [partner("P-RUN", [["resale", "rate", "D-2", "20.00"]])]);
    const r2 = await store.ledger.postStatement(s2, { programVersionId: v1 });
    expect(r2.ok).toBe(true);
    if (!r2.ok) return;
    expect(await store.runs.get(r2.value.runId)).toMatchObject({
      kind: "post",
      outcome: "ok",
      counts: { partners: 1, rows: 2, adjustments: 0 },
    });
  });

  it("amounts round-trip exactly, however large, in a zero-decimal currency too", async () => {
    const big = partner("P-BIG", [["resale", "rate", "D-1", "123456789012345678901.23"]], { holdRate: "0" });
    expect((await store.ledger.postStatement(statement("2026-Q1", [big]), { programVersionId: v1 })).ok).toBe(
      true,
    );
    expect((await rowsOf(store, "P-BIG")).map((e) => e.amount)).toEqual(["123456789012345678901.23"]);
    const yen = {
      ...statement("2026-Q1", [partner("P-JPY", [["resale", "rate", "D-1", "1500"]])]),
      currency: "JPY",
    };
    yen.partners = [
      {
        ...yen.partners[0]!,
        earned: "1500",
        held_back: "300",
        released: "0",
        clawed_back: "0",
        carry_forward: "0",
        payable: "1200",
      },
    ];
    expect((await store.ledger.postStatement(yen, { programVersionId: v1 })).ok).toBe(true);
    const view = await store.ledger.view("P-JPY", "2026-Q1");
    expect(view.entries.map((e) => [e.amount, e.currency])).toEqual([
      ["1500", "JPY"],
      ["-300", "JPY"],
    ]);
    expect(view.periodTotal).toBe("1200");
    expect(view.balanced).toBe(true);
  });

  it("posting the same statement again adds nothing", async () => {
    const s = statement("2026-Q1", [
      partner("P-IDEM", ACME_Q1),
      partner("P-IDEM2", [["resale", "rate", "D-9", "10.00"]]),
    ]);
    const first = await store.ledger.postStatement(s, { programVersionId: v1 });
    expect(first.ok && first.value.rowsWritten).toBe(8);
    const before = await store.ledger.count();
    const again = await store.ledger.postStatement(s, { programVersionId: v1 });
    expect(again.ok && again.value.rowsWritten).toBe(0);
    expect(again.ok && again.value.statementsChanged).toBe(0);
    expect(await store.ledger.count()).toBe(before);
  });

  it("posts a period of 1,500 partners with large documents in bounded chunks, and re-posts nothing", async () => {
    const long = "x".repeat(4000);
    const many = Array.from({ length: 1500 }, (_, i) => {
      const p = partner(`P-BULK-${String(i).padStart(4, "0")}`, [["resale", "rate", `D-BULK-${i}`, "10.00"]]);
      return { ...p, lines: p.lines.map((l) => ({ ...l, explanation: long })) };
    });
    const s = statement("2026-Q3", many);
    const first = await store.ledger.postStatement(s, { programVersionId: v1 });
    expect(first.ok && [first.value.rowsWritten > 1500, first.value.statementsChanged]).toEqual([true, 1500]);
    const posted = await store.ledger.statement("P-BULK-1499", "2026-Q3");
    const lines = (posted?.partner.lines ?? []) as Array<{ explanation: string }>;
    expect(lines[0]?.explanation).toBe(long);
    const again = await store.ledger.postStatement(s, { programVersionId: v1 });
    expect(again.ok && [again.value.rowsWritten, again.value.statementsChanged]).toEqual([0, 0]);
  });

  it("keeps the posted statement; an explanation-only change adds a statement, no rows", async () => {
    const s = statement("2026-Q1", [partner("P-DOC", [["resale", "rate", "D-1", "10.00"]])]);
    await store.ledger.postStatement(s, { programVersionId: v1 });
    const posted = await store.ledger.statement("P-DOC", "2026-Q1");
    expect(posted).toMatchObject({ program: "FY26 Partner Program", currency: "USD", programVersion: v1 });
    expect(posted?.partner).toEqual(JSON.parse(JSON.stringify(s.partners[0])));
    const reworded = structuredClone(s);
    (reworded.partners[0]!.lines[0] as { explanation: string }).explanation = "10.00 at 5%, reworded";
    const r = await store.ledger.postStatement(reworded, { programVersionId: v2 });
    expect(r.ok && [r.value.rowsWritten, r.value.statementsChanged]).toEqual([0, 1]);
    const again = await store.ledger.statement("P-DOC", "2026-Q1");
    expect(again?.programVersion).toBe(v2);
    const lines = (again?.partner.lines ?? []) as { explanation: string }[];
    expect(lines[0]?.explanation).toBe("10.00 at 5%, reworded");
    expect(await store.ledger.statement("P-DOC", "2026-Q2")).toBeNull();
  });

  it("pages through rows by id, filtered by partner and period", async () => {
    const s = statement("2026-Q1", [partner("P-PAGE", ACME_Q1)]);
    await store.ledger.postStatement(s, { programVersionId: v1 });
    const ids: string[] = [];
    let afterId: string | undefined;
    for (let page = 0; page < 10; page++) {
      const p = await store.ledger.list({
        partner: "P-PAGE",
        period: "2026-Q1",
        limit: 4,
        ...(afterId ? { afterId } : {}),
      });
      ids.push(...p.items.map((e) => e.id));
      if (p.nextAfterId === null) break;
      afterId = p.nextAfterId;
    }
    expect(ids).toEqual((await rowsOf(store, "P-PAGE")).map((e) => e.id));
    expect(ids).toHaveLength(6);
    expect((await store.ledger.list({ period: "2031-Q1", limit: 10 })).items).toEqual([]);
  });

  it("a changed statement adds only the delta rows", async () => {
    const base: typeof ACME_Q1 = [
      ["resale", "rate", "D-1", "1000.00"],
      ["resale", "rate", "D-2", "500.00"],
    ];
    await store.ledger.postStatement(statement("2026-Q1", [partner("P-DELTA", base)]), {
      programVersionId: v1,
    });
    const changed = statement("2026-Q1", [
      partner("P-DELTA", [
        ["resale", "rate", "D-1", "1200.00"], // +200
        ["resale", "rate", "D-3", "300.00"], // new; D-2 gone → −500
      ]),
    ]);
    const r = await store.ledger.postStatement(changed, { programVersionId: v2 });
    expect(r.ok).toBe(true);
    const rows = (await rowsOf(store, "P-DELTA")).slice(3); // first posting: 2 earned + holdback
    expect(rows.map((e) => `${e.kind}:${e.deal ?? ""}:${e.amount}`).sort()).toEqual(
      ["earned:D-1:200.00", "earned:D-2:-500.00", "earned:D-3:300.00"].sort(),
    );
    expect(rows.every((e) => e.programVersion === v2)).toBe(true);
    const view = await store.ledger.view("P-DELTA", "2026-Q1");
    expect(view.balanced).toBe(true);
    expect(view.periodTotal).toBe(changed.partners[0]!.payable);
  });

  it("ledger totals equal the statement figures across holdback, release and carry-forward", async () => {
    // Q1 earns, Q2 is clawed back below zero (carried forward), Q3 releases Q1's holdback.
    const q1 = partner("P-CARRY", [["resale", "rate", "D-1", "1000.00"]]);
    const q2b = partner("P-CARRY", [["resale", "clawback", "D-1", "-1000.00"]]);
    const q3 = partner("P-CARRY", [["resale", "rate", "D-2", "2000.00"]], {
      released: q1.held_back,
      carryIn: q2b.carry_forward,
    });
    expect(q2b.carry_forward).toBe("-1000.00");
    expect(q3.payable).toBe("800.00"); // 2000 − 400 held + 200 released − 1000 carried in
    const stmts = [statement("2026-Q1", [q1]), statement("2026-Q2", [q2b]), statement("2026-Q3", [q3])];
    for (const s of stmts)
      expect((await store.ledger.postStatement(s, { programVersionId: v1 })).ok).toBe(true);
    let all = new Decimal(0);
    for (const s of stmts) {
      const view = await store.ledger.view("P-CARRY", s.period);
      expect(view.balanced).toBe(true);
      expect(view.periodTotal).toBe(s.partners[0]!.payable);
      expect(view.figures?.earned).toBe(s.partners[0]!.earned);
      all = all.plus(s.partners[0]!.payable);
    }
    expect(await store.ledger.balance("P-CARRY")).toBe(all.toFixed(2));
  });

  it("a change to a closed period posts adjustments in the next open period, once", async () => {
    const q1 = statement("2026-Q1", [partner("P-CLOSED", [["resale", "rate", "D-1001", "4000.00"]])]);
    expect((await store.ledger.postStatement(q1, { programVersionId: v1 })).ok).toBe(true);
    const closing = await store.periods.close("2026-Q1", "finance");
    expect(closing.ok && closing.value.alreadyClosed).toBe(false);
    const again = await store.periods.close("2026-Q1", "finance");
    expect(again.ok && again.value.alreadyClosed).toBe(true);

    const recomputed = statement("2026-Q1", [partner("P-CLOSED", [["resale", "rate", "D-1001", "4500.00"]])]);
    const r = await store.ledger.postStatement(recomputed, { programVersionId: v2 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      periodClosed: true,
      postedTo: "2026-Q2",
      rowsWritten: 2,
      adjustments: 2,
    });
    const adj = (await rowsOf(store, "P-CLOSED")).filter((e) => e.kind === "adjustment");
    expect(adj.map((e) => [e.period, e.adjustsPeriod, e.adjustsKind, e.amount])).toEqual([
      ["2026-Q2", "2026-Q1", "earned", "500.00"],
      ["2026-Q2", "2026-Q1", "holdback", "-100.00"],
    ]);
    expect(adj[0]!.cause).toBe(
      `recomputed 2026-Q1 with program v${v2}: earned resale for D-1001 changed by 500.00`,
    );
    // Nothing is ever written into the closed period itself.
    expect((await rowsOf(store, "P-CLOSED")).filter((e) => e.period === "2026-Q1")).toHaveLength(2);

    const view = await store.ledger.view("P-CLOSED", "2026-Q1");
    expect(view.postedBalance).toBe("3200.00");
    expect(view.periodTotal).toBe("3600.00");
    expect(view.figures?.payable).toBe("3600.00");
    // Totals fold adjustments into the period and kind they correct.
    expect(await store.ledger.totals({ partner: "P-CLOSED" })).toEqual([
      {
        period: "2026-Q1",
        partner: "P-CLOSED",
        component: "resale",
        deal: "D-1001",
        kind: "earned",
        total: "4500.00",
      },
      {
        period: "2026-Q1",
        partner: "P-CLOSED",
        component: null,
        deal: null,
        kind: "holdback",
        total: "-900.00",
      },
    ]);
    expect(view.balanced).toBe(true);

    // Idempotent across the close: re-posting the recomputed statement adds nothing.
    const repost = await store.ledger.postStatement(recomputed, { programVersionId: v2 });
    expect(repost.ok && repost.value.rowsWritten).toBe(0);

    // An explicit open period is honoured; a cause from the caller prefixes each row's cause.
    const third = statement("2026-Q1", [partner("P-CLOSED", [["resale", "rate", "D-1001", "4400.00"]])]);
    const explicit = await store.ledger.postStatement(third, {
      programVersionId: v2,
      openPeriod: "2026-Q3",
      cause: "deal D-1001 amount corrected in CRM",
    });
    expect(explicit.ok && explicit.value.postedTo).toBe("2026-Q3");
    const last = (await rowsOf(store, "P-CLOSED")).at(-1)!;
    expect(last.cause).toMatch(/^deal D-1001 amount corrected in CRM: holdback changed by 20.00$/);
    expect((await store.ledger.view("P-CLOSED", "2026-Q1")).periodTotal).toBe("3520.00");

    // The adjustment target must be open and later than the corrected period.
    // Re-posting an unchanged statement into a closed period needs no target at all.
    const unchanged = await store.ledger.postStatement(third, {
      programVersionId: v2,
      openPeriod: "2025-Q4",
    });
    expect(unchanged.ok && unchanged.value.rowsWritten).toBe(0);
    const earlier = await store.ledger.postStatement(recomputed, {
      programVersionId: v2,
      openPeriod: "2025-Q4",
    });
    expect(!earlier.ok && earlier.error.code).toBe("period_closed");
    await store.periods.close("2026-Q2", "finance");
    const closedTarget = await store.ledger.postStatement(recomputed, {
      programVersionId: v2,
      openPeriod: "2026-Q2",
    });
    expect(!closedTarget.ok && closedTarget.error.code).toBe("period_closed");
    // Without an explicit target, the first open period after Q1 is now Q3.
    const auto = await store.ledger.postStatement(recomputed, { programVersionId: v2 });
    expect(auto.ok && auto.value.postedTo).toBe("2026-Q3");
    expect((await store.ledger.view("P-CLOSED", "2026-Q1")).balanced).toBe(true);

    const periods = await store.periods.list();
    expect(periods.filter((p) => p.status === "closed").map((p) => p.period)).toEqual(["2026-Q1", "2026-Q2"]);
  });

  it("a closed period's correction found past the first 1,000 partners goes to the next open period", async () => {
    const many = Array.from({ length: 1200 }, (_, i) =>
      partner(`P-GRP-${String(i).padStart(4, "0")}`, [["resale", "rate", `D-GRP-${i}`, "10.00"]]),
    );
    expect((await store.ledger.postStatement(statement("2027-Q2", many), { programVersionId: v1 })).ok).toBe(
      true,
    );
    await store.periods.close("2027-Q2", "finance");
    const changed = many.map((p, i) =>
      i === 1100 ? partner(p.partner_id, [["resale", "rate", `D-GRP-${i}`, "12.00"]]) : p,
    );
    const r = await store.ledger.postStatement(statement("2027-Q2", changed), { programVersionId: v1 });
    expect(r.ok && [r.value.postedTo, r.value.adjustments > 0, r.value.periodClosed]).toEqual([
      "2027-Q3",
      true,
      true,
    ]);
    expect((await store.ledger.view("P-GRP-1100", "2027-Q2")).balanced).toBe(true);
    expect((await store.ledger.view("P-GRP-0000", "2027-Q3")).entries).toEqual([]);
  });

  it("rejects an inconsistent statement without writing anything", async () => {
    const bad = partner("P-BAD", [["resale", "rate", "D-1", "100.00"]]);
    const before = await store.ledger.count();
    const r1 = await store.ledger.postStatement(statement("2026-Q1", [{ ...bad, earned: "90.00" }]), {
      programVersionId: v1,
    });
    expect(!r1.ok && r1.error.code).toBe("statement_inconsistent");
    const r2 = await store.ledger.postStatement(statement("2026-Q1", [{ ...bad, payable: "999.00" }]), {
      programVersionId: v1,
    });
    expect(!r2.ok && r2.error.code).toBe("statement_inconsistent");
    const r3 = await store.ledger.postStatement(
      { ...statement("2026-Q1", [bad]), period: "Q1" },
      { programVersionId: v1 },
    );
    expect(!r3.ok && r3.error.code).toBe("statement_invalid");
    const r4 = await store.ledger.postStatement(statement("2026-Q1", [bad, bad]), { programVersionId: v1 });
    expect(!r4.ok && r4.error.code).toBe("statement_invalid");
    const malformed = partner("P-MAL", [["resale", "rate", "D-2", "100.00"]]);
    const r5 = await store.ledger.postStatement(
      statement("2026-Q1", [bad, { ...malformed, lines: [{ ...malformed.lines[0]!, amount: "1,00" }] }]),
      { programVersionId: v1 },
    );
    expect(!r5.ok && r5.error.message).toBe(
      "statement: partners.1.lines.0.amount: expected a decimal string",
    );
    expect(await store.ledger.count()).toBe(before);
  });

  it("forfeited lines are not posted", async () => {
    const p = partner("P-FORF", [
      ["resale", "rate", "D-1", "100.00", true],
      ["resale", "rate", "D-2", "50.00"],
    ]);
    expect(p.earned).toBe("50.00");
    await store.ledger.postStatement(statement("2027-Q1", [p]), { programVersionId: v1 });
    expect((await rowsOf(store, "P-FORF")).map((e) => [e.kind, e.deal])).toEqual([
      ["earned", "D-2"],
      ["holdback", null],
    ]);
  });

  it("two postings at once never double-post", async () => {
    const other = await t.second();
    const s = statement(
      "2026-Q4",
      Array.from({ length: 50 }, (_, i) => partner(`P-CONC-${i}`, ACME_Q1)),
    );
    const results = await Promise.all([
      store.ledger.postStatement(s, { programVersionId: v1 }),
      other.ledger.postStatement(s, { programVersionId: v1 }),
      other.ledger.postStatement(s, { programVersionId: v1 }),
    ]);
    const written = results.map((r) => (r.ok ? r.value.rowsWritten : -1)).sort((a, b) => a - b);
    expect(written).toEqual([0, 0, 300]);
    for (const id of ["P-CONC-0", "P-CONC-49"]) {
      const view = await store.ledger.view(id, "2026-Q4");
      expect(view.entries).toHaveLength(6);
      expect(view.balanced).toBe(true);
    }
  });

  it("two different results posted at once end as exactly one of them", async () => {
    const other = await t.second();
    const a = statement("2027-Q3", [partner("P-AB", [["resale", "rate", "D-1", "100.00"]])]);
    const b = statement("2027-Q3", [partner("P-AB", [["resale", "rate", "D-1", "250.00"]])]);
    const [ra, rb] = await Promise.all([
      store.ledger.postStatement(a, { programVersionId: v1 }),
      other.ledger.postStatement(b, { programVersionId: v2 }),
    ]);
    expect(ra.ok && rb.ok).toBe(true);
    const view = await store.ledger.view("P-AB", "2027-Q3");
    expect(["80.00", "200.00"]).toContain(view.periodTotal);
    expect(view.balanced).toBe(true);
    const winner = view.periodTotal === "80.00" ? a : b;
    const again = await store.ledger.postStatement(winner, { programVersionId: v1 });
    expect(again.ok && again.value.rowsWritten).toBe(0);
  });

  it("closing a period while a posting for it runs never loses the change", async () => {
    const other = await t.second();
    const before = statement("2027-Q2", [partner("P-RACE", [["resale", "rate", "D-1", "100.00"]])]);
    await store.ledger.postStatement(before, { programVersionId: v1 });
    const after = statement("2027-Q2", [partner("P-RACE", [["resale", "rate", "D-1", "130.00"]])]);
    const [posted, closed] = await Promise.all([
      other.ledger.postStatement(after, { programVersionId: v2 }),
      store.periods.close("2027-Q2", "finance"),
    ]);
    expect(posted.ok && closed.ok).toBe(true);
    const view = await store.ledger.view("P-RACE", "2027-Q2");
    // Either posted into Q2 before the close, or as adjustments after it: counted exactly once.
    expect(view.periodTotal).toBe("104.00");
    expect(view.balanced).toBe(true);
    const repost = await other.ledger.postStatement(after, { programVersionId: v2 });
    expect(repost.ok && repost.value.rowsWritten).toBe(0);
  });

  it("the ledger rejects UPDATE and DELETE", async () => {
    await store.ledger.postStatement(
      statement("2027-Q1", [partner("P-RO", [["resale", "rate", "D-1", "1.00"]])]),
      {
        programVersionId: v1,
      },
    );
    await expect(t.db.query("UPDATE ledger_entries SET amount = 0 WHERE partner = 'P-RO'")).rejects.toThrow(
      /append-only: UPDATE rejected/,
    );
    await expect(t.db.query("DELETE FROM ledger_entries WHERE partner = 'P-RO'")).rejects.toThrow(
      /append-only: DELETE rejected/,
    );
    await expect(t.db.query("UPDATE ledger_statements SET payable = 0")).rejects.toThrow(/append-only/);
    const rows = await rowsOf(store, "P-RO");
    expect(rows.map((e) => [e.kind, e.amount])).toEqual([
      ["earned", "1.00"],
      ["holdback", "-0.20"],
    ]);
  });

  it("a crash mid-posting leaves nothing half-posted", async () => {
    const s = statement(
      "2027-Q1",
      Array.from({ length: 20 }, (_, i) => partner(`P-CRASH-${i}`, ACME_Q1)),
    );
    const runsBefore = (await store.runs.list({ kind: "post", limit: 1000 })).length;
    const countBefore = await store.ledger.count();
    // Fails after every ledger row is inserted, on the statement-figures insert.
    const crashing = createStore(failingExecutor(t.db, /INSERT INTO ledger_statements/));
    await expect(crashing.ledger.postStatement(s, { programVersionId: v1 })).rejects.toThrow(
      "injected crash",
    );
    expect(await store.ledger.count()).toBe(countBefore);
    expect((await store.ledger.view("P-CRASH-0", "2027-Q1")).figures).toBeNull();
    expect((await store.runs.list({ kind: "post", limit: 1000 })).length).toBe(runsBefore);
    // The retry posts everything, exactly once.
    const retry = await store.ledger.postStatement(s, { programVersionId: v1 });
    expect(retry.ok && retry.value.rowsWritten).toBe(120);
    expect((await store.ledger.view("P-CRASH-19", "2027-Q1")).balanced).toBe(true);
  });
});
