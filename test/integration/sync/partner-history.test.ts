// Issue #21, the money defect: a partner that falls out of compliance today must forfeit today's
// period, not the quarters it was already paid for. Reconcile, close 2026-Q1, set
// Compliance_OK__c = false on an eligible partner account in the sandbox Salesforce (through its
// REST API, as a user would), reconcile again: no adjustment to any period that ended before the
// change, and the current period is forfeited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../../src/store/index.ts";
import { patchSalesforce } from "../../hostile/crm-edit.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("pglite");
});
afterAll(async () => {
  await h?.close();
});

async function allEntries(): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await h.store.ledger.list({ limit: 10_000, ...(afterId ? { afterId } : {}) });
    out.push(...page.items);
    if (!page.nextAfterId) return out;
    afterId = page.nextAfterId;
  }
}

describe("partner attributes over time (spec §6)", () => {
  it("a partner out of compliance today forfeits today's period and no paid quarter", async () => {
    const first = await h.runtime.reconcile();
    expect(first.outcome).toBe("ok");
    expect(first.period).toBe("2026-Q4");
    // Every partner got its first-seen entry, dated the run's day.
    const recorded = await h.store.partnerHistory.list();
    expect(recorded.length).toBe(h.sandbox.seeded!.partners);
    expect(new Set(recorded.map((e) => `${e.source} ${e.effectiveFrom}`))).toEqual(
      new Set(["first_seen 2026-11-20"]),
    );

    // An eligible partner that earned in 2026-Q1, Q2 and Q3.
    const entries = await allEntries();
    const paidIn = (partner: string, period: string) =>
      entries.some(
        (e) => e.partner === partner && e.period === period && e.kind === "earned" && e.amount !== "0.00",
      );
    const stored = await h.store.partners.list();
    const target = stored.find(
      (p) =>
        p.data.compliance_ok === true &&
        p.data.agreement_signed === true &&
        ["2026-Q1", "2026-Q2", "2026-Q3"].every((q) => paidIn(p.id, q)),
    );
    expect(target, "an eligible partner paid in Q1–Q3").toBeDefined();
    const before = new Map<string, string>();
    for (const q of ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]) {
      const s = await h.store.ledger.statement(target!.id, q);
      expect(s!.partner.eligible).toBe(true);
      before.set(q, String(s!.partner.payable));
    }
    await h.store.periods.close("2026-Q1", "test");

    const accountId = (target!.raw as { sides: { salesforce: { id: string } } }).sides.salesforce.id;
    await patchSalesforce(h.sandbox, "Account", accountId, { Compliance_OK__c: false });
    const second = await h.runtime.reconcile();
    expect(second.outcome).toBe("ok");

    // The change is recorded with the date Salesforce says the account was modified.
    const history = await h.store.partnerHistory.list(target!.id);
    expect(history.map((e) => [e.effectiveFrom, e.compliance_ok, e.source])).toEqual([
      ["2026-11-20", true, "first_seen"],
      ["2026-11-20", false, "salesforce"],
    ]);

    // No row for, or adjusting, any period that ended before the change.
    const added = (await allEntries()).filter((e) => e.runId === second.runId);
    expect(added.filter((e) => e.period !== "2026-Q4" || e.adjustsPeriod !== null)).toEqual([]);
    expect(second.counts["ledger.adjustments"] ?? 0).toBe(0);
    for (const q of ["2026-Q1", "2026-Q2", "2026-Q3"]) {
      const s = await h.store.ledger.statement(target!.id, q);
      expect(s!.partner.eligible).toBe(true);
      expect(String(s!.partner.payable)).toBe(before.get(q));
    }

    // The current period is forfeited, and says why.
    const q4 = await h.store.ledger.statement(target!.id, "2026-Q4");
    expect(q4!.partner.eligible).toBe(false);
    expect(q4!.partner.ineligible_reasons).toEqual([
      "compliance_ok is false from 2026-11-20 (required: true)",
    ]);
    const forfeitedRows = added.filter((e) => e.partner === target!.id);
    expect(forfeitedRows.length).toBeGreaterThan(0);
    // And the CRM shows it on the account.
    const account = h.sandbox.salesforce.org.get("Account", accountId)!;
    expect(account.Incentive_Eligible__c).toBe(false);
    expect(String(account.Ineligible_Reasons__c)).toContain("compliance_ok is false from 2026-11-20");

    // A third reconcile changes nothing more.
    const third = await h.runtime.reconcile();
    expect(third.counts["ledger.rows"] ?? 0).toBe(0);
    expect((await h.store.partnerHistory.list(target!.id)).length).toBe(2);
  });
});
