// Turns parsed mapping YAML into a validated Mapping, listing every problem with its YAML path.
// Each entity, scope condition and field is parsed on its own, so one mistake never hides the
// next: an admin fixes the whole file in one pass.
import type { CrmName, ScopeCondition } from "../../../connectors/types.ts";
import {
  CANONICAL_FIELDS,
  type CanonicalFieldSpec,
  ENTITY_NAMES,
  type EntityName,
  MATCH_KEYS,
} from "./canonical.ts";
import { checkCreate } from "./create.ts";
import { Problems, type Segment } from "./problems.ts";
import {
  entityShellSchema,
  type FieldMapping,
  fieldMappingSchema,
  mappingShellSchema,
  scopeConditionSchema,
} from "./schema.ts";
import {
  ALLOWED_TRANSFORMS,
  effectiveTransform,
  parseDate,
  parseDatetime,
  parseDecimal,
  parseInteger,
  transformName,
} from "./transforms.ts";
import type { EntityMapping, Mapping, MappingProblem } from "./types.ts";

export { checkMappingPair } from "./pair.ts";
export { formatPath } from "./problems.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Does `value` fit the canonical field? Returns the reason it does not, or null. */
function canonicalValueProblem(spec: CanonicalFieldSpec, value: unknown): string | null {
  if (value === null) return null;
  const scalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
  const text = scalar ? String(value) : "";
  const bad = (what: string) => `${JSON.stringify(value)} is not ${what}`;
  switch (spec.kind) {
    case "enum":
      return typeof value === "string" && spec.values?.includes(value)
        ? null
        : bad(`one of ${spec.values?.join(", ")}`);
    case "boolean":
      return typeof value === "boolean" ? null : bad("true or false");
    case "integer":
      return scalar && typeof value !== "boolean" && parseInteger(text).ok ? null : bad("a whole number");
    case "decimal":
    case "money":
      return scalar && typeof value !== "boolean" && parseDecimal(text).ok ? null : bad("a decimal number");
    case "date":
      return typeof value === "string" && parseDate(value).ok ? null : bad("a date (YYYY-MM-DD)");
    case "datetime":
      return typeof value === "string" && parseDatetime(value).ok ? null : bad("an ISO-8601 date-time");
    case "currency_code":
      return typeof value === "string" && /^[A-Z]{3}$/.test(value) ? null : bad("a 3-letter currency code");
    default:
      return typeof value === "string" ? null : bad("text");
  }
}

function checkField(problems: Problems, at: Segment[], spec: CanonicalFieldSpec, field: FieldMapping): void {
  const cf = field.crm_field;
  if (spec.role === "computed" && field.direction !== "outbound") {
    problems.add([...at, "direction"], "direction_invalid", "a computed field can only be outbound", cf);
  }
  if (spec.role === "input" && field.direction === "outbound") {
    problems.add([...at, "direction"], "direction_invalid", "a CRM input field must be inbound or both", cf);
  }
  if (field.conflict !== undefined && field.direction !== "both") {
    problems.add(
      [...at, "conflict"],
      "conflict_without_both",
      "a conflict policy applies only to direction both",
      cf,
    );
  }
  if (field.conflict === undefined && field.direction === "both") {
    problems.add([...at, "conflict"], "conflict_missing", "direction both needs a conflict policy", cf);
  }
  if (field.required !== undefined && field.direction === "outbound") {
    problems.add([...at, "required"], "required_on_outbound", "required applies only to values read", cf);
  }
  if (spec.engineRequired && field.required === false) {
    problems.add(
      [...at, "required"],
      "required_by_engine",
      "the engine needs this field; give a default instead of required: false",
      cf,
    );
  }
  const transform = effectiveTransform(spec, field);
  if (transform === null) {
    problems.add([...at, "transform"], "transform_invalid", `a ${spec.kind} field needs a value map`, cf);
  } else if (!ALLOWED_TRANSFORMS[spec.kind].includes(transformName(transform))) {
    problems.add(
      [...at, "transform"],
      "transform_invalid",
      `transform ${transformName(transform)} does not fit a ${spec.kind} field (use ${ALLOWED_TRANSFORMS[spec.kind].join(" or ")})`,
      cf,
    );
  } else if (typeof transform === "object") {
    for (const [key, target] of Object.entries(transform.map)) {
      const why = canonicalValueProblem(spec, target);
      if (why) problems.add([...at, "transform", "map", key], "map_target_invalid", why, cf);
    }
    if (transform.default !== undefined) {
      const why = canonicalValueProblem(spec, transform.default);
      if (why) problems.add([...at, "transform", "default"], "map_target_invalid", why, cf);
    }
  }
  if (field.default !== undefined) {
    if (field.direction === "outbound") {
      problems.add([...at, "default"], "default_invalid", "default applies only to values read", cf);
    } else {
      const why = canonicalValueProblem(spec, field.default);
      if (why) problems.add([...at, "default"], "default_invalid", why, cf);
    }
  }
}

