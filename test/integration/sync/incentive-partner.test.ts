// Opportunity.Incentive_Partner__c (issue #13): the lookup that gives a partner Account its
// Incentive_Deals related list (PartnerAccountId has none), written by a reconcile of the demo
// data against both sandbox CRMs. Each won Opportunity carries the Account id the store links to
// its partner; an unchanged rerun writes nothing; a cleared value is written back, and only it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncReport } from "../../../src/sync/runtime.ts";
import { counted, type Harness, startHarness, writesOf } from "./harness.ts";

let h: Harness;
let report: SyncReport;

beforeAll(async () => {
  h = await startHarness("pglite");
  report = await h.runtime.reconcile();
}, 300_000);
afterAll(async () => h?.close());

type Row = Record<string, unknown>;
const sf = (soql: string) => h.sandbox.salesforce.org.query(soql).records as Row[];

describe("Opportunity.Incentive_Partner__c", () => {
  it("each won Opportunity of a partner carries that partner's Account id, from the store's link", async () => {
    expect(report.outcome).toBe("ok");
    const won = sf(
      "SELECT Id, Incentive_Key__c, PartnerAccountId, Incentive_Partner__c FROM Opportunity WHERE StageName = 'Closed Won' AND PartnerAccountId != null",
    );
    expect(won.length).toBeGreaterThan(20);
    const partners = new Set<string>();
    for (const o of won) {
      const deal = await h.store.deals.get(String(o.Incentive_Key__c));
      const partner = String((deal!.data as Row).partner_id);
      const account = await h.store.crmLinks.crmIdFor(partner, "salesforce", "Account");
      expect(account).toMatch(/^001/);
      expect(o.Incentive_Partner__c).toBe(account);
      // The store's partner is the Account the deal names: the related list matches PartnerAccountId.
      expect(o.Incentive_Partner__c).toBe(o.PartnerAccountId);
      partners.add(partner);
    }
    expect(partners.size).toBeGreaterThan(2);
  });

  it("the Account's Incentive_Deals related list (the lookup's child relationship) lists its deals", () => {
    const [account] = sf(
      "SELECT Incentive_Partner__c FROM Opportunity WHERE StageName = 'Closed Won' AND Incentive_Partner__c != null LIMIT 1",
    );
    const id = String(account!.Incentive_Partner__c);
    const viaLookup = sf(`SELECT Id FROM Opportunity WHERE Incentive_Partner__c = '${id}'`).map((r) => r.Id);
    const viaPartner = sf(`SELECT Id FROM Opportunity WHERE PartnerAccountId = '${id}'`).map((r) => r.Id);
    expect(viaLookup.length).toBeGreaterThan(0);
    expect(viaLookup.sort()).toEqual(viaPartner.sort());
    const [parent] = sf(`SELECT Id, (SELECT Id FROM Incentive_Deals__r) FROM Account WHERE Id = '${id}'`);
    const children = (parent!.Incentive_Deals__r as { records: Row[] } | null)?.records ?? [];
    expect(children.map((r) => r.Id).sort()).toEqual(viaLookup.sort());
  });

  it("an unchanged rerun writes nothing", async () => {
    const { report: again, calls } = await counted(h, () => h.runtime.reconcile());
    expect(again.outcome).toBe("ok");
    expect(writesOf(calls)).toBe(0);
  }, 300_000);

  it("a value cleared in Salesforce is written back by the next reconcile, and nothing else", async () => {
    const [o] = sf(
      "SELECT Id, Incentive_Partner__c FROM Opportunity WHERE StageName = 'Closed Won' AND Incentive_Partner__c != null LIMIT 1",
    );
    h.sandbox.salesforce.org.update("Opportunity", String(o!.Id), { Incentive_Partner__c: null });
    const { report: again, calls } = await counted(h, () => h.runtime.reconcile());
    expect(again.outcome).toBe("ok");
    expect(calls.salesforce.writes).toBe(1);
    expect(calls.hubspot.writes).toBe(0);
    const [after] = sf(`SELECT Incentive_Partner__c FROM Opportunity WHERE Id = '${String(o!.Id)}'`);
    expect(after!.Incentive_Partner__c).toBe(o!.Incentive_Partner__c);
  }, 300_000);
});
