// Properties HubSpot requires when a record is created through the API, and the 400 it answers
// when one is missing.
// - Tasks: `hs_timestamp` (the due date) is "Required" on create
//   [DOC https://developers.hubspot.com/docs/api/crm/tasks]. HubSpot's answer, observed:
//   400 `{"status":"error","message":"Error creating TASK. Some required properties were not
//   set.","correlationId":"…","context":{"properties":["hs_timestamp"]},"category":
//   "VALIDATION_ERROR"}` [3P PipedreamHQ/pipedream issue #12366; same shape for notes in
//   HubSpot/hubspot-api-nodejs issue #124].
// - An empty value counts as not set (it would clear the property, so nothing is set).
// - The back door (seeding, `portal.create`) stands for a person in the UI, which fills the
//   due date itself, so it is not checked here.
// Deals, companies and contacts keep no required properties in the emulator: the shipped
// tests create them with partial properties and we found no HubSpot text that refuses that.
import { errorBody, HubSpotApiError } from "../errors.ts";
import { type ObjectTypeName, singular } from "../object-types.ts";

const REQUIRED_ON_CREATE: Record<ObjectTypeName, readonly string[]> = {
  deals: [],
  companies: [],
  contacts: [],
  tasks: ["hs_timestamp"],
};

/** The required properties a create's validated values leave unset, in declaration order. */
export function missingRequired(objectType: ObjectTypeName, values: Record<string, string>): string[] {
  return REQUIRED_ON_CREATE[objectType].filter((name) => (values[name] ?? "") === "");
}

/** HubSpot's 400 for a create missing required properties (the whole request is refused). */
export function requiredPropertiesError(objectType: ObjectTypeName, missing: string[]): HubSpotApiError {
  return new HubSpotApiError(400, {
    ...errorBody(
      "VALIDATION_ERROR",
      `Error creating ${singular(objectType).toUpperCase()}. Some required properties were not set.`,
      { context: { properties: missing } },
    ),
  });
}

/**
 * Refuses the request when any of the creates it carries misses a required property. A batch is
 * refused whole, like the other property-validation errors (routes/batch.ts); the context lists
 * every property missing from any input.
 */
export function checkRequired(objectType: ObjectTypeName, creates: Array<Record<string, string>>): void {
  const missing = new Set<string>();
  for (const values of creates) for (const name of missingRequired(objectType, values)) missing.add(name);
  if (missing.size > 0) throw requiredPropertiesError(objectType, [...missing]);
}
