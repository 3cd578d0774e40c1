import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  changesOf,
  decodeSignedUri,
  hubspotWebhookHandler,
  ReplayCache,
  signatureV3,
  verifyHubSpotWebhook,
} from "../../../connectors/hubspot/webhooks.ts";

const SECRET = "app-client-secret-123";
const NOW = Date.UTC(2026, 5, 1, 12);
const URI = "https://incentives.example.com/webhooks/hubspot?portal=1";
const body = JSON.stringify([
  {
    eventId: 11,
    subscriptionType: "deal.propertyChange",
    objectId: 501,
    propertyName: "amount",
    occurredAt: NOW,
  },
  { eventId: 12, subscriptionType: "company.creation", objectId: 77, occurredAt: NOW },
  {
    eventId: 13,
    subscriptionType: "deal.merge",
    objectId: 502,
    primaryObjectId: 502,
    mergedObjectIds: [490, 491],
  },
]);
const sign = (b: string, ts: number, uri = URI, method = "POST") =>
  createHmac("sha256", SECRET).update(`${method}${uri}${b}${ts}`).digest("base64");
const headers = (sig: string, ts: number) => ({
  "x-hubspot-signature-v3": sig,
  "x-hubspot-request-timestamp": String(ts),
});

describe("HubSpot webhook v3 verification", () => {
  it("accepts a valid signature and returns changed ids per object type", () => {
    const v = verifyHubSpotWebhook(
      { method: "POST", uri: URI, body, headers: headers(sign(body, NOW - 1_000), NOW - 1_000) },
      { secret: SECRET, now: NOW, replay: new ReplayCache() },
    );
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.changes).toEqual({ deals: ["501", "502", "490", "491"], companies: ["77"] });
  });

  it("rejects a forged signature, a stale timestamp and a replay", () => {
    const replay = new ReplayCache();
    const forged = verifyHubSpotWebhook(
      { method: "POST", uri: URI, body, headers: headers(sign(`${body} `, NOW), NOW) },
      { secret: SECRET, now: NOW, replay },
    );
    expect(forged).toMatchObject({ ok: false, reason: "bad_signature" });
    const staleTs = NOW - 5 * 60_000 - 1;
    const stale = verifyHubSpotWebhook(
      { method: "POST", uri: URI, body, headers: headers(sign(body, staleTs), staleTs) },
      { secret: SECRET, now: NOW, replay },
    );
    expect(stale).toMatchObject({ ok: false, reason: "stale" });
    const req = { method: "POST", uri: URI, body, headers: headers(sign(body, NOW), NOW) };
    expect(verifyHubSpotWebhook(req, { secret: SECRET, now: NOW, replay }).ok).toBe(true);
    expect(verifyHubSpotWebhook(req, { secret: SECRET, now: NOW + 1_000, replay })).toMatchObject({
      ok: false,
      reason: "replayed",
    });
  });

  it("drops events already seen under a new signature (HubSpot retries)", () => {
    const replay = new ReplayCache();
    const first = verifyHubSpotWebhook(
      { method: "POST", uri: URI, body, headers: headers(sign(body, NOW), NOW) },
      { secret: SECRET, now: NOW, replay },
    );
    const retry = verifyHubSpotWebhook(
      { method: "POST", uri: URI, body, headers: headers(sign(body, NOW + 5), NOW + 5) },
      { secret: SECRET, now: NOW + 10, replay },
    );
    expect(first.ok && first.events).toHaveLength(3);
    expect(retry.ok && retry.events).toEqual([]);
  });

  it("decodes the URI characters HubSpot decodes before signing", () => {
    expect(decodeSignedUri("https://x.io/hook%3Fa%3Db%2Cc%40d?q=%20x")).toBe(
      "https://x.io/hook?a%3Db,c@d?q=%20x",
    );
    const uri = "https://x.io/h?x=a%2Cb";
    const sig = createHmac("sha256", SECRET)
      .update(`POST${"https://x.io/h?x=a,b"}${body}${NOW}`)
      .digest("base64");
    expect(signatureV3(SECRET, "POST", uri, body, String(NOW))).toBe(sig);
  });

  it("maps generic object events and association changes", () => {
    expect(
      changesOf([
        { eventId: 1, subscriptionType: "object.propertyChange", objectTypeId: "0-3", objectId: 5 },
        {
          eventId: 2,
          subscriptionType: "deal.associationChange",
          fromObjectId: 5,
          toObjectId: 9,
          fromObjectTypeId: "0-3",
          toObjectTypeId: "0-2",
        },
      ]),
    ).toEqual({ deals: ["5"], companies: ["9"] });
  });

  it("the express handler answers 204 / 401 and hands changes over", async () => {
    const got: unknown[] = [];
    const handler = hubspotWebhookHandler({
      secret: SECRET,
      clock: () => NOW,
      publicOrigin: "https://incentives.example.com",
      onChanges: (c) => {
        got.push(c);
      },
    });
    const res = () => {
      const r = { code: 0, payload: undefined as unknown };
      const api = {
        status(c: number) {
          r.code = c;
          return api;
        },
        json(p: unknown) {
          r.payload = p;
        },
        end() {},
      };
      return { r, api };
    };
    const good = res();
    await handler(
      {
        method: "POST",
        originalUrl: "/webhooks/hubspot?portal=1",
        headers: headers(sign(body, NOW), NOW),
        body: Buffer.from(body),
      },
      good.api,
    );
    expect(good.r.code).toBe(204);
    expect(got).toHaveLength(1);
    const bad = res();
    await handler(
      {
        method: "POST",
        originalUrl: "/webhooks/hubspot?portal=1",
        headers: headers("AAAA", NOW),
        body: Buffer.from(body),
      },
      bad.api,
    );
    expect(bad.r.code).toBe(401);
    expect(bad.r.payload).toMatchObject({ error: { code: "WEBHOOK_BAD_SIGNATURE" } });
  });

  it("answers a replay 401 WEBHOOK_REPLAYED and does not hand it over", async () => {
    const got: unknown[] = [];
    const handler = hubspotWebhookHandler({
      secret: SECRET,
      clock: () => NOW,
      publicOrigin: "https://incentives.example.com",
      onChanges: (c) => {
        got.push(c);
      },
    });
    const replies: { code: number; payload: unknown }[] = [];
    const send = async () => {
      const r = { code: 0, payload: undefined as unknown };
      const api = {
        status(c: number) {
          r.code = c;
          return api;
        },
        json(p: unknown) {
          r.payload = p;
        },
        end() {},
      };
      await handler(
        {
          method: "POST",
          originalUrl: "/webhooks/hubspot?portal=1",
          headers: headers(sign(body, NOW), NOW),
          body: Buffer.from(body),
        },
        api,
      );
      replies.push(r);
    };
    await send();
    await send();
    expect(replies.map((r) => r.code)).toEqual([204, 401]);
    expect(replies[1]?.payload).toMatchObject({ error: { code: "WEBHOOK_REPLAYED" } });
    expect(got).toHaveLength(1);
  });

  it("a failed hand-over answers 500 and lets HubSpot's retry of the same events through", async () => {
    let fail = true;
    const got: unknown[] = [];
    const handler = hubspotWebhookHandler({
      secret: SECRET,
      clock: () => NOW,
      publicOrigin: "https://incentives.example.com",
      onChanges: (c) => {
        if (fail) throw new Error("queue down");
        got.push(c);
      },
    });
    const codes: number[] = [];
    const res = {
      status(c: number) {
        codes.push(c);
        return res;
      },
      json() {},
      end() {},
    };
    const send = (ts: number) =>
      handler(
        {
          method: "POST",
          originalUrl: "/webhooks/hubspot?portal=1",
          headers: headers(sign(body, ts), ts),
          body,
        },
        res,
      );
    await send(NOW - 2_000);
    fail = false;
    await send(NOW - 1_000); // HubSpot's retry: new timestamp, same events
    expect(codes).toEqual([500, 204]);
    expect(got).toHaveLength(1);
  });
});
