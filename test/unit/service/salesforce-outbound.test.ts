import { describe, expect, it } from "vitest";
import {
  ACK_XML,
  parseOutboundMessage,
  sameOrganization,
} from "../../../src/service/webhooks/salesforce-outbound.ts";
import { outboundMessage } from "./outbound-fixture.ts";

describe("parseOutboundMessage", () => {
  it("extracts the organization, notification ids and the changed records with their types", () => {
    const parsed = parseOutboundMessage(
      outboundMessage({
        notifications: [
          { id: "04l5e00000Gx7QzAAJ", type: "Opportunity", recordId: "0065e00000AbCdEAAV" },
          { id: "04l5e00000Gx7R0AAJ", type: "Account", recordId: "0015e00000ZkM3hAAF" },
          // Salesforce may notify the same record twice in one message; it is synced once.
          { id: "04l5e00000Gx7R1AAJ", type: "Opportunity", recordId: "0065e00000AbCdEAAV" },
        ],
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      message: {
        organizationId: "00D5e000000KQ2eEAG",
        actionId: "04k5e000000CaRkAAK",
        notificationIds: ["04l5e00000Gx7QzAAJ", "04l5e00000Gx7R0AAJ", "04l5e00000Gx7R1AAJ"],
        records: [
          { object: "Opportunity", id: "0065e00000AbCdEAAV" },
          { object: "Account", id: "0015e00000ZkM3hAAF" },
        ],
      },
    });
  });

  it("accepts a single Notification (no array in the XML)", () => {
    const parsed = parseOutboundMessage(
      outboundMessage({
        notifications: [{ id: "04l5e00000Gx7QzAAJ", type: "Opportunity", recordId: "0065e00000AbCdEAAV" }],
      }),
    );
    expect(parsed.ok && parsed.message.records).toEqual([
      { object: "Opportunity", id: "0065e00000AbCdEAAV" },
    ]);
  });

  it("rejects malformed XML with where it broke", () => {
    const parsed = parseOutboundMessage("<soapenv:Envelope><soapenv:Body></soapenv:Envelope>");
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems[0]).toMatch(/malformed XML at line 1/);
  });

  it("rejects a DOCTYPE (entity expansion) before parsing", () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>${outboundMessage().replace(/^<\?xml[^>]*>/, "")}`;
    expect(parseOutboundMessage(xml)).toEqual({ ok: false, problems: ["a DOCTYPE is not allowed"] });
  });

  it("lists what is missing from well-formed XML that is not an Outbound Message", () => {
    const parsed = parseOutboundMessage(
      outboundMessage().replace(/<OrganizationId>.*<\/OrganizationId>/, ""),
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.join("\n")).toContain("Envelope.Body.notifications.OrganizationId");
    expect(parseOutboundMessage("<a/>").ok).toBe(false);
  });

  it("rejects a record id that is not a Salesforce id", () => {
    const parsed = parseOutboundMessage(
      outboundMessage({
        notifications: [{ id: "04l5e00000Gx7QzAAJ", type: "Opportunity", recordId: "1; DROP" }],
      }),
    );
    expect(parsed.ok).toBe(false);
  });
});

describe("sameOrganization", () => {
  it("treats the 15- and 18-character forms of one org id as equal, and ids stay case-sensitive", () => {
    expect(sameOrganization("00D5e000000KQ2eEAG", "00D5e000000KQ2e")).toBe(true);
    expect(sameOrganization("00D5e000000KQ2eEAG", "00D5e000000KQ2eEAG")).toBe(true);
    expect(sameOrganization("00D5e000000KQ2eEAG", "00D5e000000KQ2EEAG")).toBe(false);
    expect(sameOrganization("00D5e000000KQ2fEAG", "00D5e000000KQ2eEAG")).toBe(false);
  });
});

describe("ACK_XML", () => {
  it("is the notificationsResponse Salesforce expects", () => {
    expect(ACK_XML).toContain(
      '<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack>',
    );
    expect(ACK_XML).toContain('xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"');
  });
});
