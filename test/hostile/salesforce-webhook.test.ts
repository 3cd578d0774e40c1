// Issue #20, points 6 and 7: the Salesforce Outbound Message endpoint under hostile requests.
// It used to parse a 1 MB body before any check, trusted the organization id alone (not a
// secret), answered 500 to 50,000 nested elements, and took any number of requests. Now every
// check that costs less runs before the ones that cost more, and the parser only ever sees a
// small, shallow document from the configured org that knew the shared secret.
import { afterEach, describe, expect, it } from "vitest";
import { ORG_ID, SALESFORCE_WEBHOOK_SECRET, startTestApp, type TestApp } from "../unit/service/helpers.ts";
import { outboundMessage } from "../unit/service/outbound-fixture.ts";

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

const post = (body: string, options: { token?: string | null; header?: string } = {}) => {
  const token = options.token === undefined ? SALESFORCE_WEBHOOK_SECRET : options.token;
  const query = token === null ? "" : `?token=${encodeURIComponent(token)}`;
  return fetch(`${app.url}/webhooks/salesforce${query}`, {
    method: "POST",
    headers: {
      "content-type": "text/xml; charset=utf-8",
      SOAPAction: '""',
      ...(options.header ? { "x-webhook-token": options.header } : {}),
    },
    body,
  });
};

const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

/** A real message from the configured org, with `inner` nested inside one of its fields. */
const nestedMessage = (levels: number) =>
  outboundMessage().replace(
    "<sf:StageName>Closed Won</sf:StageName>",
    `<sf:StageName>${"<a>".repeat(levels)}x${"</a>".repeat(levels)}</sf:StageName>`,
  );

describe("POST /webhooks/salesforce, hostile", () => {
  it("50,000 nested elements: 400 INVALID_XML naming the depth, not 500; nothing synced", async () => {
    app = await startTestApp({ config: { webhookBodyLimit: "1mb" } });
    const res = await post(nestedMessage(50_000));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; errors: Array<{ message: string }> } };
    expect(body.error.code).toBe("INVALID_XML");
    expect(body.error.errors[0]?.message).toMatch(/nest deeper than 20 levels/);
    expect(app.jobs.syncCalls).toHaveLength(0);
    // The service is fine afterwards: a real message goes through.
    expect((await post(outboundMessage())).status).toBe(200);
  });

  it("a flat flood of elements is refused by count before the parser sees it", async () => {
    app = await startTestApp({ config: { webhookBodyLimit: "1mb" } });
    const flat = outboundMessage().replace(
      "<sf:StageName>Closed Won</sf:StageName>",
      "<sf:X/>".repeat(25_000),
    );
    const res = await post(flat);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/more than 20000 elements/);
  });

  it("without the shared secret: 401 WEBHOOK_UNAUTHORIZED before the body is read or parsed", async () => {
    app = await startTestApp({ config: { webhookBodyLimit: "1mb" } });
    // A body the parser would reject (and a deep one): the answer is about the secret, not the body.
    for (const token of [null, "guess", `${SALESFORCE_WEBHOOK_SECRET}x`]) {
      const res = await post(nestedMessage(50_000), { token });
      expect(res.status).toBe(401);
      expect(await codeOf(res)).toBe("WEBHOOK_UNAUTHORIZED");
    }
    // The configured org id alone is not enough (it is not a secret: every record id carries it).
    const orgOnly = await post(outboundMessage({ orgId: ORG_ID }), { token: null });
    expect(orgOnly.status).toBe(401);
    expect(app.jobs.syncCalls).toHaveLength(0);
    // The secret may also come in a header set by a proxy in front of the service.
    expect((await post(outboundMessage(), { token: null, header: SALESFORCE_WEBHOOK_SECRET })).status).toBe(
      200,
    );
  });

  it("another organization: 403 before parsing, even for a body the parser would choke on", async () => {
    app = await startTestApp({ config: { webhookBodyLimit: "1mb" } });
    const res = await post(nestedMessage(50_000).replace(ORG_ID, "00D000000000001AAA"));
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe("FORBIDDEN_ORGANIZATION");
    expect(app.jobs.syncCalls).toHaveLength(0);
  });

  it("a body over the limit: 413 by its Content-Length, before anything is read", async () => {
    app = await startTestApp({ config: { webhookBodyLimit: "8kb" } });
    const res = await post(nestedMessage(5_000));
    expect(res.status).toBe(413);
    expect(await codeOf(res)).toBe("PAYLOAD_TOO_LARGE");
  });

  it("is rate limited per client: 429 with Retry-After, good secret or not", async () => {
    let now = 1_800_000_000_000;
    app = await startTestApp({ config: { salesforceWebhookRateLimit: 3 }, clock: () => now });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(outboundMessage(), { token: "guess" })).status);
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await post(outboundMessage());
    expect(limited.status).toBe(429);
    expect(await codeOf(limited)).toBe("TOO_MANY_REQUESTS");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(app.jobs.syncCalls).toHaveLength(0);
    now += 61_000; // the next minute
    expect((await post(outboundMessage())).status).toBe(200);
  });

  it("refuses everything while SALESFORCE_WEBHOOK_SECRET is not configured", async () => {
    app = await startTestApp({ config: { salesforceWebhookSecret: null } });
    const res = await post(outboundMessage());
    expect(res.status).toBe(503);
    expect(await codeOf(res)).toBe("WEBHOOK_NOT_CONFIGURED");
  });
});
