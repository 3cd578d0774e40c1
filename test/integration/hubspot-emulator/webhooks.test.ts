import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Signature } from "@hubspot/api-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type HubSpotEmulator, signV3 } from "../../../sandbox/hubspot/server.ts";
import { clientFor, startEmulator } from "./helpers.ts";

const SECRET = "app-client-secret-0001";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let receiver: Server;
let target: string;
const received: Received[] = [];
/** Status codes to answer with, in order; 204 once exhausted. */
const answers: number[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.statusCode = answers.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hubspot/webhooks?source=emulator`;
});
afterAll(async () => {
  await new Promise((r) => receiver.close(r));
});

const emulators: HubSpotEmulator[] = [];
afterEach(async () => {
  received.length = 0;
  answers.length = 0;
  while (emulators.length > 0) await emulators.pop()!.close();
});

async function start(extra: Record<string, unknown> = {}) {
  const e = await startEmulator({
    webhooks: { targetUrl: target, clientSecret: SECRET, flushIntervalMs: 20, retryDelayMs: 20, ...extra },
  });
  emulators.push(e);
  return e;
}

/**
 * HubSpot's documented v3 check, written independently of the emulator: reject timestamps
 * older than 5 minutes; HMAC-SHA256 (client secret) over method + full URI + body + timestamp,
 * base64, compared in constant time.
 */
function verifyV3(r: Received, uri: string): boolean {
  const signature = String(r.headers["x-hubspot-signature-v3"] ?? "");
  const timestamp = String(r.headers["x-hubspot-request-timestamp"] ?? "");
  if (!/^\d+$/.test(timestamp) || Date.now() - Number(timestamp) > 300_000) return false;
  const expected = createHmac("sha256", SECRET)
    .update(`${r.method}${uri}${r.body}${timestamp}`, "utf8")
    .digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const events = () => received.flatMap((r) => JSON.parse(r.body) as Array<Record<string, unknown>>);

describe("webhooks", () => {
  it("delivers signed v3 batches for API creates, property changes, association changes and archives", async () => {
    const e = await start();
    const client = clientFor(e);
    const deal = await client.crm.deals.basicApi.create({
      properties: { dealname: "Hooked" },
      associations: [],
    });
    await client.crm.deals.basicApi.update(deal.id, { properties: { amount: "99.5" } });
    const company = e.portal.create("companies", { name: "Hook Co" });
    await client.crm.associations.v4.basicApi.createDefault("deals", deal.id, "companies", company.id);
    await client.crm.deals.basicApi.archive(deal.id);
    await e.portal.drainWebhooks();

    expect(received.length).toBeGreaterThan(0);
    for (const r of received) {
      expect(r.method).toBe("POST");
      expect(r.headers["content-type"]).toBe("application/json");
      expect(verifyV3(r, target)).toBe(true);
      expect(
        Signature.isValid({
          signature: String(r.headers["x-hubspot-signature-v3"]),
          clientSecret: SECRET,
          requestBody: r.body,
          url: target,
          method: "POST",
          signatureVersion: "v3",
          timestamp: Number(r.headers["x-hubspot-request-timestamp"]),
        }),
      ).toBe(true);
      expect(verifyV3({ ...r, body: `${r.body} ` }, target)).toBe(false);
      expect(verifyV3(r, target.replace("emulator", "other"))).toBe(false);
    }
    const all = events();
    const types = all.map((ev) => ev.subscriptionType);
    expect(types).toEqual([
      "deal.creation",
      "deal.propertyChange",
      "deal.associationChange",
      "company.associationChange",
      "deal.deletion",
    ]);
    expect(all[0]).toMatchObject({
      objectId: Number(deal.id),
      portalId: 62_515,
      attemptNumber: 0,
      changeSource: "API",
    });
    expect(all[1]).toMatchObject({ propertyName: "amount", propertyValue: "99.5" });
    expect(all[2]).toMatchObject({
      associationType: "DEAL_TO_COMPANY",
      toObjectId: Number(company.id),
      associationRemoved: false,
    });
    expect(new Set(all.map((ev) => ev.eventId)).size).toBe(all.length);
    expect(typeof all[0]!.occurredAt).toBe("number");
    // The back door stays silent by default.
    expect(all.some((ev) => ev.subscriptionType === "company.creation")).toBe(false);
  });

  it("batches events of one batch write into one delivery and sends merges", async () => {
    const e = await start({ flushIntervalMs: 100 });
    const client = clientFor(e);
    await client.crm.deals.batchApi.create({
      inputs: [1, 2, 3].map((i) => ({ properties: { dealname: `B${i}` }, associations: [] })),
    });
    await e.portal.drainWebhooks();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toHaveLength(3);

    const a = e.portal.create("companies", { name: "A" });
    const b = e.portal.create("companies", { name: "B" });
    await client.crm.companies.basicApi.merge({ primaryObjectId: a.id, objectIdToMerge: b.id });
    await e.portal.drainWebhooks();
    const merge = events().find((ev) => ev.subscriptionType === "company.merge");
    expect(merge).toMatchObject({ primaryObjectId: Number(a.id), mergedObjectIds: [Number(b.id)] });
  });

  it("retries a failed delivery with attemptNumber incremented and the same events", async () => {
    const e = await start();
    answers.push(500, 503);
    await clientFor(e).crm.deals.basicApi.create({ properties: { dealname: "Retry" }, associations: [] });
    await e.portal.drainWebhooks();
    expect(received).toHaveLength(3);
    const attempts = received.map((r) => JSON.parse(r.body)[0]);
    expect(attempts.map((a) => a.attemptNumber)).toEqual([0, 1, 2]);
    expect(new Set(attempts.map((a) => a.eventId)).size).toBe(1);
    expect(e.portal.webhookDeliveries().map((d) => d.status)).toEqual([500, 503, 204]);
    for (const r of received) expect(verifyV3(r, target)).toBe(true);
  });

  it("stamps X-HubSpot-Request-Timestamp from the injected clock, afresh on each attempt", async () => {
    let now = Date.UTC(2026, 0, 15, 8);
    const e = await startEmulator({
      now: () => now,
      webhooks: { targetUrl: target, clientSecret: SECRET, flushIntervalMs: 20, retryDelayMs: 20 },
    });
    emulators.push(e);
    answers.push(500);
    await clientFor(e).crm.deals.basicApi.create({ properties: { dealname: "Clocked" }, associations: [] });
    e.portal.drainWebhooks();
    // The first attempt has gone out at `now`; move the clock before the retry.
    while (received.length === 0) await new Promise((r) => setTimeout(r, 5));
    now += 90_000;
    await e.portal.drainWebhooks();
    expect(received.map((r) => Number(r.headers["x-hubspot-request-timestamp"]))).toEqual([
      Date.UTC(2026, 0, 15, 8),
      Date.UTC(2026, 0, 15, 8) + 90_000,
    ]);
    expect(e.portal.webhookDeliveries().map((d) => d.at)).toEqual([
      Date.UTC(2026, 0, 15, 8),
      Date.UTC(2026, 0, 15, 8) + 90_000,
    ]);
    for (const r of received) {
      const ts = String(r.headers["x-hubspot-request-timestamp"]);
      expect(r.headers["x-hubspot-signature-v3"]).toBe(
        signV3({ clientSecret: SECRET, method: "POST", uri: target, body: r.body, timestamp: ts }),
      );
    }
  });

  it("fires for back-door writes when asked to, and signV3 matches the documented example shape", async () => {
    const e = await start({ fireOnBackdoor: true, subscriptions: ["company.creation"] });
    e.portal.create("companies", { name: "Loud" });
    e.portal.create("deals", { dealname: "Filtered out" });
    await e.portal.drainWebhooks();
    expect(events().map((ev) => [ev.subscriptionType, ev.changeSource])).toEqual([
      ["company.creation", "CRM_UI"],
    ]);
    const manual = createHmac("sha256", "s")
      .update("POSThttps://example.com/a?b=c:d[]1700000000000")
      .digest("base64");
    expect(
      signV3({
        clientSecret: "s",
        method: "POST",
        uri: "https://example.com/a?b=c%3Ad",
        body: "[]",
        timestamp: 1_700_000_000_000,
      }),
    ).toBe(manual);
  });
});
