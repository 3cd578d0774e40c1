// POST /webhooks/salesforce: Salesforce Outbound Messages. A message carries no signature, so the
// endpoint trusts nothing it has not checked, cheapest check first (issue #20, points 6 and 7):
//  1. configured at all (SALESFORCE_ORG_ID and SALESFORCE_WEBHOOK_SECRET), else 503;
//  2. rate limit per client address (429), before anything else is spent on the request;
//  3. the shared secret, in the endpoint URL Salesforce calls (`?token=`) or the
//     X-Webhook-Token header a proxy may set, compared in constant time (401);
//  4. size: the body parser's limit refuses by Content-Length before reading (413);
//  5. the OrganizationId, read from the raw text, must be the configured org (403);
//  6. nesting depth and element count, by one linear scan (400), and only then the XML parser.
// The changed records go into the store's webhook inbox and the SOAP ack is sent as soon as they
// are there: a run in progress (or a hung CRM) never holds the ack, and the inbox drainer syncs
// them (src/service/webhooks/inbox-drainer.ts).
// https://developer.salesforce.com/docs/platform/api/guide/sforce-api-om-outboundmessaging-wsdl.html
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { HttpError } from "../../errors.ts";
import type { Metrics } from "../../metrics.ts";
import { xmlBody } from "../../middleware/body-limit.ts";
import { context } from "../../middleware/context.ts";
import type { WebhookInbox } from "../../ports.ts";
import { rateLimit } from "../../webhooks/rate-limit.ts";
import { ACK_XML, parseOutboundMessage, sameOrganization } from "../../webhooks/salesforce-outbound.ts";
import { peekOrganizationId, xmlShapeProblem } from "../../webhooks/xml-guard.ts";

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

export interface SalesforceWebhookDeps {
  organizationId: string | null;
  /** The shared secret the endpoint URL carries (`?token=`); null = the endpoint refuses everything. */
  secret: string | null;
  /** Requests per client address and minute; 0 = no limit. */
  rateLimitPerMinute: number;
  bodyLimit: string;
  inbox: WebhookInbox;
  metrics: Metrics;
  clock?: () => number;
}

/** The middleware chain of the route, in the order of the checks above. */
export function salesforceWebhook(deps: SalesforceWebhookDeps): RequestHandler[] {
  const expected = deps.secret === null ? null : digest(deps.secret);
  const configured: RequestHandler = (_req, _res, next) => {
    if (deps.organizationId === null || expected === null) {
      throw new HttpError(
        "WEBHOOK_NOT_CONFIGURED",
        "Salesforce Outbound Messages are off: set SALESFORCE_ORG_ID and SALESFORCE_WEBHOOK_SECRET",
      );
    }
    next();
  };
  const authenticated: RequestHandler = (req, _res, next) => {
    const query = req.query.token;
    const given = typeof query === "string" ? query : req.get("x-webhook-token");
    if (!given || !expected || !timingSafeEqual(digest(given), expected)) {
      context(req).log.warn("outbound message without the shared secret refused");
      throw new HttpError(
        "WEBHOOK_UNAUTHORIZED",
        "the endpoint URL must carry the shared secret (?token=SALESFORCE_WEBHOOK_SECRET)",
      );
    }
    next();
  };
  const handle: RequestHandler = async (req, res) => {
    const { log } = context(req);
    const organizationId = deps.organizationId as string;
    if (typeof req.body !== "string") {
      throw new HttpError(
        "UNSUPPORTED_MEDIA_TYPE",
        "an Outbound Message is SOAP XML (Content-Type: text/xml)",
      );
    }
    const named = peekOrganizationId(req.body);
    if (named !== null && !sameOrganization(named, organizationId)) {
      log.warn({ organizationId: named }, "outbound message from another organization refused");
      throw new HttpError(
        "FORBIDDEN_ORGANIZATION",
        "the message comes from an organization this service does not serve",
      );
    }
    const shape = xmlShapeProblem(req.body);
    if (shape !== null) {
      throw new HttpError("INVALID_XML", "the body is not a valid Outbound Message", {
        problems: [{ path: "body", message: shape }],
      });
    }
    const parsed = parseOutboundMessage(req.body);
    if (!parsed.ok) {
      throw new HttpError("INVALID_XML", "the body is not a valid Outbound Message", {
        problems: parsed.problems.map((message) => ({ path: "body", message })),
      });
    }
    const message = parsed.message;
    // The pre-check above read the first OrganizationId; the parsed one is what counts.
    if (!sameOrganization(message.organizationId, organizationId)) {
      log.warn(
        { organizationId: message.organizationId },
        "outbound message from another organization refused",
      );
      throw new HttpError(
        "FORBIDDEN_ORGANIZATION",
        "the message comes from an organization this service does not serve",
      );
    }
    deps.metrics.webhookChanges.inc({ crm: "salesforce" }, message.records.length);
    log.info(
      {
        notifications: message.notificationIds.length,
        records: message.records.length,
        actionId: message.actionId,
      },
      "outbound message received",
    );
    // Once the records are in the store they will be synced: ack (Salesforce stops redelivering).
    // A store that cannot take them throws, the answer is 500 and Salesforce redelivers.
    await deps.inbox.enqueue("salesforce", message.records);
    res.status(200).type("text/xml; charset=utf-8").send(ACK_XML);
  };
  return [
    configured,
    rateLimit("outbound message", {
      limit: deps.rateLimitPerMinute,
      ...(deps.clock ? { clock: deps.clock } : {}),
    }),
    authenticated,
    xmlBody(deps.bodyLimit),
    handle,
  ];
}