function checkScope(problems: Problems, at: Segment[], raw: unknown[]): ScopeCondition[] {
  const scope: ScopeCondition[] = [];
  raw.forEach((item, i) => {
    const parsed = scopeConditionSchema.safeParse(item);
    if (!parsed.success) {
      problems.addZod([...at, i], parsed.error);
      return;
    }
    const { field, op, value } = parsed.data;
    const here = [...at, i, "value"];
    if (op === "is_null" || op === "not_null") {
      if (value !== undefined) problems.add(here, "scope_value", `${op} takes no value`, field);
    } else if (op === "in" || op === "not_in") {
      if (!Array.isArray(value) || value.length === 0) {
        problems.add(here, "scope_value", `${op} needs a non-empty list`, field);
      }
    } else if (value === undefined || Array.isArray(value)) {
      problems.add(here, "scope_value", `${op} needs a single value`, field);
    }
    scope.push(value === undefined ? { field, op } : { field, op, value });
  });
  return scope;
}

function checkEntity(problems: Problems, name: EntityName, raw: unknown): EntityMapping | null {
  const at: Segment[] = ["entities", name];
  if (raw === undefined) {
    problems.add(at, "schema", `entity ${name} is missing`);
    return null;
  }
  const shell = entityShellSchema.safeParse(raw);
  if (!shell.success) {
    problems.addZod(at, shell.error);
    // Still check the fields if they parse on their own: list every problem at once.
    if (!isRecord(raw) || !isRecord(raw.fields)) return null;
  }
  const rawFields = shell.success ? shell.data.fields : (raw as { fields: Record<string, unknown> }).fields;
  const rawScope = shell.success
    ? shell.data.scope
    : isRecord(raw) && Array.isArray(raw.scope)
      ? raw.scope
      : [];
  const scope = checkScope(problems, [...at, "scope"], rawScope);
  const catalog = CANONICAL_FIELDS[name];
  const fields: Record<string, FieldMapping> = {};
  const writers = new Map<string, string>();
  for (const [canonical, rawField] of Object.entries(rawFields)) {
    const here: Segment[] = [...at, "fields", canonical];
    const spec = catalog[canonical];
    const parsed = fieldMappingSchema.safeParse(rawField);
    const crmField = isRecord(rawField) && typeof rawField.crm_field === "string" ? rawField.crm_field : null;
    if (!spec) {
      problems.add(
        here,
        "unknown_field",
        `unknown ${name} field; known: ${Object.keys(catalog).join(", ")}`,
        crmField,
      );
      continue;
    }
    if (!parsed.success) {
      problems.addZod(here, parsed.error, crmField);
      continue;
    }
    checkField(problems, here, spec, parsed.data);
    if (parsed.data.direction !== "inbound") {
      const other = writers.get(parsed.data.crm_field);
      if (other) {
        problems.add(
          [...here, "crm_field"],
          "duplicate_crm_field",
          `${other} already writes this CRM field`,
          parsed.data.crm_field,
        );
      }
      writers.set(parsed.data.crm_field, canonical);
    }
    fields[canonical] = parsed.data;
  }
  for (const [canonical, spec] of Object.entries(catalog)) {
    if (spec.engineRequired && spec.role === "input" && !Object.hasOwn(rawFields, canonical)) {
      problems.add(
        [...at, "fields", canonical],
        "required_field_unmapped",
        "the engine needs this field; map it",
      );
    }
  }
  if (!shell.success) return null;
  const { object, match_key, partner_ref } = shell.data;
  const create = checkCreate(problems, at, name, shell.data.create, fields, scope, match_key);
  if (!MATCH_KEYS[name].includes(match_key.canonical)) {
    problems.add(
      [...at, "match_key", "canonical"],
      "match_key_invalid",
      `a ${name} match key is one of ${MATCH_KEYS[name].join(", ")}`,
      match_key.crm_field,
    );
  }
  if (name === "deal" && partner_ref === undefined) {
    problems.add(
      [...at, "partner_ref"],
      "partner_ref_missing",
      "a deal mapping must say how a deal names its partner",
    );
  }
  if (name === "partner" && partner_ref !== undefined) {
    problems.add([...at, "partner_ref"], "partner_ref_unexpected", "only deals have a partner_ref");
  }
  const entity: EntityMapping = { object, scope, match_key, fields };
  if (partner_ref !== undefined) entity.partner_ref = partner_ref;
  if (create !== undefined) entity.create = create;
  return entity;
}

export type MappingResult = { ok: true; mapping: Mapping } | { ok: false; problems: MappingProblem[] };

/** Validates parsed YAML. `expectedCrm` (from the file name) must match the file's `crm:`. */
export function validateMapping(raw: unknown, expectedCrm?: CrmName): MappingResult {
  let crm: CrmName | null = expectedCrm ?? null;
  const problems = new Problems(() => crm);
  const shell = mappingShellSchema.safeParse(raw);
  if (shell.success) {
    if (expectedCrm && shell.data.crm !== expectedCrm) {
      problems.add(
        ["crm"],
        "crm_mismatch",
        `this file is for ${expectedCrm}, but says crm: ${shell.data.crm}`,
      );
    }
    crm = shell.data.crm;
  } else {
    problems.addZod([], shell.error);
  }
  const entitiesRaw = isRecord(raw) && isRecord(raw.entities) ? raw.entities : null;
  const entities: Partial<Record<EntityName, EntityMapping>> = {};
  if (entitiesRaw) {
    for (const name of ENTITY_NAMES) {
      const entity = checkEntity(problems, name, entitiesRaw[name]);
      if (entity) entities[name] = entity;
    }
  }
  if (problems.list.length > 0 || !shell.success || !entities.partner || !entities.deal) {
    return { ok: false, problems: problems.list };
  }
  return {
    ok: true,
    mapping: {
      crm: shell.data.crm,
      version: 1,
      entities: { partner: entities.partner, deal: entities.deal },
    },
  };
}
