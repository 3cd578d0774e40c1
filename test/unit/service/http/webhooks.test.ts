import { afterEach, describe, expect, it } from "vitest";
import { signatureV3 } from "../../../../connectors/hubspot/webhooks.ts";
import type { TestApp } from "../helpers.ts";
import { HUBSPOT_SECRET, SALESFORCE_WEBHOOK_SECRET, startTestApp } from "../helpers.ts";
import { outboundMessage } from "../outbound-fixture.ts";

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const post = (url: string, body: string, contentType = "text/xml; charset=utf-8") =>
  fetch(`${url}/webhooks/salesforce?token=${SALESFORCE_WEBHOOK_SECRET}`, {
    method: "POST",
    headers: { "content-type": contentType, SOAPAction: '""' },
    body,
  });

describe("POST /webhooks/salesforce (Outbound Messages)", () => {
  it("syncs the notified records and acknowledges with the SOAP notificationsResponse", async () => {
    app = await startTestApp();
    const res = await post(app.url, outboundMessage());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    const body = await res.text();
    expect(body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>',
    );
    expect(app.jobs.syncCalls).toHaveLength(1);
    expect(app.jobs.syncCalls[0]).toMatchObject({
      crm: "salesforce",
      trigger: "webhook",
      records: [
        { object: "Opportunity", id: "0065e00000AbCdEAAV" },
        { object: "Opportunity", id: "0065e00000AbCdFAAV" },
      ],
    });
  });

  it("accepts the 15-character form of the configured org id", async () => {
    app = await startTestApp({ config: { salesforceOrgId: "00D5e000000KQ2e" } });
    expect((await post(app.url, outboundMessage())).status).toBe(200);
  });

  it("rejects a message from another organization with 403 and syncs nothing", async () => {
    app = await startTestApp();
    const res = await post(app.url, outboundMessage({ orgId: "00D000000000001AAA" }));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN_ORGANIZATION");
    expect(app.jobs.syncCalls).toHaveLength(0);
  });

  it("rejects malformed XML with 400 INVALID_XML and syncs nothing", async () => {
    app = await startTestApp();
    const res = await post(app.url, outboundMessage().replace("</notifications>", ""));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; errors: Array<{ message: string }> } };
    expect(body.error.code).toBe("INVALID_XML");
    expect(body.error.errors[0]?.message).toMatch(/malformed XML/);
    expect(app.jobs.syncCalls).toHaveLength(0);
  });

  it("answers 415 for a body that is not XML", async () => {
    app = await startTestApp();
    const res = await post(
      app.url,
      JSON.stringify({ OrganizationId: "00D5e000000KQ2eEAG" }),
      "application/json",
    );
    expect(res.status).toBe(415);
    expect(app.jobs.syncCalls).toHaveLength(0);
  });

  it("answers 413 above WEBHOOK_BODY_LIMIT", async () => {
    app = await startTestApp();
    const many = Array.from({ length: 100 }, (_, i) => ({
      id: `04l5e00000Gx7${String(i).padStart(3, "0")}AAJ`,
      type: "Opportunity",
      recordId: `0065e00000Ab${String(i).padStart(3, "0")}AAV`,
    }));
    const res = await post(app.url, outboundMessage({ notifications: many }));
    expect(res.status).toBe(413);
    expect(app.jobs.syncCalls).toHaveLength(0);
  });

  it("does not acknowledge when the sync failed, so Salesforce redelivers", async () => {
    app = await startTestApp();
    app.jobs.next = { outcome: "failed" };
    const res = await post(app.url, outboundMessage());
    expect(res.status).toBe(503);
    expect(await res.text()).not.toContain("<Ack>true</Ack>");
  });

  it("refuses everything while SALESFORCE_ORG_ID is not configured", async () => {
    app = await startTestApp({ config: { salesforceOrgId: null } });
    const res = await post(app.url, outboundMessage());
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("WEBHOOK_NOT_CONFIGURED");
    expect(app.jobs.syncCalls).toHaveLength(0);
  });
});

describe("POST /webhooks/hubspot (the connector's v3 verifier, mounted)", () => {
  const body = JSON.stringify([
    { eventId: 101, subscriptionType: "deal.propertyChange", objectId: 1234, propertyName: "amount" },
    { eventId: 102, subscriptionType: "company.propertyChange", objectId: 77, propertyName: "name" },
  ]);

  function signed(url: string, payload: string, options: { at?: number; secret?: string } = {}): RequestInit {
    const timestamp = String(options.at ?? Date.now());
    return {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hubspot-request-timestamp": timestamp,
        "x-hubspot-signature-v3": signatureV3(
          options.secret ?? HUBSPOT_SECRET,
          "POST",
          url,
          payload,
          timestamp,
        ),
      },
      body: payload,
    };
  }

  it("verifies the signature over the exact bytes and syncs the changed records", async () => {
    app = await startTestApp();
    const url = `${app.url}/webhooks/hubspot`;
    const res = await fetch(url, signed(url, body));
    expect(res.status).toBe(204);
    expect(app.jobs.syncCalls).toHaveLength(1);
    expect(app.jobs.syncCalls[0]).toMatchObject({
      crm: "hubspot",
      trigger: "webhook",
      records: [
        { object: "deals", id: "1234" },
        { object: "companies", id: "77" },
      ],
    });
  });

  it("rejects forged, stale and replayed requests and syncs nothing for them", async () => {
    app = await startTestApp();
    const url = `${app.url}/webhooks/hubspot`;
    const forged = await fetch(url, signed(url, body, { secret: "not-the-secret" }));
    expect(forged.status).toBe(401);
    // A body changed after signing (one space) no longer matches.
    const tampered = signed(url, body);
    const altered = await fetch(url, { ...tampered, body: `${body} ` });
    expect(altered.status).toBe(401);
    const stale = await fetch(url, signed(url, body, { at: Date.now() - 10 * 60 * 1000 }));
    expect(stale.status).toBe(401);
    const unsigned = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(unsigned.status).toBe(401);
    expect(app.jobs.syncCalls).toHaveLength(0);

    const once = signed(url, body);
    expect((await fetch(url, once)).status).toBe(204);
    const replay = await fetch(url, once);
    // A replay is unauthenticated too; the body's code tells it apart.
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe("WEBHOOK_REPLAYED");
    expect(app.jobs.syncCalls).toHaveLength(1);
  });

  it("does not acknowledge when the sync could not run, so HubSpot retries", async () => {
    app = await startTestApp();
    app.jobs.next = { outcome: "unavailable" };
    const url = `${app.url}/webhooks/hubspot`;
    const res = await fetch(url, signed(url, body));
    // Any 5xx makes HubSpot redeliver; the connector forgets the event ids so the retry gets in.
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("WEBHOOK_HANDOFF_FAILED");
    app.jobs.next = { outcome: "succeeded" };
    expect((await fetch(url, signed(url, body))).status).toBe(204);
  });

  it("answers 503 WEBHOOK_NOT_CONFIGURED without HUBSPOT_WEBHOOK_SECRET", async () => {
    app = await startTestApp({ config: { hubspotWebhookSecret: null } });
    const url = `${app.url}/webhooks/hubspot`;
    const res = await fetch(url, signed(url, body));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("WEBHOOK_NOT_CONFIGURED");
    expect(app.jobs.syncCalls).toHaveLength(0);
  });
});
