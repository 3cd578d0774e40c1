// Issue #21, archetypes end to end against the sandbox CRMs with programs/archetypes.yaml: deal
// margins read from both CRMs (Opportunity.Gross_Margin__c, HubSpot gross_margin), converted with
// fx and paid on ("margin …" explanations); a margin above the amount quarantines that one deal;
// each partner's ladder written with its tier (Partner_Ladder__c, partner_ladder); a partner type
// changed in Salesforce moves the partner to the other ladder with its tier carried over.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import { PARTNER_TYPE } from "../../../sandbox/salesforce/seed.ts";
import type { StatementLine } from "../../../src/engine/index.ts";
import type { StoredPartner } from "../../../src/store/index.ts";
import { patchSalesforce } from "../../hostile/crm-edit.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;

// Enough partners that every archetype of programs/archetypes.yaml is present.
const SEED = { partners: 30, deals: 400, mirrorEvery: 5 };
const LADDER: Record<string, string> = { reseller: "Resale", var: "Resale" };
const ladderOf = (type: string) => LADDER[type] ?? "Alliances & Services";

beforeAll(async () => {
  h = await startHarness("pglite", SEED, { programPath: "programs/archetypes.yaml" });
});
afterAll(async () => {
  await h?.close();
});

const sides = (p: { raw: unknown }) =>
  (p.raw as { sides: { salesforce?: { id: string }; hubspot?: { id: string } } }).sides;

async function statementOf(partner: string, period: string) {
  const s = await h.store.ledger.statement(partner, period);
  return s!.partner as unknown as {
    ladder: string | null;
    tier: string;
    lines: StatementLine[];
    notes?: string[];
  };
}

