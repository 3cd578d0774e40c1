// End to end, issue 8: the service in sandbox mode reconciles the demo data at start; a deal
// changed through the HubSpot emulator's API fires a signed webhook to the service, which syncs,
// computes and writes the deal's figures back to HubSpot and the partner's to Salesforce.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_HUBSPOT_TOKEN } from "../../../sandbox/index.ts";
import type { RunSummary } from "../../../src/service/ports.ts";
import type { Entry } from "../../../src/sync/model.ts";
import { outboundMessage } from "../../unit/service/outbound-fixture.ts";
import { type SandboxService, startSandboxService } from "./sandbox-harness.ts";

let s: SandboxService;

beforeAll(async () => {
  s = await startSandboxService();
  // The start-up reconcile runs in the background; wait for it to finish.
  await s.eventually(
    "the start-up reconcile",
    async () => {
      const page = (await (await s.api("/api/runs?kind=reconcile")).json()) as { items: RunSummary[] };
      return page.items.find((r) => r.trigger === "startup" && r.outcome !== "running");
    },
    60_000,
  );
}, 90_000);

afterAll(async () => {
  await s?.close();
});

const isZero = (v: unknown) => v === undefined || v === null || v === "" || /^0(\.0+)?$/.test(String(v));

describe("sandbox mode", () => {
  it("is ready: store reachable, both emulators answer", async () => {
    const res = await fetch(`${s.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ready",
      checks: { store: true, crms: { salesforce: true, hubspot: true } },
    });
  });

  it("computed the demo data at start and wrote it back to both CRMs", async () => {
    const runs = (await (await s.api("/api/runs?kind=reconcile")).json()) as { items: RunSummary[] };
    const startup = runs.items.find((r) => r.trigger === "startup")!;
    expect(["succeeded", "partial"]).toContain(startup.outcome);
    expect(startup.counts["written.hubspot"]).toBeGreaterThan(0);
    expect(startup.counts["written.salesforce"]).toBeGreaterThan(0);
  });

  it("a deal changed in HubSpot reaches the service by webhook and its figures are written back to both CRMs", async () => {
    const { store, sandbox } = s.composed;
    const portal = sandbox!.hubspot.portal;
    const org = sandbox!.salesforce.org;
    const deals = (await store.deals.list()).map((d) => ({ id: d.id, data: d.data, raw: d.raw }) as Entry);
    // A HubSpot-only won deal that earns (sourced new business, eligible partner), latest first.
    const candidates = deals
      .filter(
        (d) =>
          d.raw.sides.hubspot &&
          !d.raw.sides.salesforce &&
          d.data.stage === "won" &&
          d.data.kind === "new" &&
          d.data.attribution === "sourced" &&
          d.data.currency === "USD" &&
          !isZero(portal.get("deals", d.raw.sides.hubspot.id)?.properties.incentive_amount),
      )
      // The demo data closes deals during 2026: one this year also moves the partner's paid YTD.
      .sort((a, b) => String(b.data.close_date).localeCompare(String(a.data.close_date)));
    const target = candidates[0];
    expect(target, "a HubSpot deal that earns").toBeDefined();
    const hsId = target!.raw.sides.hubspot!.id;
    const before = portal.get("deals", hsId)!.properties.incentive_amount;
    const partner = await store.partners.get(String(target!.data.partner_id));
    const account = (partner!.raw as Entry["raw"]).sides.salesforce!.id;
    // The partner's Incentive_Payout__c rows of the deal's period carry the change to Salesforce
    // (Incentives_Paid_YTD__c only moves when payouts are marked paid: docs/payouts.md).
    const close = String(target!.data.close_date);
    const period = `${close.slice(0, 4)}-Q${Math.floor((Number(close.slice(5, 7)) - 1) / 3) + 1}`;
    const payoutRows = () =>
      JSON.stringify(
        org
          .query(
            `SELECT Incentive_Key__c, Amount__c FROM Incentive_Payout__c WHERE Incentive_Key__c LIKE '${partner!.id}:${period}:%' ORDER BY Incentive_Key__c`,
          )
          .records.map((r) => [r.Incentive_Key__c, r.Amount__c]),
      );
    const sfBefore = payoutRows();

    const lastRun = Math.max(...(await store.runs.list({ limit: 1 })).map((r) => r.id));
    // Through the emulator's public API (a back-door write would not fire a webhook).
    // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/basic/patch-crm-v3-objects-deals-dealId
    const patched = await fetch(`${sandbox!.hubspot.url}/crm/v3/objects/deals/${hsId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${SANDBOX_HUBSPOT_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ properties: { amount: "987654.00" } }),
    });
    expect(patched.status).toBe(200);

    const after = await s.eventually("incentive_amount rewritten in HubSpot", async () => {
      const v = portal.get("deals", hsId)!.properties.incentive_amount;
      return v !== before ? v : undefined;
    });
    expect(after).not.toBe(before);
    expect((await store.deals.get(target!.id))!.data.amount).toMatch(/^987654(\.0+)?$/);
    const sfAfter = await s.eventually("the partner's payout rows rewritten in Salesforce", async () => {
      const rows = payoutRows();
      return rows !== sfBefore ? rows : undefined;
    });
    expect(sfAfter).not.toBe(sfBefore);
    expect(org.get("Account", account)).toBeDefined();
    // It was the webhook that did it.
    const runs = (await (await s.api("/api/runs?kind=sync")).json()) as { items: RunSummary[] };
    const byWebhook = runs.items.filter((r) => r.trigger === "webhook" && Number(r.runId) > lastRun);
    expect(byWebhook.length).toBeGreaterThan(0);
    expect(byWebhook.every((r) => r.outcome !== "failed")).toBe(true);
    // Targeted: the announced deal was read by id, not found from the cursors.
    expect(byWebhook.some((r) => (r.counts["read.targeted"] ?? 0) >= 1)).toBe(true);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/incentives_webhook_changes_total\{crm="hubspot"\} [1-9]/);
    expect(metrics).toMatch(
      /incentives_runs_total\{kind="sync",outcome="(succeeded|partial)",trigger="webhook"\} [1-9]/,
    );
    expect(metrics).toMatch(/incentives_crm_api_calls_total\{crm="hubspot",endpoint="write"\} [1-9]/);
    expect(metrics).toMatch(/incentives_crm_api_budget_remaining\{crm="salesforce"\} [1-9]/);
    expect(metrics).toMatch(/incentives_compute_duration_seconds_count\{kind="reconcile"\} [1-9]/);
  });

  it("a Salesforce Outbound Message for a changed opportunity is synced, computed, written back and acknowledged", async () => {
    const { store, sandbox } = s.composed;
    const org = sandbox!.salesforce.org;
    const deals = (await store.deals.list()).map((d) => ({ id: d.id, data: d.data, raw: d.raw }) as Entry);
    const target = deals.find(
      (d) =>
        d.raw.sides.salesforce &&
        !d.raw.sides.hubspot &&
        d.data.stage === "won" &&
        d.data.kind === "new" &&
        d.data.attribution === "sourced" &&
        d.data.currency === "USD" &&
        !isZero(org.get("Opportunity", d.raw.sides.salesforce.id)?.Incentive_Amount__c),
    );
    expect(target, "a Salesforce opportunity that earns").toBeDefined();
    const oppId = target!.raw.sides.salesforce!.id;
    const before = org.get("Opportunity", oppId)!.Incentive_Amount__c;
    // Someone edits the opportunity in Salesforce; its workflow rule sends the Outbound Message.
    org.update("Opportunity", oppId, { Amount: 876543 });
    const post = (orgId: string) =>
      fetch(`${s.url}/webhooks/salesforce?token=${s.composed.config.salesforceWebhookSecret}`, {
        method: "POST",
        headers: { "content-type": "text/xml; charset=utf-8", soapaction: '""' },
        body: outboundMessage({
          orgId,
          notifications: [{ id: "04l5e00000Gx7QzAAJ", type: "Opportunity", recordId: oppId }],
        }),
      });
    // Another org: refused, nothing synced.
    const forged = await post("00D5e000000KQ2eEAG");
    expect(forged.status).toBe(403);
    expect(org.get("Opportunity", oppId)!.Incentive_Amount__c).toBe(before);
    const res = await post(org.orgId);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<Ack>true</Ack>");
    // The ack is sent once the record is in the store's webhook inbox; the inbox drainer's
    // targeted sync then computes and writes the figure back.
    const after = await s.eventually("the opportunity's figure written back", async () => {
      const v = org.get("Opportunity", oppId)!.Incentive_Amount__c;
      return v !== before ? v : undefined;
    });
    expect(after).not.toBe(before);
    // Once synced, the inbox lets the records go.
    await s.eventually("the webhook inbox emptied", async () =>
      (await store.webhookInbox.pending()) === 0 ? true : undefined,
    );
  });
});
