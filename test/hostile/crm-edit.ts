// Edits a sandbox CRM record the way a user or an integration would: over the CRM's REST API,
// as JSON text on the wire (so `\u0000` and lone surrogates arrive escaped, as real CRMs send
// them). Used by the hostile suites to plant bad values.
import type { Sandbox } from "../../sandbox/index.ts";

async function send(url: string, token: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: "PATCH",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    // A string is sent as it is: JSON text with number literals no double can hold.
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`PATCH ${url}: ${res.status} ${await res.text()}`);
}

// https://developers.hubspot.com/docs/api-reference/crm-objects-v3/basic/patch-crm-v3-objects-objectType-objectId
export function patchHubSpot(
  sandbox: Sandbox,
  objectType: string,
  id: string,
  properties: Record<string, string>,
): Promise<void> {
  return send(
    `${sandbox.env.HUBSPOT_BASE_PATH}/crm/v3/objects/${objectType}/${id}`,
    sandbox.env.HUBSPOT_ACCESS_TOKEN!,
    { properties },
  );
}

// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm
export function patchSalesforce(
  sandbox: Sandbox,
  object: string,
  id: string,
  fields: Record<string, unknown> | string,
): Promise<void> {
  return send(
    `${sandbox.env.SALESFORCE_INSTANCE_URL}/services/data/v62.0/sobjects/${object}/${id}`,
    sandbox.env.SALESFORCE_ACCESS_TOKEN!,
    fields,
  );
}
