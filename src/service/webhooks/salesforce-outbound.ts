// Salesforce Outbound Messages: a SOAP `notifications` call carrying up to 100 notifications,
// each with the sObject's id and type. Salesforce redelivers until it receives the
// `notificationsResponse` ack below, so we ack only once the changed records are kept in the
// store's webhook inbox (routes/webhooks/salesforce.ts), from where they are synced.
// WSDL and ack shape: https://developer.salesforce.com/docs/platform/api/guide/sforce-api-om-outboundmessaging-wsdl.html
// Overview: https://developer.salesforce.com/docs/platform/api/guide/sforce-api-om-outboundmessaging.html
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";
import type { ChangedRecord } from "../ports.ts";

export const OUTBOUND_NAMESPACE = "http://soap.sforce.com/2005/09/outbound";

export const ACK_XML =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
  "<soapenv:Body>" +
  `<notificationsResponse xmlns="${OUTBOUND_NAMESPACE}"><Ack>true</Ack></notificationsResponse>` +
  "</soapenv:Body>" +
  "</soapenv:Envelope>";

const sfId = z.string().regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, "must be a Salesforce id");

const notificationSchema = z.object({
  Id: sfId,
  sObject: z.object({
    // xsi:type="sf:Opportunity"; the namespace prefix is stripped below.
    "@_type": z.string().min(1),
    Id: sfId,
  }),
});

const envelopeSchema = z.object({
  Envelope: z.object({
    Body: z.object({
      notifications: z.object({
        OrganizationId: sfId,
        ActionId: z.string().optional(),
        Notification: z.array(notificationSchema).min(1).max(100),
      }),
    }),
  }),
});

export interface OutboundMessage {
  organizationId: string;
  actionId: string | null;
  /** Notification ids: Salesforce reuses them when it redelivers. */
  notificationIds: string[];
  records: ChangedRecord[];
}

export type ParseOutcome = { ok: true; message: OutboundMessage } | { ok: false; problems: string[] };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are never expanded: Salesforce sends none, and expansion is an amplification risk.
  processEntities: false,
  isArray: (name) => name === "Notification",
});

export function parseOutboundMessage(xml: string): ParseOutcome {
  // A DOCTYPE has no business in a SOAP message (SOAP 1.1 forbids it) and is how entity
  // expansion attacks start; refuse before parsing.
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, problems: ["a DOCTYPE is not allowed"] };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return { ok: false, problems: [`malformed XML at line ${valid.err.line}: ${valid.err.msg}`] };
  }
  const parsed = envelopeSchema.safeParse(parser.parse(xml));
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`),
    };
  }
  const n = parsed.data.Envelope.Body.notifications;
  const records = new Map<string, ChangedRecord>();
  for (const notification of n.Notification) {
    const type = notification.sObject["@_type"];
    const object = type.includes(":") ? type.slice(type.indexOf(":") + 1) : type;
    records.set(`${object}/${notification.sObject.Id}`, { object, id: notification.sObject.Id });
  }
  return {
    ok: true,
    message: {
      organizationId: n.OrganizationId,
      actionId: n.ActionId ?? null,
      notificationIds: n.Notification.map((x) => x.Id),
      records: [...records.values()],
    },
  };
}

/** Org ids come in 15- and 18-character forms; the first 15 characters are the id (case-sensitive). */
export function sameOrganization(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}
