// Near-tier nudges and tier changes through the real sync against both sandbox CRMs (issue #16):
// one Salesforce Task on the Account and one HubSpot task associated with the company, for the
// account owner, per partner, period, kind and tier; a rerun creates none; the task is completed
// once the partner reaches the tier; a promotion in the next quarter creates its own task.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import { linkTypes } from "../../../sandbox/hubspot/associations-store.ts";
import type { NudgeTask } from "../../../src/store/index.ts";
import { counted, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("pglite");
  // near_tier 1: every partner below the top tier is "near" — the test then picks one whose
  // only gap is volume, so one extra deal makes it reach the tier.
  const yaml = `${await readFile("programs/example.yaml", "utf8")}
nudges: { near_tier: "1", tier_changes: true }
`;
  const program = /^program:\s*(.+)$/m.exec(yaml)![1]!.trim();
  await h.store.programVersions.save({ name: program, yaml, effectiveFrom: "2026-01-01", createdBy: "test" });
}, 120_000);
afterAll(async () => h?.close());

const sfTasks = (where = "") =>
  h.sandbox.salesforce.org.query(
    `SELECT Id, Subject, ActivityDate, Status, OwnerId, WhatId, IsClosed FROM Task ${where}`,
  ).records as Array<Record<string, unknown>>;
const hsTasks = () =>
  [...h.sandbox.hubspot.portal.state.stores.tasks.records.values()].filter((r) => !r.archived);

const wonOpportunity = (account: string) =>
  (
    h.sandbox.salesforce.org.query(
      `SELECT Id, Amount FROM Opportunity WHERE PartnerAccountId = '${account}' AND StageName = 'Closed Won' ORDER BY Id`,
    ).records as Array<{ Id: string; Amount: number }>
  )[0];

async function sides(partner: string) {
  const p = await h.store.partners.get(partner);
  if (!p) throw new Error(`no partner ${partner}`);
  return (p.raw as { sides: { salesforce?: { id: string }; hubspot?: { id: string } } }).sides;
}

