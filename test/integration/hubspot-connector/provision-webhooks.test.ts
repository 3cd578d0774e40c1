import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { hubspotWebhookHandler, type WebhookChanges } from "../../../connectors/hubspot/webhooks.ts";
import { signV3 } from "../../../sandbox/hubspot/server.ts";
import { type Harness, startHarness } from "./setup.ts";

let h: Harness | undefined;
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await h?.emulator.close();
  await closeServer?.();
  h = undefined;
  closeServer = undefined;
});

describe("HubSpot provisioning against the emulator", () => {
  it("check reports what is missing; a first run creates it; a second run changes nothing", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const before = await h.connector.provision({ check: true });
    // 16, plus payout_status, open_disputes (companies) and customer_domain (deals): issue #16;
    // gross_margin (deals) and partner_ladder (companies): issue #21; 6 company and 2 deal
    // properties the CRM pages show, and the 3 deal properties of the open-deal projection: #13;
    // 14 company properties of the program analytics: #17.
    const missing = before.problems.filter((p) => p.problem === "missing");
    expect(missing).toHaveLength(32 + 14);
    expect(missing.map((p) => `${p.object}.${p.field}`)).toEqual(
      expect.arrayContaining([
        "deals.gross_margin",
        "companies.partner_ladder",
        "companies.tier_progress_percent",
        "companies.scorecard_metrics",
        "deals.incentive_explanation",
      ]),
    );
    expect(
      await h.connector.describe("deals").then((d) => d.fields.some((f) => f.name === "incentive_amount")),
    ).toBe(false);

    const first = await h.connector.provision({ check: false });
    expect(first.problems).toEqual([]);
    expect(first.changes).toContain("deals: create property group partner_incentives");
    expect(first.changes).toContain("companies: create property incentive_eligible (bool/booleancheckbox)");

    h.emulator.portal.resetCalls();
    const second = await h.connector.provision({ check: false });
    expect(second).toEqual({ changes: [], problems: [] });
    expect(h.emulator.portal.calls().byMethod.POST ?? 0).toBe(0);
    expect(await h.connector.provision({ check: true })).toEqual({ changes: [], problems: [] });

    const deals = await h.connector.describe("deals");
    expect(deals.fields.find((f) => f.name === "incentive_amount")?.type).toBe("currency");
    // The margin is read in the deal's currency, shown with its symbol (spec §5).
    expect(deals.fields.find((f) => f.name === "gross_margin")?.type).toBe("currency");
    expect(deals.fields.find((f) => f.name === "incentive_key")).toMatchObject({
      unique: true,
      externalId: true,
    });
    const companies = await h.connector.describe("companies");
    expect(companies.fields.find((f) => f.name === "partner_tier")?.picklistValues).toEqual([
      "Registered",
      "Silver",
      "Gold",
      "Platinum",
    ]);
    expect(companies.fields.find((f) => f.name === "incentive_eligible")?.type).toBe("boolean");
  });

  it("reports a property of the wrong type without changing it", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    h.emulator.portal.defineProperty("companies", {
      name: "partner_score",
      label: "Partner score",
      type: "string",
      fieldType: "text",
      groupName: "companyinformation",
    });
    const report = await h.connector.provision({ check: false });
    expect(report.problems).toEqual([
      expect.objectContaining({ object: "companies", field: "partner_score", problem: "wrong_type" }),
    ]);
    const d = await h.connector.describe("companies");
    expect(d.fields.find((f) => f.name === "partner_score")?.type).toBe("string");
  });
});

