// The sync against both emulators through the real connectors, on PGlite in memory: first and
// repeated reconciles, idle incremental rounds, edits, mirrors, partner propagation and
// conflicts, quarantine, deletes with clawback, dry runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalId, type Entry } from "../../../src/sync/model.ts";
import { counted, type Harness, startHarness, writesOf } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("pglite");
});
afterAll(async () => {
  await h?.close();
});

async function deals(): Promise<Entry[]> {
  return (await h.store.deals.list()).map((d) => ({
    id: d.id,
    entity: "deal",
    data: d.data as Entry["data"],
    raw: d.raw as Entry["raw"],
    deleted: d.deleted,
  }));
}

describe("reconcile", () => {
  it("populates the store and ledger and writes computed fields to both CRMs", async () => {
    const { report, calls } = await counted(h, () => h.runtime.reconcile());
    expect(report.message).toBeNull();
    expect(report.outcome).toBe("ok");
    const seeded = h.sandbox.seeded!;
    expect((await h.store.partners.list()).length).toBe(seeded.partners);
    // A deal mirrored in both CRMs is one canonical deal.
    expect((await h.store.deals.list()).length).toBe(
      seeded.salesforceDeals + seeded.hubspotDeals - seeded.mirrored,
    );
    expect(report.counts["linked.deal"]).toBe(seeded.mirrored);
    expect(report.counts["linked.partner"]).toBe(seeded.partners);
    expect(await h.store.ledger.count()).toBeGreaterThan(0);
    expect(calls.salesforce.writes).toBeGreaterThan(0);
    expect(calls.hubspot.writes).toBeGreaterThan(0);
    const opp = h.sandbox.salesforce.org.query(
      "SELECT Id, Incentive_Key__c FROM Opportunity LIMIT 5",
    ).records;
    for (const o of opp) expect(String(o.Incentive_Key__c)).toMatch(/^D-[0-9A-F]{16}$/);
    const acct = h.sandbox.salesforce.org.query(
      "SELECT Id, Partner_Tier__c, Incentive_Key__c FROM Account WHERE IsPartner = true LIMIT 3",
    ).records;
    for (const a of acct) {
      expect(a.Partner_Tier__c).toMatch(/Registered|Silver|Gold/);
      expect(String(a.Incentive_Key__c)).toMatch(/^P-/);
    }
    const hsDeal = h.sandbox.hubspot.portal.get("deals", "20000000001")!;
    expect(hsDeal.properties.incentive_key).toMatch(/^D-/);
    const payouts = h.sandbox.salesforce.org.count("Incentive_Payout__c");
    expect(payouts).toBeGreaterThan(0);
    expect(report.counts["written.payouts"]).toBe(payouts);
  });

  it("a second reconcile right after makes zero CRM writes", async () => {
    const { report, calls } = await counted(h, () => h.runtime.reconcile());
    expect(report.outcome).toBe("ok");
    expect(writesOf(calls)).toBe(0);
    expect(report.counts["ledger.rows"] ?? 0).toBe(0);
  });

  it("reconcile rewrites a computed value someone changed in the CRM, and only that", async () => {
    const acct = h.sandbox.salesforce.org.query(
      "SELECT Id, Partner_Tier__c FROM Account WHERE IsPartner = true LIMIT 1",
    ).records[0]!;
    const tier = acct.Partner_Tier__c;
    h.sandbox.salesforce.org.update("Account", String(acct.Id), { Partner_Tier__c: "Platinum" });
    const { report, calls } = await counted(h, () => h.runtime.reconcile());
    expect(report.counts["written.salesforce"]).toBe(1);
    expect(calls.salesforce.writes).toBe(1);
    expect(calls.hubspot.writes).toBe(0);
    expect(h.sandbox.salesforce.org.get("Account", String(acct.Id))!.Partner_Tier__c).toBe(tier);
    const again = await counted(h, () => h.runtime.reconcile());
    expect(writesOf(again.calls)).toBe(0);
  });

  it("reconcile re-creates a payout deleted in Salesforce (upsert on its key)", async () => {
    const org = h.sandbox.salesforce.org;
    const before = org.count("Incentive_Payout__c");
    const payout = org.query("SELECT Id, Incentive_Key__c, Amount__c FROM Incentive_Payout__c LIMIT 1")
      .records[0]!;
    org.delete("Incentive_Payout__c", String(payout.Id));
    const { report } = await counted(h, () => h.runtime.reconcile());
    expect(report.counts["written.payouts"]).toBe(1);
    expect(org.count("Incentive_Payout__c")).toBe(before);
    const again = org.query(
      `SELECT Amount__c FROM Incentive_Payout__c WHERE Incentive_Key__c = '${payout.Incentive_Key__c}'`,
    );
    expect(again.records[0]!.Amount__c).toBe(payout.Amount__c);
  });

  it("ten incremental rounds with no user change make zero writes", async () => {
    for (let i = 0; i < 10; i++) {
      const { report, calls } = await counted(h, () => h.runtime.sync());
      expect(report.outcome).toBe("ok");
      expect(writesOf(calls)).toBe(0);
    }
  });

  it("a mirrored deal is counted once in the ledger", async () => {
    const mirrored = (await deals()).filter((d) => d.raw.sides.salesforce && d.raw.sides.hubspot);
    expect(mirrored.length).toBe(h.sandbox.seeded!.mirrored);
    const earning = [];
    for (const d of mirrored) {
      const rows = (await h.store.ledger.entries({ partner: String(d.data.partner_id) })).filter(
        (r) => r.deal === d.id && r.kind === "earned",
      );
      if (rows.length > 0) earning.push(rows);
    }
    expect(earning.length).toBeGreaterThan(0);
    // One earned row per component, never one per CRM copy.
    for (const rows of earning) {
      const components = rows.map((r) => r.component);
      expect(new Set(components).size).toBe(components.length);
    }
  });
});

