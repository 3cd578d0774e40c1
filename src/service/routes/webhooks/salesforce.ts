// POST /webhooks/salesforce: Salesforce Outbound Messages. The organization id must match
// SALESFORCE_ORG_ID (an unconfigured org id means the endpoint refuses everything). The changed
// records go to a targeted sync; the SOAP ack is sent only once that sync returned, so a failed
// sync makes Salesforce redeliver (it retries for up to 24 hours).
// https://developer.salesforce.com/docs/platform/api/guide/sforce-api-om-outboundmessaging-wsdl.html
import type { RequestHandler } from "express";
import { HttpError } from "../../errors.ts";
import type { Metrics } from "../../metrics.ts";
import { context } from "../../middleware/context.ts";
import type { Jobs } from "../../ports.ts";
import { ACK_XML, parseOutboundMessage, sameOrganization } from "../../webhooks/salesforce-outbound.ts";

export function salesforceWebhook(deps: {
  organizationId: string | null;
  jobs: Jobs;
  metrics: Metrics;
}): RequestHandler {
  return async (req, res) => {
    const { log } = context(req);
    if (deps.organizationId === null) {
      throw new HttpError(
        "WEBHOOK_NOT_CONFIGURED",
        "Salesforce Outbound Messages are off: set SALESFORCE_ORG_ID",
      );
    }
    if (typeof req.body !== "string") {
      throw new HttpError(
        "UNSUPPORTED_MEDIA_TYPE",
        "an Outbound Message is SOAP XML (Content-Type: text/xml)",
      );
    }
    const parsed = parseOutboundMessage(req.body);
    if (!parsed.ok) {
      throw new HttpError("INVALID_XML", "the body is not a valid Outbound Message", {
        problems: parsed.problems.map((message) => ({ path: "body", message })),
      });
    }
    const message = parsed.message;
    if (!sameOrganization(message.organizationId, deps.organizationId)) {
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
    const summary = await deps.jobs.sync({ crm: "salesforce", records: message.records, trigger: "webhook" });
    if (summary.outcome === "failed" || summary.outcome === "unavailable") {
      // No ack: Salesforce keeps the message queued and redelivers.
      throw new HttpError(
        "NOT_READY",
        `the change could not be synced (${summary.outcome}); redeliver later`,
      );
    }
    res.status(200).type("text/xml; charset=utf-8").send(ACK_XML);
  };
}
