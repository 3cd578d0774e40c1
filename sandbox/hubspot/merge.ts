// Merges (https://developers.hubspot.com/docs/api-reference/crm-companies-v3/basic/post-crm-v3-objects-companies-merge):
// the primary keeps its id and its values; properties empty on the primary are filled from the
// merged record; the merged id (and the ids it had absorbed) are appended to the survivor's
// hs_merged_object_ids (semicolon-separated); the merged record's associations move to the
// survivor (its primary flags do not: the survivor keeps its own); the merged record is archived
// and remembers its survivor, so a GET of the merged id answers the survivor.
import { objectNotFound, validationError } from "./errors.ts";
import type { HsRecord } from "./object-store.ts";
import type { ObjectTypeName } from "./object-types.ts";
import type { PortalState, WriteOptions } from "./portal-state.ts";

function isPrimary(state: PortalState, from: ObjectTypeName, to: ObjectTypeName, typeId: number): boolean {
  return state.associationTypes.find(from, to, typeId)?.label === "Primary";
}

export function mergeRecords(
  state: PortalState,
  objectType: ObjectTypeName,
  primaryId: string,
  mergedId: string,
  opts: WriteOptions,
): HsRecord {
  if (primaryId === mergedId) throw validationError("Cannot merge an object with itself");
  const store = state.stores[objectType];
  const primary = store.records.get(primaryId);
  const merged = store.records.get(mergedId);
  if (!primary || primary.archived) throw objectNotFound(objectType, primaryId);
  if (!merged || merged.archived) throw objectNotFound(objectType, mergedId);
  const at = Math.max(state.now(), primary.updatedAt);
  if (opts.source === "api") {
    state.beforeSearchChange(objectType, primary);
    state.beforeSearchChange(objectType, merged);
  }
  const fill: Record<string, string> = {};
  for (const [name, value] of Object.entries(merged.props)) {
    const def = state.properties[objectType].get(name);
    if (def && !def.modificationMetadata.readOnlyValue && primary.props[name] === undefined)
      fill[name] = value;
  }
  for (const name of Object.keys(fill)) {
    if (state.properties[objectType].get(name)?.hasUniqueValue) store.setProp(merged, name, "", at, "MERGE");
  }
  const ids = [primary.props.hs_merged_object_ids, merged.props.hs_merged_object_ids, merged.id]
    .filter((v): v is string => Boolean(v))
    .join(";");
  store.setProp(primary, "hs_merged_object_ids", ids, at, "MERGE");
  // Associations follow the survivor.
  for (const [toType, byId] of Object.entries(merged.assoc ?? {})) {
    if (!byId) continue;
    for (const [toId, typeIds] of byId) {
      const moved = typeIds.filter((t) => !isPrimary(state, objectType, toType as ObjectTypeName, t));
      if (moved.length > 0) {
        state.link(objectType, primary, toType as ObjectTypeName, toId, moved, {
          source: opts.source,
          silent: true,
        });
      }
      state.unlink(objectType, merged, toType as ObjectTypeName, toId, undefined, {
        source: opts.source,
        silent: true,
      });
    }
  }
  merged.mergedInto = primary.id;
  store.setArchived(merged, true, at);
  state.apply(objectType, primary, fill, opts);
  primary.updatedAt = at;
  store.setProp(primary, "hs_lastmodifieddate", new Date(at).toISOString(), at, "API");
  state.emit({
    kind: "merge",
    objectType,
    objectId: primary.id,
    mergedObjectIds: [merged.id],
    source: opts.source,
  });
  return primary;
}
