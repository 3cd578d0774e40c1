// Which CRMs the environment has credentials for. Any one of a CRM's credential variables means
// "connect to this CRM"; none for either means sandbox mode. The CLI and the service decide the
// same way; each connector's own config parser then validates its variables in full.
import type { CrmName } from "./types.ts";

export const CRM_CREDENTIAL_KEYS = {
  salesforce: [
    "SALESFORCE_AUTH",
    "SALESFORCE_CLIENT_ID",
    "SALESFORCE_CLIENT_SECRET",
    "SALESFORCE_USERNAME",
    "SALESFORCE_PRIVATE_KEY",
    "SALESFORCE_REFRESH_TOKEN",
    "SALESFORCE_ACCESS_TOKEN",
    "SALESFORCE_INSTANCE_URL",
  ],
  hubspot: ["HUBSPOT_ACCESS_TOKEN", "HUBSPOT_CLIENT_ID", "HUBSPOT_CLIENT_SECRET", "HUBSPOT_REFRESH_TOKEN"],
} as const satisfies Record<CrmName, readonly string[]>;

export function configuredCrms(env: Readonly<Record<string, string | undefined>>): Record<CrmName, boolean> {
  return {
    salesforce: CRM_CREDENTIAL_KEYS.salesforce.some((key) => Boolean(env[key])),
    hubspot: CRM_CREDENTIAL_KEYS.hubspot.some((key) => Boolean(env[key])),
  };
}
