// Checks a validated mapping against the CRM's own description of its objects (Salesforce
// describe, HubSpot properties): every mapped field exists with a compatible type, written
// fields are updateable, every picklist value the CRM can send has a canonical value, and what
// `create` writes can be written on create (create.ts).
// Pure: the describes are passed in, so tests use hand-made ones and the CLI fetches live ones.
import type { FieldDescription, FieldType, ObjectDescription } from "../../../connectors/types.ts";
import { CANONICAL_FIELDS, ENTITY_NAMES, type EntityName } from "./canonical.ts";
import { checkCreateAgainstDescribe } from "./create.ts";
import { outboundTypesFor } from "./outbound.ts";
import type { TransformName } from "./schema.ts";
import { effectiveTransform, transformName } from "./transforms.ts";
import type { Mapping, MappingProblem, MappingProblemCode } from "./types.ts";

/** CRM field types each transform can read from. */
export const INBOUND_TYPES: Record<TransformName | "map", readonly FieldType[]> = {
  text: [
    "string",
    "textarea",
    "picklist",
    "multipicklist",
    "id",
    "reference",
    "other",
    "number",
    "currency",
    "percent",
    "date",
  ],
  map: ["picklist", "string", "textarea", "boolean", "other"],
  number: ["number", "string"],
  decimal: ["number", "currency", "percent", "string"],
  currency: ["number", "currency", "percent", "string"],
  boolean: ["boolean", "string"],
  date: ["date", "datetime", "string"],
  datetime: ["datetime", "string"],
  domain: ["string", "other", "textarea"],
};

/** The record's own id is not always listed among the fields of a describe. */
const ID_FIELDS = new Set(["Id", "hs_object_id"]);

export type Describes = ReadonlyMap<string, ObjectDescription> | Readonly<Record<string, ObjectDescription>>;

function lookup(describes: Describes, object: string): ObjectDescription | undefined {
  return describes instanceof Map
    ? describes.get(object)
    : (describes as Record<string, ObjectDescription>)[object];
}

export function checkMappingAgainstDescribe(mapping: Mapping, describes: Describes): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const entity of ENTITY_NAMES) checkEntity(mapping, entity, describes, problems);
  return problems;
}

function checkEntity(
  mapping: Mapping,
  entity: EntityName,
  describes: Describes,
  problems: MappingProblem[],
): void {
  const e = mapping.entities[entity];
  const at = `entities.${entity}`;
  const add = (
    field: string,
    crmField: string | null,
    path: string,
    code: MappingProblemCode,
    message: string,
  ): void => {
    problems.push({
      crm: mapping.crm,
      entity,
      field,
      crm_field: crmField,
      path: `${at}.${path}`,
      code,
      message,
    });
  };
  const describe = lookup(describes, e.object);
  if (!describe) {
    add(
      "object",
      null,
      "object",
      "object_missing",
      `${mapping.crm} has no object ${e.object} (or it cannot be read)`,
    );
    return;
  }
  const byName = new Map(describe.fields.map((f) => [f.name, f]));
  /** Looks a field up; reports it missing. Relationship paths (`Account.Name`) are not checked. */
  const find = (field: string, crmField: string, path: string): FieldDescription | null => {
    if (crmField.includes(".") || ID_FIELDS.has(crmField)) return null;
    const fd = byName.get(crmField);
    if (!fd) add(field, crmField, path, "field_missing", `${e.object} has no field ${crmField}`);
    return fd ?? null;
  };

  e.scope.forEach((c, i) => {
    find(`scope[${i}]`, c.field, `scope[${i}].field`);
  });
  find("match_key", e.match_key.crm_field, "match_key.crm_field");
  if (e.partner_ref && "crm_field" in e.partner_ref) {
    const fd = find("partner_ref", e.partner_ref.crm_field, "partner_ref.crm_field");
    if (fd && !["reference", "id", "string"].includes(fd.type)) {
      add(
        "partner_ref",
        fd.name,
        "partner_ref.crm_field",
        "type_incompatible",
        `a ${fd.type} field cannot name a partner`,
      );
    }
  }

  for (const [name, field] of Object.entries(e.fields)) {
    const spec = CANONICAL_FIELDS[entity][name];
    const path = `fields.${name}`;
    if (!spec) continue;
    const fd = find(name, field.crm_field, `${path}.crm_field`);
    if (!fd) continue;
    const transform = effectiveTransform(spec, field);
    const tname = transform === null ? "text" : transformName(transform);
    const reads = field.direction !== "outbound";
    const writes = field.direction !== "inbound";
    if (reads && !INBOUND_TYPES[tname].includes(fd.type)) {
      add(
        name,
        fd.name,
        `${path}.transform`,
        "type_incompatible",
        `transform ${tname} cannot read a ${fd.type} field`,
      );
    }
    if (writes && !outboundTypesFor(spec.kind, tname === "map").includes(fd.type)) {
      add(
        name,
        fd.name,
        path,
        "type_incompatible",
        `a ${spec.kind} value cannot be written to a ${fd.type} field`,
      );
    }
    if (writes && !fd.updateable) {
      add(
        name,
        fd.name,
        `${path}.direction`,
        "not_updateable",
        `${fd.name} is read-only, but direction is ${field.direction}`,
      );
    }
    if (transform === null || typeof transform !== "object") continue;
    const crmValues = fd.picklistValues ?? [];
    if (reads && transform.default === undefined) {
      for (const value of crmValues) {
        if (!Object.hasOwn(transform.map, value)) {
          add(
            name,
            fd.name,
            `${path}.transform.map`,
            "picklist_value_unmapped",
            `picklist value ${JSON.stringify(value)} has no canonical value and there is no default`,
          );
        }
      }
    }
    if (writes && fd.restrictedPicklist && spec.values) {
      // Outbound a map is used backwards; canonical values it does not list are written as-is.
      for (const canonical of spec.values) {
        const crmValue = Object.entries(transform.map).find(([, t]) => t === canonical)?.[0] ?? canonical;
        if (!crmValues.includes(crmValue)) {
          add(
            name,
            fd.name,
            `${path}.transform.map`,
            "picklist_value_missing",
            `${canonical} would be written as ${JSON.stringify(crmValue)}, which the restricted picklist lacks`,
          );
        }
      }
    }
  }
  checkCreateAgainstDescribe(mapping, entity, describe, add);
}
