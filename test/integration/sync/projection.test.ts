// The open-deal projection end to end through the CLI (issues #13, #14): `incentives reconcile`
// against the sandbox CRMs writes it onto open Opportunities and their HubSpot deals; a changed
// amount, a stage change (open → won) and a partner change in the sandbox and `incentives sync`
// rewrite it; closed deals carry none.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type Sandbox, startSandbox } from "../../../sandbox/index.ts";
import { openStore } from "../../../src/store/index.ts";
import { loadMapping } from "../../../src/sync/mapping/index.ts";
import type { Entry } from "../../../src/sync/model.ts";
import { createSyncRuntime } from "../../../src/sync/runtime.ts";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "incentives-projection-"));
let sandbox: Sandbox;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) =>
  run(process.execPath, ["src/cli/main.ts", ...args, "--format", "json"], { env, maxBuffer: 1 << 26 });

beforeAll(async () => {
  sandbox = await startSandbox({ seed: { partners: 12, deals: 200, mirrorEvery: 3 } });
  const fxFile = join(dir, "fx.yaml");
  writeFileSync(fxFile, stringify(sandbox.fx));
  env = {
    PATH: process.env.PATH,
    TZ: "UTC",
    LOG_LEVEL: "warn",
    DATA_DIR: join(dir, "data"),
    ...sandbox.env,
    INCENTIVES_FX_FILE: fxFile,
  };
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Open deals (from the store the CLI wrote) with their ids on each side; `hs` "" when Salesforce-only. */
async function openDeals(): Promise<Array<{ id: string; sf: string; hs: string; partner: unknown }>> {
  const store = await openStore({ backend: "pglite", dataDir: join(dir, "data") });
  try {
    return (await store.deals.list())
      .filter((d) => !d.deleted && (d.data as Entry["data"]).stage === "open")
      .map((d) => ({
        id: d.id,
        sides: (d.raw as Entry["raw"]).sides,
        partner: (d.raw as Entry["raw"]).sides.salesforce?.partnerId,
      }))
      .filter((d) => d.sides.salesforce)
      .map((d) => ({
        id: d.id,
        sf: d.sides.salesforce!.id,
        hs: d.sides.hubspot?.id ?? "",
        partner: d.partner,
      }));
  } finally {
    await store.close();
  }
}
const mirroredOpenDeals = async () => (await openDeals()).filter((d) => d.hs !== "");
/** Open Salesforce-only deals with a projection: a stage or partner edit there has no mirror to agree with. */
const projectedSalesforceOnly = async () =>
  (await openDeals()).filter((d) => d.hs === "" && Number(sfProjection(d.sf).amount ?? 0) > 0);

const sfProjection = (id: string) => {
  const o = sandbox.salesforce.org.get("Opportunity", id)!;
  return {
    amount: o.Projected_Incentive__c,
    explanation: o.Projected_Explanation__c,
    tier: o.Projected_Tier__c,
  };
};
const hsProjection = (id: string) => {
  const p = sandbox.hubspot.portal.get("deals", id)!.properties;
  return { amount: p.projected_incentive, explanation: p.projected_explanation, tier: p.projected_tier };
};

describe("open-deal projection in the sandbox CRMs", () => {
  let target: { id: string; sf: string; hs: string };

  it("reconcile writes the projection onto open deals in both CRMs, and none onto closed ones", async () => {
    const { stdout } = await cli("reconcile");
    const report = JSON.parse(stdout);
    expect(report.outcome).not.toBe("failed");
    expect(report.counts["projection.deals"]).toBeGreaterThan(0);

    const open = await mirroredOpenDeals();
    expect(open.length).toBeGreaterThan(0);
    const projected = open.filter((d) => Number(sfProjection(d.sf).amount ?? 0) > 0);
    expect(projected.length).toBeGreaterThan(0);
    target = projected[0]!;
    const sf = sfProjection(target.sf);
    expect(String(sf.amount)).toMatch(/^\d+(\.\d{1,2})?$/);
    // The statement's line wording: "<component> <amount>: <explanation>".
    expect(String(sf.explanation)).toMatch(/^[\w-]+ \d+\.\d{2}: /);
    // The HubSpot mirror carries the same projection.
    const hs = hsProjection(target.hs);
    expect(Number(hs.amount)).toBe(Number(sf.amount));
    expect(hs.explanation).toBe(sf.explanation);
    expect(hs.tier ?? null).toBe(sf.tier ?? null);

    // Every open Opportunity of a partner either has a projection or a reason it has none; every
    // closed one is blank.
    const opps = sandbox.salesforce.org.query(
      "SELECT Id, IsClosed, Projected_Incentive__c, Projected_Explanation__c FROM Opportunity",
    ).records;
    const closed = opps.filter((o) => o.IsClosed === true);
    expect(closed.length).toBeGreaterThan(0);
    for (const o of closed) {
      expect(o.Projected_Incentive__c ?? null).toBeNull();
      expect(o.Projected_Explanation__c ?? null).toBeNull();
    }
  });

  it("a changed amount in the sandbox and `incentives sync` rewrite the projection", async () => {
    const before = sfProjection(target.sf);
    const opp = sandbox.salesforce.org.get("Opportunity", target.sf)!;
    sandbox.salesforce.org.update("Opportunity", target.sf, { Amount: Number(opp.Amount) * 3 + 1000 });
    const { stdout } = await cli("sync");
    expect(JSON.parse(stdout).outcome).not.toBe("failed");
    const after = sfProjection(target.sf);
    expect(after.explanation).not.toBe(before.explanation);
    expect(Number(after.amount)).toBeGreaterThanOrEqual(Number(before.amount));
    const hs = hsProjection(target.hs);
    expect(Number(hs.amount)).toBe(Number(after.amount));
    expect(hs.explanation).toBe(after.explanation);
    // A second sync has nothing left to write.
    const again = JSON.parse((await cli("sync")).stdout);
    expect(again.api.salesforce.writes + again.api.hubspot.writes).toBe(0);
  });

  it("a webhook-targeted sync of the changed HubSpot deal rewrites the projection in both CRMs", async () => {
    const before = hsProjection(target.hs);
    const deal = sandbox.hubspot.portal.get("deals", target.hs)!;
    sandbox.hubspot.portal.update("deals", target.hs, {
      amount: String(Number(deal.properties.amount) + 50000),
    });
    const store = await openStore({ backend: "pglite", dataDir: join(dir, "data") });
    try {
      const sf = await loadMapping("mappings/salesforce.yaml", "salesforce");
      const hs = await loadMapping("mappings/hubspot.yaml", "hubspot");
      if (!sf.ok || !hs.ok) throw new Error("shipped mappings invalid");
      const runtime = createSyncRuntime({
        store,
        connectors: sandbox.connectors(),
        mappings: { salesforce: sf.mapping, hubspot: hs.mapping },
        fx: sandbox.fx,
      });
      // What the webhook drainer runs: the announced record read by id, then compute and write back.
      const report = await runtime.sync({ records: [{ crm: "hubspot", object: "deals", id: target.hs }] });
      expect(report.outcome, report.message ?? "").not.toBe("failed");
    } finally {
      await store.close();
    }
    const after = hsProjection(target.hs);
    expect(after.explanation).not.toBe(before.explanation);
    expect(sfProjection(target.sf).explanation).toBe(after.explanation);
  });

  it("a deal moved open → won: the projection is cleared and its incentive appears", async () => {
    const deal = (await projectedSalesforceOnly())[0];
    expect(deal, "an open Salesforce-only deal with a projection").toBeDefined();
    const before = sandbox.salesforce.org.get("Opportunity", deal!.sf)!;
    expect(before.Incentive_Amount__c ?? null).toBeNull();
    sandbox.salesforce.org.update("Opportunity", deal!.sf, {
      StageName: "Closed Won",
      CloseDate: new Date().toISOString().slice(0, 10),
    });
    const { stdout } = await cli("sync");
    expect(JSON.parse(stdout).outcome).not.toBe("failed");
    const won = sandbox.salesforce.org.get("Opportunity", deal!.sf)!;
    expect(won.Projected_Incentive__c ?? null).toBeNull();
    expect(won.Projected_Explanation__c ?? null).toBeNull();
    expect(won.Projected_Tier__c ?? null).toBeNull();
    expect(Number(won.Incentive_Amount__c)).toBeGreaterThan(0);
    expect(String(won.Incentive_Explanation__c ?? "")).not.toBe("");
  });

  it("a deal moved to another partner: the projection is recomputed for the new partner", async () => {
    const deal = (await projectedSalesforceOnly())[0]!;
    const before = sfProjection(deal.sf);
    const opp = sandbox.salesforce.org.get("Opportunity", deal.sf)!;
    // Another partner account, of another tier, that has projected deals itself (so it is eligible).
    const accounts = sandbox.salesforce.org.query(
      "SELECT Id, Partner_Tier__c FROM Account WHERE Partner_Tier__c != null",
    ).records;
    const oldTier = accounts.find((a) => a.Id === opp.PartnerAccountId)?.Partner_Tier__c;
    const other = accounts.find((a) => a.Id !== opp.PartnerAccountId && a.Partner_Tier__c !== oldTier);
    expect(other, "a partner account of another tier").toBeDefined();
    sandbox.salesforce.org.update("Opportunity", deal.sf, { PartnerAccountId: other!.Id });
    const { stdout } = await cli("sync");
    expect(JSON.parse(stdout).outcome).not.toBe("failed");
    const moved = (await openDeals()).find((d) => d.id === deal.id)!;
    expect(deal.partner).toBeTruthy();
    expect(moved.partner).toBeTruthy();
    expect(moved.partner).not.toEqual(deal.partner);
    const after = sfProjection(deal.sf);
    expect(after.explanation).not.toBe(before.explanation);
    expect(`${after.amount}|${after.explanation}`).not.toBe(`${before.amount}|${before.explanation}`);
  });
});
