// Wire object → neutral CrmRecord.
import { cleanRecord } from "../text.ts";
import type { CrmRecord, FieldValue } from "../types.ts";
import { MIRROR_PROPERTY } from "./context.ts";
import { fromWire } from "./values.ts";
import { toEpochMs, type WireObject, type WireProperty } from "./wire.ts";

/** Properties every read asks for, whatever the mapping wants. */
export function systemProperties(objectType: string): string[] {
  const mirror = MIRROR_PROPERTY[objectType];
  return [
    "hs_object_id",
    "hs_lastmodifieddate",
    "hs_merged_object_ids",
    "hs_updated_by_user_id",
    ...(mirror ? [mirror] : []),
  ];
}

const iso = (v: unknown): string | undefined => {
  const ms = toEpochMs(v);
  return ms === undefined ? undefined : new Date(ms).toISOString();
};

export function toCrmRecord(
  object: string,
  objectType: string,
  wire: WireObject,
  fields: string[],
  props: Map<string, WireProperty>,
): CrmRecord {
  const p = wire.properties;
  const out: Record<string, FieldValue> = {};
  for (const f of fields) out[f] = fromWire(p[f], props.get(f));
  const mirrorProp = MIRROR_PROPERTY[objectType];
  const mirrorId = mirrorProp ? p[mirrorProp] : undefined;
  const merged = (p.hs_merged_object_ids ?? "")
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "" && s !== wire.id);
  // Text is made storable here, at the boundary (connectors/text.ts).
  return cleanRecord({
    crm: "hubspot",
    object,
    id: wire.id,
    fields: out,
    modifiedAt: iso(p.hs_lastmodifieddate) ?? iso(wire.updatedAt) ?? new Date(0).toISOString(),
    modifiedBy: p.hs_updated_by_user_id ? p.hs_updated_by_user_id : null,
    deleted: wire.archived === true,
    mergedIds: merged,
    mirrorOf: mirrorId ? { crm: "salesforce", id: mirrorId } : null,
    associations: {},
  });
}

export function tombstone(object: string, id: string, at: unknown): CrmRecord {
  return {
    crm: "hubspot",
    object,
    id,
    fields: {},
    modifiedAt: iso(at) ?? new Date(0).toISOString(),
    modifiedBy: null,
    deleted: true,
    mergedIds: [],
    mirrorOf: null,
    associations: {},
  };
}