describe("incremental changes", () => {
  it("a deal edited in HubSpot is picked up, recomputed, and only changed fields are written", async () => {
    const all = await deals();
    const target = all.find(
      (d) =>
        d.raw.sides.hubspot &&
        !d.raw.sides.salesforce &&
        d.data.stage === "won" &&
        d.data.attribution === "sourced" &&
        d.data.kind === "new" &&
        d.data.currency === "USD" &&
        String(d.data.close_date) >= "2026-10-01",
    )!;
    expect(target).toBeDefined();
    const hsId = target.raw.sides.hubspot!.id;
    const before = h.sandbox.hubspot.portal.get("deals", hsId)!.properties.incentive_amount;
    h.sandbox.hubspot.portal.update("deals", hsId, { amount: "999999.00" });
    const { report, calls } = await counted(h, () => h.runtime.sync());
    expect(report.outcome).toBe("ok");
    expect(report.counts["read.hubspot"]).toBeGreaterThanOrEqual(1);
    const stored = await h.store.deals.get(target.id);
    expect(Number(stored!.data.amount)).toBe(999999);
    const after = h.sandbox.hubspot.portal.get("deals", hsId)!.properties.incentive_amount;
    expect(after).not.toBe(before);
    // Writes went out, but far fewer than a full write-back of every record.
    expect(writesOf(calls)).toBeGreaterThan(0);
    expect((report.counts["written.hubspot"] ?? 0) + (report.counts["written.salesforce"] ?? 0)).toBeLessThan(
      (report.counts["skipped.unchanged"] ?? 0) / 2,
    );
    // And settles: the next round writes nothing.
    const again = await counted(h, () => h.runtime.sync());
    expect(writesOf(again.calls)).toBe(0);
  });

  it("a partner name edited in Salesforce reaches HubSpot (policy latest)", async () => {
    const partner = (await h.store.partners.list())[0]!;
    const raw = partner.raw as Entry["raw"];
    const sfId = raw.sides.salesforce!.id;
    const hsId = raw.sides.hubspot!.id;
    h.sandbox.salesforce.org.update("Account", sfId, { Name: "Renamed In Salesforce" });
    const { report } = await counted(h, () => h.runtime.sync());
    expect(report.outcome).toBe("ok");
    expect(h.sandbox.hubspot.portal.get("companies", hsId)!.properties.name).toBe("Renamed In Salesforce");
    expect((await h.store.partners.get(partner.id))!.data.name).toBe("Renamed In Salesforce");
    expect(report.counts.conflicts ?? 0).toBe(0);
    const again = await counted(h, () => h.runtime.sync());
    expect(writesOf(again.calls)).toBe(0);
  });

  it("concurrent edits on both sides are resolved by policy and recorded", async () => {
    const partner = (await h.store.partners.list())[1]!;
    const raw = partner.raw as Entry["raw"];
    h.sandbox.salesforce.org.update("Account", raw.sides.salesforce!.id, { Name: "SF Edit" });
    await new Promise((r) => setTimeout(r, 20));
    h.sandbox.hubspot.portal.update("companies", raw.sides.hubspot!.id, { name: "HS Edit (later)" });
    const { report } = await counted(h, () => h.runtime.sync());
    expect(report.counts.conflicts).toBe(1);
    expect(report.conflicts[0]).toMatchObject({ partner: partner.id, field: "name", winner: "hubspot" });
    expect(report.message).toContain("conflicts");
    expect(h.sandbox.salesforce.org.get("Account", raw.sides.salesforce!.id)!.Name).toBe("HS Edit (later)");
    const run = await h.store.runs.get(report.runId!);
    expect(run!.counts.conflicts).toBe(1);
    expect(run!.message).toContain("policy latest");
  });

  it("a bad record is quarantined with its field while the rest sync", async () => {
    const account = h.sandbox.salesforce.org.query("SELECT Id FROM Account WHERE IsPartner = true LIMIT 1")
      .records[0]!;
    const bad = h.sandbox.salesforce.org.insert("Opportunity", {
      Name: "Bad attribution",
      PartnerAccountId: account.Id,
      AccountId: account.Id,
      Type: "New Business",
      StageName: "Closed Won",
      Attribution__c: "Referral",
      Amount: 5000,
      CloseDate: "2026-11-01",
    });
    const good = h.sandbox.salesforce.org.insert("Opportunity", {
      Name: "Good one",
      PartnerAccountId: account.Id,
      AccountId: account.Id,
      Type: "New Business",
      StageName: "Closed Won",
      Attribution__c: "Sourced",
      Amount: 7000,
      CloseDate: "2026-11-02",
    });
    const { report } = await counted(h, () => h.runtime.sync());
    expect(report.outcome).toBe("partial");
    const open = await h.runtime.quarantine.list({ status: "open" });
    const row = open.find((e) => e.recordId === bad.Id)!;
    expect(row).toMatchObject({
      crm: "salesforce",
      object: "Opportunity",
      field: "Attribution__c",
      class: "config",
    });
    expect(row.reason).toContain("Referral");
    expect(h.sandbox.salesforce.org.get("Opportunity", good.Id)!.Incentive_Key__c).toMatch(/^D-/);

    // retry flags it for the next run; dismiss closes it.
    expect(await h.runtime.quarantine.retry(row.id)).toBe(true);
    expect((await h.store.recordErrors.get(row.id))!.retryRequested).toBe(true);
    await h.runtime.sync();
    const retried = (await h.store.recordErrors.get(row.id))!;
    expect(retried.attempts).toBe(2);
    expect(retried.retryRequested).toBe(false);
    // Fixed in the CRM → the next sync maps it and resolves the quarantine.
    h.sandbox.salesforce.org.update("Opportunity", bad.Id, { Attribution__c: "Influenced" });
    await h.runtime.sync();
    expect((await h.store.recordErrors.get(row.id))!.status).toBe("resolved");
    const other = h.sandbox.salesforce.org.insert("Opportunity", {
      Name: "No amount",
      PartnerAccountId: account.Id,
      Type: "New Business",
      StageName: "Closed Won",
      Attribution__c: "Sourced",
      CloseDate: "2026-11-03",
    });
    await h.runtime.sync();
    const missing = (await h.runtime.quarantine.list()).find((e) => e.recordId === other.Id)!;
    expect(missing).toMatchObject({ field: "Amount", class: "permanent" });
    expect(await h.runtime.quarantine.dismiss(missing.id, "test")).toBe(true);
    expect((await h.store.recordErrors.get(missing.id))!.status).toBe("dismissed");
  });

  it("a deal deleted after earning is clawed back", async () => {
    const all = await deals();
    const candidates = all.filter(
      (d) =>
        d.raw.sides.salesforce &&
        !d.raw.sides.hubspot &&
        d.data.stage === "won" &&
        !d.data.cancelled_on &&
        String(d.data.close_date) >= "2026-09-01",
    );
    let target: Entry | undefined;
    for (const d of candidates) {
      const rows = await h.store.ledger.entries({ partner: String(d.data.partner_id) });
      if (rows.some((r) => r.deal === d.id && r.kind === "earned" && !r.amount.startsWith("-"))) {
        target = d;
        break;
      }
    }
    expect(target).toBeDefined();
    h.sandbox.salesforce.org.delete("Opportunity", target!.raw.sides.salesforce!.id);
    const { report } = await counted(h, () => h.runtime.sync());
    expect(report.counts["cancelled.deal"]).toBe(1);
    const stored = (await h.store.deals.get(target!.id))!;
    expect(stored.deleted).toBe(false);
    expect(stored.data.cancelled_on).toBe(new Date(h.now()).toISOString().slice(0, 10));
    const rows = await h.store.ledger.entries({ partner: String(target!.data.partner_id) });
    expect(rows.some((r) => r.deal === target!.id && r.kind === "clawback" && r.amount.startsWith("-"))).toBe(
      true,
    );
  });

  it("a deal deleted in Salesforce whose HubSpot mirror appears in the same run keeps only the HubSpot side", async () => {
    const partner = (await h.store.partners.list()).find(
      (p) => (p.raw as Entry["raw"]).sides.salesforce && (p.raw as Entry["raw"]).sides.hubspot,
    )!;
    const sides = (partner.raw as Entry["raw"]).sides;
    const opp = h.sandbox.salesforce.org.insert("Opportunity", {
      Name: "Short-lived",
      PartnerAccountId: sides.salesforce!.id,
      AccountId: sides.salesforce!.id,
      Type: "New Business",
      StageName: "Prospecting",
      Attribution__c: "Sourced",
      Amount: 1000,
      CloseDate: "2026-11-10",
    });
    await h.runtime.sync({ crm: "salesforce" });
    const id = canonicalId("deal", String(opp.Id));
    expect(Object.keys(((await h.store.deals.get(id))!.raw as Entry["raw"]).sides)).toEqual(["salesforce"]);
    const mirror = h.sandbox.hubspot.portal.create("deals", {
      dealname: "Short-lived",
      dealstage: "appointmentscheduled",
      deal_kind: "new",
      attribution: "sourced",
      amount: "1000",
      closedate: "2026-11-10T00:00:00.000Z",
      hs_salesforceopportunityid: String(opp.Id),
    });
    h.sandbox.hubspot.portal.associate("deals", String(mirror.id), "companies", sides.hubspot!.id, {
      label: "Partner",
    });
    h.sandbox.salesforce.org.delete("Opportunity", String(opp.Id));
    const { report } = await counted(h, () => h.runtime.sync());
    expect(report.outcome, report.message ?? "").toBe("ok");
    const stored = (await h.store.deals.get(id))!;
    expect(stored.deleted).toBe(false);
    expect(Object.keys((stored.raw as Entry["raw"]).sides)).toEqual(["hubspot"]);
    expect(await h.store.crmLinks.canonicalFor("salesforce", "Opportunity", String(opp.Id))).toBeNull();
  });

  it("a dry run writes nothing anywhere and shows the plan", async () => {
    const hsDeal = (await deals()).find((d) => d.raw.sides.hubspot && d.data.stage === "won")!;
    const hsId = hsDeal.raw.sides.hubspot!.id;
    h.sandbox.hubspot.portal.update("deals", hsId, { amount: "123456.00" });
    const cursor = await h.store.syncCursors.get("hubspot", "deals");
    const runs = (await h.store.runs.list({ limit: 1000 })).length;
    const ledgerRows = await h.store.ledger.count();
    const { report, calls } = await counted(h, () => h.runtime.sync({ dryRun: true }));
    expect(report.dryRun).toBe(true);
    expect(writesOf(calls)).toBe(0);
    expect(await h.store.syncCursors.get("hubspot", "deals")).toEqual(cursor);
    expect((await h.store.runs.list({ limit: 1000 })).length).toBe(runs);
    expect(await h.store.ledger.count()).toBe(ledgerRows);
    expect(Number((await h.store.deals.get(hsDeal.id))!.data.amount)).not.toBe(123456);
    expect(report.planned.some((p) => p.crm === "store" && p.id === hsDeal.id)).toBe(true);
    expect(
      report.planned.some((p) => p.crm === "hubspot" && p.id === hsId && "incentive_amount" in p.fields),
    ).toBe(true);
    // The real run then applies exactly that.
    await h.runtime.sync();
    expect(Number((await h.store.deals.get(hsDeal.id))!.data.amount)).toBe(123456);
  });

  it("a targeted sync (webhook) reads only the announced records by id", async () => {
    const d = (await deals()).find(
      (x) => x.raw.sides.hubspot && !x.raw.sides.salesforce && x.data.stage === "won",
    )!;
    const hsId = d.raw.sides.hubspot!.id;
    h.sandbox.hubspot.portal.update("deals", hsId, { amount: "4242.00" });
    const cursor = await h.store.syncCursors.get("hubspot", "deals");
    const { report } = await counted(h, () =>
      h.runtime.sync({ records: [{ crm: "hubspot", object: "deals", id: hsId }] }),
    );
    expect(report.counts["read.targeted"]).toBe(1);
    expect(Number((await h.store.deals.get(d.id))!.data.amount)).toBe(4242);
    expect(await h.store.syncCursors.get("hubspot", "deals")).toEqual(cursor);
  });
});
