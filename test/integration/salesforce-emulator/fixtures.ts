// Shared setup: an emulator with the project's kind of custom metadata, and a jsforce connection.
import { Connection } from "jsforce";
import {
  type EmulatorOptions,
  type RunningSalesforceEmulator,
  startSalesforceEmulator,
} from "../../../sandbox/salesforce/server.ts";

export const API_VERSION = "62.0";

/** Declarations in the SFDX-like form the emulator accepts (a subset of the project's metadata). */
export const projectMetadata = {
  customFields: [
    {
      fullName: "Opportunity.Incentive_Amount__c",
      type: "Currency",
      label: "Incentive Amount",
      precision: 16,
      scale: 2,
    },
    {
      fullName: "Opportunity.Incentive_Key__c",
      type: "Text",
      label: "Incentive Key",
      length: 64,
      externalId: true,
      unique: true,
    },
    {
      fullName: "Account.Partner_Tier__c",
      type: "Picklist",
      label: "Partner Tier",
      restricted: true,
      values: [{ fullName: "Bronze", default: true }, { fullName: "Silver" }, { fullName: "Gold" }],
    },
  ],
  customObjects: [
    {
      fullName: "Incentive_Payout__c",
      label: "Incentive Payout",
      pluralLabel: "Incentive Payouts",
      nameField: { type: "AutoNumber", label: "Incentive Payout Number", displayFormat: "IP-{000000}" },
      fields: [
        {
          fullName: "Account__c",
          type: "Lookup",
          label: "Partner Account",
          referenceTo: "Account",
          relationshipName: "Incentive_Payouts",
        },
        { fullName: "Amount__c", type: "Currency", label: "Amount", precision: 16, scale: 2, required: true },
        {
          fullName: "Incentive_Key__c",
          type: "Text",
          label: "Incentive Key",
          length: 80,
          externalId: true,
          unique: true,
        },
      ],
    },
  ],
} satisfies Partial<EmulatorOptions>;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningSalesforceEmulator> {
  return startSalesforceEmulator({ ...projectMetadata, ...options });
}

export function connect(emu: RunningSalesforceEmulator, extra: Record<string, unknown> = {}): Connection {
  return new Connection({
    instanceUrl: emu.url,
    accessToken: emu.accessToken,
    version: API_VERSION,
    ...extra,
  });
}

/** Raw fetch against the emulator with the sandbox token. */
export async function raw(
  emu: RunningSalesforceEmulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${emu.accessToken}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // CSV or empty
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