describe("archetypes against the sandbox CRMs (spec §5)", () => {
  let partners: StoredPartner[];

  it("writes each partner's ladder with its tier to the Account and the company", async () => {
    const r = await h.runtime.reconcile();
    expect(r.outcome).toBe("ok");
    expect(r.period).toBe("2026-Q4");
    partners = await h.store.partners.list();
    const types = new Set(partners.map((p) => String(p.data.type)));
    expect(types.has("reseller") || types.has("var")).toBe(true);
    expect([...types].some((t) => ladderOf(t) === "Alliances & Services")).toBe(true);
    for (const p of partners) {
      const q4 = await statementOf(p.id, "2026-Q4");
      expect(q4.ladder).toBe(ladderOf(String(p.data.type)));
      const account = h.sandbox.salesforce.org.get("Account", sides(p).salesforce!.id)!;
      expect(account.Partner_Ladder__c).toBe(q4.ladder);
      expect(account.Partner_Tier__c).toBe(q4.tier);
      const company = h.sandbox.hubspot.portal.get("companies", sides(p).hubspot!.id)!.properties;
      expect(company.partner_ladder).toBe(q4.ladder);
      expect(company.partner_tier).toBe(q4.tier);
    }
    // The summary counts tiers per archetype, with the ladder each is on.
    const byArchetype = r.summary!.byArchetype!;
    expect(Object.keys(byArchetype).sort()).toEqual([...types].sort());
    for (const [type, a] of Object.entries(byArchetype)) expect(a.ladders).toEqual([ladderOf(type)]);
    const total = Object.values(byArchetype).reduce(
      (n, a) => n + Object.values(a.tiers).reduce((m, k) => m + k, 0),
      0,
    );
    expect(total).toBe(partners.length);
  }, 300_000);

  it("pays resellers on the margin read from either CRM, converted with fx", async () => {
    const deals = await h.store.deals.list();
    const byId = new Map(deals.map((d) => [d.id, d]));
    const resellers = partners.filter((p) => ladderOf(String(p.data.type)) === "Resale");
    const lines: Array<{ line: StatementLine; period: string }> = [];
    for (const p of resellers)
      for (const period of ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
        for (const line of (await statementOf(p.id, period)).lines)
          if (line.component === "margin-bonus" && line.kind === "rate") lines.push({ line, period });
    expect(lines.length).toBeGreaterThan(0);
    // Every margin-bonus line speaks of margin; deals from both CRMs and in other currencies are among them.
    for (const { line } of lines) expect(line.explanation).toMatch(/^(margin |no margin on the deal)/);
    const crmsOf = (id: string) =>
      Object.keys((byId.get(id)!.raw as { sides: Record<string, unknown> }).sides).sort();
    const paid = lines.filter(({ line }) => !line.explanation.startsWith("no margin"));
    expect(new Set(paid.flatMap(({ line }) => crmsOf(line.deal_id!)))).toEqual(
      new Set(["hubspot", "salesforce"]),
    );
    const foreign = paid.find(({ line }) => byId.get(line.deal_id!)!.data.currency !== "USD");
    expect(foreign, "a margin-bonus line on a EUR or GBP deal").toBeDefined();
    const d = byId.get(foreign!.line.deal_id!)!.data;
    const rate = h.sandbox.fx[foreign!.period]![String(d.currency)]!;
    const converted = new Dec(String(d.margin)).times(rate).toFixed(2);
    // "margin EUR 21818.18 × 1.10 = 24000.00 …": the CRM's margin in the deal currency, then fx.
    expect(foreign!.line.explanation).toContain(
      `margin ${d.currency} ${new Dec(String(d.margin)).toFixed(2)} × ${rate} = ${converted}`,
    );
  }, 300_000);

  it("quarantines a deal whose margin is above its amount and computes the rest", async () => {
    const opp = h.sandbox.salesforce.org.query(
      "SELECT Id, Amount FROM Opportunity WHERE Gross_Margin__c != null AND StageName = 'Closed Won' LIMIT 1",
    ).records[0]!;
    const above = new Dec(String(opp.Amount)).plus(1).toNumber();
    await patchSalesforce(h.sandbox, "Opportunity", String(opp.Id), { Gross_Margin__c: above });
    const r = await h.runtime.reconcile();
    expect(r.outcome).toBe("partial");
    const open = await h.store.recordErrors.list({ status: "open", limit: 100 });
    expect(open.map((e) => [e.crm, e.object, e.recordId, e.field])).toEqual([
      ["salesforce", "Opportunity", opp.Id, "Gross_Margin__c"],
    ]);
    expect(open[0]!.reason).toContain("is above the amount");
    expect(await h.store.ledger.statement(partners[0]!.id, "2026-Q4")).not.toBeNull();
  }, 300_000);

  it("a type change in Salesforce moves the partner to the other ladder and says the tier was carried over", async () => {
    const reseller = partners.find((p) => p.data.type === "reseller")!;
    expect(reseller, "a reseller among the seeded partners").toBeDefined();
    const before = await statementOf(reseller.id, "2026-Q4");
    expect(before.ladder).toBe("Resale");
    const accountId = sides(reseller).salesforce!.id;
    await patchSalesforce(h.sandbox, "Account", accountId, { Partner_Type__c: PARTNER_TYPE.integrator });
    const r = await h.runtime.reconcile();
    expect(r.outcome).not.toBe("failed");
    // Q3 was judged by the reseller values in effect then; Q4, the change's period, by the new ones.
    expect((await statementOf(reseller.id, "2026-Q3")).ladder).toBe("Resale");
    const q4 = await statementOf(reseller.id, "2026-Q4");
    expect(q4.ladder).toBe("Alliances & Services");
    expect(q4.notes).toEqual([
      `moved to ladder Alliances & Services (type integrator): tier ${before.tier} carried over as ${before.tier}`,
    ]);
    expect(h.sandbox.salesforce.org.get("Account", accountId)!.Partner_Ladder__c).toBe(
      "Alliances & Services",
    );
    const company = h.sandbox.hubspot.portal.get("companies", sides(reseller).hubspot!.id)!.properties;
    expect(company.partner_ladder).toBe("Alliances & Services");
  }, 300_000);
});
