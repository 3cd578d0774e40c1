// Object types the emulator serves. HubSpot accepts the plural name or the object type id in
// paths (https://developers.hubspot.com/docs/guides/crm/using-object-apis: deals 0-3,
// companies 0-2, contacts 0-1); singular names are accepted by the v4 associations API too.
// Tasks (0-27) are the activity the service creates for near-tier nudges (issue #16):
// https://developers.hubspot.com/docs/api/crm/tasks
export type ObjectTypeName = "deals" | "companies" | "contacts" | "tasks";

export const OBJECT_TYPES: readonly ObjectTypeName[] = ["deals", "companies", "contacts", "tasks"];

const TYPE_IDS: Record<ObjectTypeName, string> = {
  deals: "0-3",
  companies: "0-2",
  contacts: "0-1",
  tasks: "0-27",
};
const SINGULAR: Record<ObjectTypeName, string> = {
  deals: "deal",
  companies: "company",
  contacts: "contact",
  tasks: "task",
};

const ALIASES = new Map<string, ObjectTypeName>();
for (const t of OBJECT_TYPES) {
  ALIASES.set(t, t);
  ALIASES.set(TYPE_IDS[t], t);
  ALIASES.set(SINGULAR[t], t);
}

export function resolveObjectType(raw: string | undefined): ObjectTypeName | undefined {
  return raw === undefined ? undefined : ALIASES.get(raw.toLowerCase());
}

export function objectTypeId(t: ObjectTypeName): string {
  return TYPE_IDS[t];
}

/** Singular name used in webhook subscription types ("deal.creation"). */
export function singular(t: ObjectTypeName): string {
  return SINGULAR[t];
}