describe("HubSpot webhooks against the emulator's real delivery", () => {
  it("valid (delivered by the emulator), forged, stale and replayed", async () => {
    const secret = "emulator-app-secret-42";
    const received: WebhookChanges[] = [];
    const raw: Array<{ body: Buffer; headers: Record<string, string> }> = [];
    const app = express();
    // The emulator stamps deliveries with the harness's fake clock; the receiver shares it.
    const handler = hubspotWebhookHandler({
      secret,
      clock: () => h?.clock.now ?? Date.now(),
      onChanges: (c) => void received.push(c),
    });
    app.post(
      "/hooks/hubspot",
      express.raw({ type: () => true }),
      (req, _res, next) => {
        raw.push({ body: req.body as Buffer, headers: req.headers as Record<string, string> });
        next();
      },
      (req, res) => void handler(req, res),
    );
    const server = await new Promise<import("node:http").Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    closeServer = () => new Promise((resolve) => server.close(() => resolve()));
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/hubspot?portal=62515`;

    h = await startHarness({
      rateLimits: { enabled: false },
      webhooks: { targetUrl: target, clientSecret: secret, flushIntervalMs: 10 },
    });
    await h.connector.provision({ check: false });
    const [deal] = h.emulator.portal.createMany("deals", [{ dealname: "Hooked" }]) as [string];
    await h.connector.write({
      object: "deals",
      operation: "update",
      records: [{ key: deal, fields: { incentive_status: "earned" } }],
    });
    await h.emulator.portal.drainWebhooks();
    expect(h.emulator.portal.webhookDeliveries().map((d) => d.status)).toContain(204);
    expect(received.flatMap((c) => c.deals ?? [])).toContain(deal);
    const targeted = await h.connector.readByIds("deals", received[0]?.deals ?? [], ["incentive_status"]);
    expect(targeted.find((r) => r.id === deal)?.fields.incentive_status).toBe("earned");

    // The bytes are copied into a plain Uint8Array: with the DOM lib in the program (vitest pulls in
    // @types/jsdom once jest-environment-jsdom is installed) fetch's BodyInit rejects Buffer<ArrayBufferLike>.
    const post = (body: string | Buffer, headers: Record<string, string>) =>
      fetch(target, {
        method: "POST",
        body: typeof body === "string" ? body : new Uint8Array(body),
        headers: { "content-type": "application/json", ...headers },
      });
    const body = JSON.stringify([
      {
        eventId: 999,
        subscriptionType: "deal.propertyChange",
        objectId: Number(deal),
        occurredAt: h.clock.now,
      },
    ]);
    const now = h.clock.now;
    const forged = await post(body, {
      "x-hubspot-signature-v3": signV3({
        clientSecret: "wrong-secret",
        method: "POST",
        uri: target,
        body,
        timestamp: now,
      }),
      "x-hubspot-request-timestamp": String(now),
    });
    expect(forged.status).toBe(401);
    const old = now - 6 * 60_000;
    const stale = await post(body, {
      "x-hubspot-signature-v3": signV3({
        clientSecret: secret,
        method: "POST",
        uri: target,
        body,
        timestamp: old,
      }),
      "x-hubspot-request-timestamp": String(old),
    });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ error: { code: "WEBHOOK_STALE" } });
    const first = raw[0] as { body: Buffer; headers: Record<string, string> };
    const replayed = await post(first.body, {
      "x-hubspot-signature-v3": first.headers["x-hubspot-signature-v3"] as string,
      "x-hubspot-request-timestamp": first.headers["x-hubspot-request-timestamp"] as string,
    });
    // A replay is unauthenticated like a forgery (401, nothing synced), with its own code.
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ error: { code: "WEBHOOK_REPLAYED" } });
    expect(received).toHaveLength(1);
  });

  it("a delivery stamped by the emulator's fake clock is stale for a receiver 6 minutes ahead", async () => {
    const secret = "emulator-app-secret-43";
    const received: WebhookChanges[] = [];
    const statuses: Array<{ status: number; code?: string }> = [];
    let skewMs = 6 * 60_000;
    const app = express();
    const handler = hubspotWebhookHandler({
      secret,
      clock: () => (h?.clock.now ?? 0) + skewMs,
      onChanges: (c) => void received.push(c),
    });
    app.post("/hooks/hubspot", express.raw({ type: () => true }), (req, res) => {
      const json = res.json.bind(res);
      res.json = (b: { error?: { code?: string } }) => {
        statuses.push({ status: res.statusCode, ...(b.error?.code ? { code: b.error.code } : {}) });
        return json(b);
      };
      void handler(req, res);
    });
    const server = await new Promise<import("node:http").Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    closeServer = () => new Promise((resolve) => server.close(() => resolve()));
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/hubspot`;
    h = await startHarness({
      rateLimits: { enabled: false },
      webhooks: { targetUrl: target, clientSecret: secret, flushIntervalMs: 10, maxAttempts: 1 },
    });
    await h.connector.provision({ check: false });
    const [deal] = h.emulator.portal.createMany("deals", [{ dealname: "Late" }]) as [string];
    const update = (incentive_status: string) =>
      h!.connector.write({
        object: "deals",
        operation: "update",
        records: [{ key: deal, fields: { incentive_status } }],
      });
    await update("pending");
    await h.emulator.portal.drainWebhooks();
    expect(statuses).toEqual([{ status: 401, code: "WEBHOOK_STALE" }]);
    expect(received).toEqual([]);
    // The delivery's recorded time is the fake clock's, not the wall clock's.
    expect(h.emulator.portal.webhookDeliveries()[0]?.at).toBe(h.clock.now);

    skewMs = 60_000; // within the 5-minute window
    await update("earned");
    await h.emulator.portal.drainWebhooks();
    expect(h.emulator.portal.webhookDeliveries().map((d) => d.status)).toEqual([401, 204]);
    expect(received.flatMap((c) => c.deals ?? [])).toEqual([deal]);
  });
});
