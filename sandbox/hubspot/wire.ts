// Records in the wire shape of `SimplePublicObject(WithAssociations)`
// (https://developers.hubspot.com/docs/guides/crm/using-object-apis): all property values are
// strings or null, `createdAt`/`updatedAt` ISO 8601 with ms. When `properties` is not given,
// HubSpot returns a small default set per object type; requested properties without a value
// come back as null, unknown requested names are ignored. createdate, hs_lastmodifieddate and
// hs_object_id are always returned.
import type { HsRecord } from "./object-store.ts";
import { type ObjectTypeName, singular } from "./object-types.ts";
import type { PortalState } from "./portal-state.ts";

export interface WireOptions {
  properties?: string[] | undefined;
  propertiesWithHistory?: string[] | undefined;
  associations?: ObjectTypeName[] | undefined;
  /** Every property with a value (create/update/merge answers). */
  allSet?: boolean;
}

const DEFAULT_PROPERTIES: Record<ObjectTypeName, string[]> = {
  deals: [
    "amount",
    "closedate",
    "createdate",
    "dealname",
    "dealstage",
    "hs_lastmodifieddate",
    "hs_object_id",
    "pipeline",
  ],
  companies: ["createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"],
  contacts: ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
  tasks: ["createdate", "hs_lastmodifieddate", "hs_object_id", "hs_task_subject", "hs_timestamp"],
};
const ALWAYS = ["createdate", "hs_lastmodifieddate", "hs_object_id"];

function calculated(
  state: PortalState,
  objectType: ObjectTypeName,
  record: HsRecord,
  name: string,
): string | undefined {
  if (objectType === "companies" && name === "num_associated_deals") {
    const deals = record.assoc?.deals;
    let n = 0;
    for (const id of deals?.keys() ?? []) if (!state.stores.deals.records.get(id)?.archived) n++;
    return String(n);
  }
  return record.props[name];
}

export function toWire(
  state: PortalState,
  objectType: ObjectTypeName,
  record: HsRecord,
  opts: WireOptions,
): Record<string, unknown> {
  const registry = state.properties[objectType];
  const properties: Record<string, string | null> = {};
  if (opts.allSet) {
    for (const [name, value] of Object.entries(record.props)) properties[name] = value;
  } else {
    const names =
      opts.properties && opts.properties.length > 0
        ? [...opts.properties, ...ALWAYS]
        : DEFAULT_PROPERTIES[objectType];
    for (const name of names) {
      if (!registry.get(name)) continue;
      properties[name] = calculated(state, objectType, record, name) ?? null;
    }
  }
  const out: Record<string, unknown> = {
    id: record.id,
    properties,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archived,
  };
  if (record.archivedAt !== undefined) out.archivedAt = new Date(record.archivedAt).toISOString();
  if (opts.propertiesWithHistory && opts.propertiesWithHistory.length > 0) {
    const store = state.stores[objectType];
    const history: Record<string, unknown[]> = {};
    for (const name of opts.propertiesWithHistory) {
      if (!registry.get(name)) continue;
      history[name] = store.historyOf(record, name).map((h) => ({
        value: h.value,
        timestamp: new Date(h.timestamp).toISOString(),
        sourceType: h.sourceType,
      }));
    }
    out.propertiesWithHistory = history;
  }
  if (opts.associations && opts.associations.length > 0) {
    const assoc: Record<string, unknown> = {};
    for (const toType of opts.associations) {
      const results: Array<{ id: string; type: string }> = [];
      for (const [toId, typeIds] of record.assoc?.[toType] ?? []) {
        if (state.stores[toType].records.get(toId)?.archived) continue;
        for (const typeId of typeIds) {
          results.push({ id: toId, type: associationTypeName(state, objectType, toType, typeId) });
        }
      }
      if (results.length > 0) assoc[toType] = { results };
    }
    if (Object.keys(assoc).length > 0) out.associations = assoc;
  }
  return out;
}

/** v3 association type names: "deal_to_company" (primary), "deal_to_company_unlabeled", label names. */
function associationTypeName(
  state: PortalState,
  from: ObjectTypeName,
  to: ObjectTypeName,
  typeId: number,
): string {
  const def = state.associationTypes.find(from, to, typeId);
  const base = `${singular(from)}_to_${singular(to)}`;
  if (!def || def.category === "HUBSPOT_DEFINED") return def?.label === null ? `${base}_unlabeled` : base;
  return def.name ?? String(typeId);
}