describe("nudge tasks in both CRMs", () => {
  let target: { partner: string; tier: string; gap: string; row: NudgeTask };

  it("creates one task per partner and tier for the account owner, due at period end", async () => {
    const r = await h.runtime.reconcile();
    expect(r.outcome).not.toBe("failed");
    const rows = await h.store.nudgeTasks.list();
    const near = rows.filter((x) => x.kind === "near_tier" && x.period === "2026-Q4");
    expect(near.length).toBeGreaterThan(0);
    expect(rows.every((x) => x.status === "open" && x.taskId !== null)).toBe(true);
    expect(r.counts["nudges.created"]).toBe(rows.length);

    // A partner in both CRMs whose only gap to the next tier is volume.
    let picked: typeof target | undefined;
    for (const row of near.filter((x) => x.crm === "salesforce")) {
      const s = await h.store.ledger.statement(row.partnerId, "2026-Q4");
      const p = s?.partner as {
        missing_for_next_tier: string[];
        gap_to_next_tier: string;
        next_tier: string;
      };
      const both = await sides(row.partnerId);
      const owned = both.hubspot
        ? h.sandbox.hubspot.portal.get("companies", both.hubspot.id)?.properties.hubspot_owner_id
        : null;
      const won = wonOpportunity(row.recordId);
      if (p && p.missing_for_next_tier.length === 0 && owned && won && new Dec(p.gap_to_next_tier).gt(0)) {
        picked = { partner: row.partnerId, tier: p.next_tier, gap: p.gap_to_next_tier, row };
        break;
      }
    }
    expect(picked).toBeDefined();
    target = picked!;
    const s = await sides(target.partner);

    // Salesforce: a Task on the Account, owned by the Account's owner, due 2026-12-31.
    const account = h.sandbox.salesforce.org.query(
      `SELECT Id, Name, OwnerId FROM Account WHERE Id = '${s.salesforce!.id}'`,
    ).records[0] as Record<string, unknown>;
    const [task] = sfTasks(`WHERE WhatId = '${s.salesforce!.id}' AND Subject LIKE '% from ${target.tier}%'`);
    expect(task).toMatchObject({
      Id: target.row.taskId,
      ActivityDate: "2026-12-31",
      Status: "Not Started",
      OwnerId: account.OwnerId,
      IsClosed: false,
    });
    const dollars = new Dec(target.gap)
      .truncated()
      .toFixed(0)
      .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    expect(String(task!.Subject)).toContain(`${String(account.Name)} is $${dollars}`);

    // HubSpot: a task associated with the company, owned by the company's owner.
    const company = h.sandbox.hubspot.portal.get("companies", s.hubspot!.id)!;
    const hsRow = (await h.store.nudgeTasks.list({ partnerId: target.partner })).find(
      (x) => x.crm === "hubspot" && x.kind === "near_tier" && x.tier === target.tier,
    )!;
    const hsTask = h.sandbox.hubspot.portal.get("tasks", hsRow.taskId!)!;
    expect(hsTask.properties).toMatchObject({
      hs_task_subject: String(task!.Subject),
      hs_task_status: "NOT_STARTED",
      hubspot_owner_id: company.properties.hubspot_owner_id,
    });
    expect(company.properties.hubspot_owner_id).toBeTruthy();
    const due = String(hsTask.properties.hs_timestamp);
    expect(new Date(/^\d+$/.test(due) ? Number(due) : due).toISOString()).toBe("2026-12-31T00:00:00.000Z");
    const stored = h.sandbox.hubspot.portal.state.stores.tasks.records.get(hsRow.taskId!)!;
    expect([...(stored.assoc?.companies?.keys() ?? [])]).toEqual([s.hubspot!.id]);
    expect(linkTypes(stored, "companies", s.hubspot!.id)).toEqual([192]);
    // One task per row in each CRM, none extra.
    expect(sfTasks().length).toBe(rows.filter((x) => x.crm === "salesforce").length);
    expect(hsTasks().length).toBe(rows.filter((x) => x.crm === "hubspot").length);
  }, 300_000);

  it("creates none on a rerun", async () => {
    const before = [sfTasks().length, hsTasks().length];
    const { report, calls } = await counted(h, () => h.runtime.sync());
    expect(report.outcome).not.toBe("failed");
    expect(report.counts["nudges.created"] ?? 0).toBe(0);
    expect(report.counts["nudges.existing"]).toBeGreaterThan(0);
    expect([sfTasks().length, hsTasks().length]).toEqual(before);
    expect(calls.salesforce.writes + calls.hubspot.writes).toBe(0);
  }, 300_000);

  it("completes the task in both CRMs once the partner reaches the tier", async () => {
    const s = await sides(target.partner);
    // One more won deal this quarter, worth the gap: the partner now qualifies for the tier.
    const opp = wonOpportunity(s.salesforce!.id);
    expect(opp).toBeDefined();
    const amount = new Dec(target.gap).plus(opp!.Amount).plus(1000);
    h.sandbox.salesforce.org.update("Opportunity", opp!.Id, {
      Amount: Number(amount.toFixed(2)),
      CloseDate: "2026-11-02",
    });
    const r = await h.runtime.sync();
    expect(r.outcome).not.toBe("failed");
    const statement = await h.store.ledger.statement(target.partner, "2026-Q4");
    expect((statement!.partner as { qualified_tier: string }).qualified_tier).toBe(target.tier);
    expect(r.counts["nudges.completed"]).toBeGreaterThanOrEqual(2);
    const rows = (await h.store.nudgeTasks.list({ partnerId: target.partner })).filter(
      (x) => x.kind === "near_tier" && x.tier === target.tier,
    );
    expect(rows.map((x) => x.status)).toEqual(["completed", "completed"]);
    const sf = rows.find((x) => x.crm === "salesforce")!;
    const hs = rows.find((x) => x.crm === "hubspot")!;
    expect(sfTasks(`WHERE Id = '${sf.taskId}'`)[0]).toMatchObject({ Status: "Completed", IsClosed: true });
    expect(h.sandbox.hubspot.portal.get("tasks", hs.taskId!)?.properties.hs_task_status).toBe("COMPLETED");
    // Other partners' tasks stay open.
    expect((await h.store.nudgeTasks.list({ status: ["open"] })).length).toBeGreaterThan(0);
  }, 300_000);

  it("creates a promotion task for the owner when the held tier goes up next quarter", async () => {
    // Into 2027-Q1: the tier decided at the end of 2026-Q4 is now held.
    h.advance(Date.UTC(2027, 0, 5) - h.now());
    const r = await h.runtime.sync();
    expect(r.outcome).not.toBe("failed");
    const promo = (await h.store.nudgeTasks.list({ partnerId: target.partner })).filter(
      (x) => x.kind === "promotion" && x.period === "2027-Q1",
    );
    expect(promo.map((x) => [x.crm, x.tier, x.status])).toEqual(
      expect.arrayContaining([
        ["salesforce", target.tier, "open"],
        ["hubspot", target.tier, "open"],
      ]),
    );
    const sf = promo.find((x) => x.crm === "salesforce")!;
    expect(sfTasks(`WHERE Id = '${sf.taskId}'`)[0]).toMatchObject({
      ActivityDate: "2027-03-31",
      Status: "Not Started",
    });
    expect(String(sfTasks(`WHERE Id = '${sf.taskId}'`)[0]!.Subject)).toMatch(
      new RegExp(` promoted to ${target.tier} \\(was \\w+\\)$`),
    );
    // And a rerun in the new quarter creates nothing more.
    const again = await h.runtime.sync();
    expect(again.counts["nudges.created"] ?? 0).toBe(0);
  }, 300_000);

  it("after a crash between the create call and its record, finds the task instead of creating it again", async () => {
    const rows = (await h.store.nudgeTasks.list({ status: ["open"] })).filter((x) => x.period === "2027-Q1");
    const sf = rows.find((x) => x.crm === "salesforce")!;
    const hs = rows.find((x) => x.crm === "hubspot")!;
    // The state a crash leaves: claimed ('creating'), no task id recorded, the task in the CRM.
    for (const row of [sf, hs]) {
      await h.store.nudgeTasks.failed(row.id, "simulated");
      await h.store.nudgeTasks.claim([row]);
    }
    expect((await h.store.nudgeTasks.list({ status: ["creating"] })).map((x) => x.taskId)).toEqual([
      null,
      null,
    ]);
    const before = [sfTasks().length, hsTasks().length];
    const r = await h.runtime.sync();
    expect(r.outcome).not.toBe("failed");
    expect(r.counts["nudges.created"] ?? 0).toBe(0);
    expect([sfTasks().length, hsTasks().length]).toEqual(before);
    const after = new Map((await h.store.nudgeTasks.list()).map((x) => [x.id, x]));
    expect([after.get(sf.id)?.status, after.get(sf.id)?.taskId]).toEqual(["open", sf.taskId]);
    expect([after.get(hs.id)?.status, after.get(hs.id)?.taskId]).toEqual(["open", hs.taskId]);
  }, 300_000);
});
