// sObject describe → neutral ObjectDescription. The wire shape is parsed with zod first; the
// raw reference information (referenceTo, relationshipName) is kept for association reads.
import type { Connection } from "jsforce";
import { z } from "zod";
import type { FieldDescription, FieldType, ObjectDescription } from "../types.ts";
import { objectName } from "./soql.ts";

const wireField = z.object({
  name: z.string(),
  label: z.string().nullish(),
  type: z.string(),
  updateable: z.boolean().nullish(),
  createable: z.boolean().nullish(),
  nillable: z.boolean().nullish(),
  length: z.number().nullish(),
  precision: z.number().nullish(),
  scale: z.number().nullish(),
  digits: z.number().nullish(),
  picklistValues: z.array(z.object({ value: z.string(), active: z.boolean().nullish() })).nullish(),
  restrictedPicklist: z.boolean().nullish(),
  unique: z.boolean().nullish(),
  externalId: z.boolean().nullish(),
  referenceTo: z.array(z.string()).nullish(),
  relationshipName: z.string().nullish(),
});

const wireDescribe = z.object({ name: z.string(), fields: z.array(wireField) });

export interface ReferenceInfo {
  field: string;
  label: string;
  referenceTo: string[];
  relationshipName: string | null;
}

export interface DescribedObject {
  description: ObjectDescription;
  byName: Map<string, FieldDescription>;
  references: ReferenceInfo[];
}

// REST field types: https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm
const TYPE_MAP: Record<string, FieldType> = {
  id: "id",
  string: "string",
  email: "string",
  phone: "string",
  url: "string",
  combobox: "string",
  encryptedstring: "string",
  textarea: "textarea",
  double: "number",
  int: "number",
  long: "number",
  currency: "currency",
  percent: "percent",
  boolean: "boolean",
  date: "date",
  datetime: "datetime",
  picklist: "picklist",
  multipicklist: "multipicklist",
  reference: "reference",
};

export function mapFieldType(wireType: string): FieldType {
  return TYPE_MAP[wireType] ?? "other";
}

export function toDescribedObject(raw: unknown): DescribedObject {
  const wire = wireDescribe.parse(raw);
  const fields: FieldDescription[] = wire.fields.map((f) => {
    const d: FieldDescription = {
      name: f.name,
      label: f.label ?? f.name,
      type: mapFieldType(f.type),
      updateable: f.updateable ?? false,
      createable: f.createable ?? false,
      nillable: f.nillable ?? true,
    };
    if (f.length) d.length = f.length;
    if (f.precision) d.precision = f.precision;
    else if (f.digits) d.precision = f.digits;
    if (f.scale !== null && f.scale !== undefined && (f.precision || d.type !== "string")) d.scale = f.scale;
    if (f.picklistValues && f.picklistValues.length > 0) {
      d.picklistValues = f.picklistValues.filter((p) => p.active !== false).map((p) => p.value);
    }
    if (f.restrictedPicklist !== null && f.restrictedPicklist !== undefined) {
      d.restrictedPicklist = f.restrictedPicklist;
    }
    if (f.unique) d.unique = true;
    if (f.externalId) d.externalId = true;
    return d;
  });
  const references = wire.fields
    .filter((f) => f.type === "reference" && f.referenceTo && f.referenceTo.length > 0)
    .map((f) => ({
      field: f.name,
      label: f.label ?? f.name,
      referenceTo: f.referenceTo ?? [],
      relationshipName: f.relationshipName ?? null,
    }));
  return {
    description: { object: wire.name, fields },
    byName: new Map(fields.map((f) => [f.name, f])),
    references,
  };
}

/** Cached per connector instance: describe changes only when an admin deploys. */
export function createDescriber(
  conn: Connection,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
): (object: string) => Promise<DescribedObject> {
  const cache = new Map<string, Promise<DescribedObject>>();
  return (object) => {
    let hit = cache.get(object);
    if (!hit) {
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
      hit = call(() => conn.request(`/sobjects/${objectName(object)}/describe`)).then(toDescribedObject);
      hit.catch(() => cache.delete(object));
      cache.set(object, hit);
    }
    return hit;
  };
}
