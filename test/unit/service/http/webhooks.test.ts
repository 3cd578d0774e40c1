import type { RequestHandler } from "express";
import { afterEach, describe, expect, it } from "vitest";
import type { TestApp } from "../helpers.ts";
import { startTestApp } from "../helpers.ts";
import { outboundMessage } from "../outbound-fixture.ts";

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const post = (url: string, body: string, contentType = "text/xml; charset=utf-8") =>
  fetch(`${url}/webhooks/salesforce`, {
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

describe("POST /webhooks/hubspot (mount point)", () => {
  it("answers 503 WEBHOOK_NOT_CONFIGURED until the connector's handler is wired", async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/webhooks/hubspot`, { method: "POST", body: "[]" });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("WEBHOOK_NOT_CONFIGURED");
  });

  it("hands a wired handler the exact raw bytes (signatures are computed over them)", async () => {
    let received: unknown;
    const handler: RequestHandler = (req, res) => {
      received = req.body;
      res.status(204).end();
    };
    app = await startTestApp({ hubspotWebhook: handler });
    const body = '[ {"objectId": 1234,  "subscriptionType":"deal.propertyChange"} ]';
    const res = await fetch(`${app.url}/webhooks/hubspot`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(204);
    expect(Buffer.isBuffer(received)).toBe(true);
    expect((received as Buffer).toString("utf8")).toBe(body);
  });
});
