// Payout operations through the sync (issue #16), against both sandbox CRMs: a review rule in the
// program flags and holds payouts, and the CRMs show the lifecycle — Incentive_Payout__c status,
// the Account's / company's payout status and open disputes count, and paid-to-date after
// mark-paid — on the next write-back. A rerun writes nothing.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import { fromCsv } from "../../../src/payouts/csv.ts";
import { applyAction, exportPeriod, markPaid, openDispute } from "../../../src/payouts/index.ts";
import { counted, type Harness, startHarness, writesOf } from "./harness.ts";

let h: Harness;
const ops = { actor: "ops", reason: "reviewed" };

beforeAll(async () => {
  h = await startHarness("pglite");
  const yaml = `${await readFile("programs/example.yaml", "utf8")}
review:
  quarter_end_spike: { last_days: 30, share: "0.50", min_deals: 1 }
`;
  const program = /^program:\s*(.+)$/m.exec(yaml)![1]!.trim();
  await h.store.programVersions.save({ name: program, yaml, effectiveFrom: "2026-01-01", createdBy: "test" });
}, 120_000);
afterAll(async () => h?.close());

const account = (partner: string) =>
  h.sandbox.salesforce.org.query(
    `SELECT Id, Payout_Status__c, Open_Disputes__c, Incentives_Paid_YTD__c FROM Account WHERE Incentive_Key__c = '${partner}'`,
  ).records[0] as Record<string, unknown> | undefined;
const payoutStatuses = (partner: string, period: string) =>
  new Set(
    h.sandbox.salesforce.org
      .query(
        `SELECT Incentive_Key__c, Status__c FROM Incentive_Payout__c WHERE Incentive_Key__c LIKE '${partner}:${period}:%'`,
      )
      .records.map((r) => r.Status__c),
  );
async function company(partner: string) {
  const p = await h.store.partners.get(partner);
  const id = (p?.raw as { sides?: { hubspot?: { id: string } } } | undefined)?.sides?.hubspot?.id;
  return id ? h.sandbox.hubspot.portal.get("companies", id)?.properties : undefined;
}

describe("payout lifecycle in the CRMs", () => {
  let held: { partner: string; period: string };

  it("holds flagged payouts and shows Held for Review on the payout rows, the Account and the company", async () => {
    const r = await h.runtime.reconcile();
    expect(r.outcome).not.toBe("failed");
    expect(r.counts["payouts.held"]).toBeGreaterThan(0);
    const flags = (await h.store.payoutEvents.list({ period: "2026-Q1" })).filter((e) => e.action === "flag");
    expect(flags.length).toBeGreaterThan(0);
    expect(flags[0]!.reason).toMatch(/of 2026-Q1's won amount .* closed in its last 30 days/);
    held = { partner: flags[0]!.partner, period: "2026-Q1" };
    expect(payoutStatuses(held.partner, held.period)).toEqual(new Set(["Held for Review"]));
    expect(account(held.partner)?.Payout_Status__c).toBe("Held for Review");
    expect((await company(held.partner))?.payout_status).toBe("held_for_review");
  }, 300_000);

  it("shows an open dispute as Disputed with a count, after the next sync", async () => {
    const listing = await h.store.payoutEvents.due("2026-Q2");
    const partner = [...listing.keys()].sort().find((p) => p !== held.partner)!;
    const statement = await h.store.ledger.statement(partner, "2026-Q2");
    const deal = (statement!.partner.lines as Array<{ deal_id: string | null }>).find((l) => l.deal_id)!
      .deal_id!;
    const o = await openDispute(h.store, {
      partner,
      period: "2026-Q2",
      deal,
      reason: "we sourced it",
      openedBy: "partner",
    });
    expect(o.ok).toBe(true);
    const r = await h.runtime.sync();
    expect(r.outcome).not.toBe("failed");
    expect(account(partner)).toMatchObject({ Payout_Status__c: "Disputed", Open_Disputes__c: 1 });
    expect(payoutStatuses(partner, "2026-Q2")).toEqual(new Set(["Disputed"]));
    const c = await company(partner);
    expect([c?.payout_status, c?.open_disputes]).toEqual(["disputed", "1"]);
  }, 300_000);

  it("marks exported payouts paid and Incentives_Paid_YTD__c / incentives_paid_ytd follow", async () => {
    await applyAction(h.store, "approve", { period: "2026-Q1" }, ops);
    const batch = (await exportPeriod(h.store, "2026-Q1", "finance")).batch!;
    expect(batch.rows).toBeGreaterThan(0);
    // The file's CRM id columns name the partner's real records: its Account in Salesforce and its
    // company in HubSpot, found here independently by the key the sync writes on both.
    const rows = fromCsv(batch.csv);
    const companyIdOf = (key: string) =>
      [...h.sandbox.hubspot.portal.state.stores.companies.records.entries()].find(
        ([, c]) => c.props.incentive_key === key,
      )?.[0] ?? "";
    const ids = rows.map((r) => [
      r.partner_key,
      r.salesforce_id,
      String(account(r.partner_key!)?.Id ?? ""),
      r.hubspot_id,
      companyIdOf(r.partner_key!),
    ]);
    for (const [key, sf, sfExpected, hs, hsExpected] of ids)
      expect([key, sf, hs]).toEqual([key, sfExpected, hsExpected]);
    expect(ids.some(([, sf, , hs]) => sf !== "" && hs !== "")).toBe(true);
    const lines = batch.csv
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","));
    const csv = [
      "partner_key,period,payment_reference,paid_on",
      ...lines.map((l) => `${l[2]},2026-Q1,W-${l[2]},2026-04-15`),
    ];
    const paid = await markPaid(h.store, `${csv.join("\n")}\n`, "finance", "2026-11-20");
    expect(paid.rejected).toEqual([]);
    const r = await h.runtime.sync();
    expect(r.outcome).not.toBe("failed");
    const first = paid.paid[0]!;
    expect(new Dec(String(account(first.partner)?.Incentives_Paid_YTD__c)).toFixed(2)).toBe(first.amount);
    expect(payoutStatuses(first.partner, "2026-Q1")).toEqual(new Set(["Paid"]));
    expect(new Dec((await company(first.partner))?.incentives_paid_ytd ?? "0").toFixed(2)).toBe(first.amount);
  }, 300_000);

  it("writes nothing more on a rerun", async () => {
    const { report, calls } = await counted(h, () => h.runtime.sync());
    expect(report.outcome).not.toBe("failed");
    expect(writesOf(calls)).toBe(0);
  }, 300_000);
});
