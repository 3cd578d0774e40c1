// zod schemas for the admin-editable mapping YAML (mappings/<crm>.yaml). These check shape
// only; rules that span fields (a known canonical name, a transform valid for the field's kind,
// a conflict policy only on `both`) live in validate.ts, which reports every problem at once.
import { z } from "zod";

/** Field (property) names go into queries; only plain identifiers and relationship dots pass. */
export const CRM_FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const CRM_OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export const crmFieldName = z
  .string()
  .regex(CRM_FIELD_NAME, { error: "not a safe CRM field name (letters, digits, underscores, dots)" });

export const CONFLICT_POLICIES = [
  "salesforce",
  "hubspot",
  "latest",
  "prefer_salesforce_unless_blank",
  "prefer_hubspot_unless_blank",
] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

export const TRANSFORM_NAMES = [
  "text",
  "number",
  "decimal",
  "currency",
  "boolean",
  "date",
  "datetime",
  "domain",
] as const;
export type TransformName = (typeof TRANSFORM_NAMES)[number];

export const SCOPE_OPS = [
  "eq",
  "neq",
  "in",
  "not_in",
  "gt",
  "gte",
  "lt",
  "lte",
  "is_null",
  "not_null",
] as const;
export const NORMALIZERS = ["none", "trim", "lowercase", "domain", "salesforce_id"] as const;
export type Normalizer = (typeof NORMALIZERS)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Picklist / stage / kind value map: CRM value → canonical value, with a fallback. */
export const valueMapSchema = z.strictObject({
  map: z.record(z.string(), z.union([z.string(), z.boolean()])),
  default: z.union([z.string(), z.boolean()]).optional(),
});
export type ValueMap = z.infer<typeof valueMapSchema>;

export const transformSchema = z.union([z.enum(TRANSFORM_NAMES), valueMapSchema], {
  error: `expected one of ${TRANSFORM_NAMES.join(", ")} or { map: {...}, default: ... }`,
});
export type Transform = z.infer<typeof transformSchema>;

export const fieldMappingSchema = z.strictObject({
  crm_field: crmFieldName,
  direction: z.enum(["inbound", "outbound", "both"]),
  conflict: z.enum(CONFLICT_POLICIES).optional(),
  required: z.boolean().optional(),
  transform: transformSchema.optional(),
  /** Canonical value used when the CRM value is blank. */
  default: z.union([scalar, z.null()]).optional(),
});
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

export const scopeConditionSchema = z.strictObject({
  field: crmFieldName,
  op: z.enum(SCOPE_OPS),
  // Numbers are accepted for admins' convenience and travel as strings, like every decimal.
  value: z
    .union([scalar, z.array(z.union([z.string(), z.number()]))])
    .transform((v) => (Array.isArray(v) ? v.map(String) : typeof v === "number" ? String(v) : v))
    .optional(),
});

export const matchKeySchema = z.strictObject({
  canonical: z.string(),
  crm_field: crmFieldName,
  normalize: z.enum(NORMALIZERS).optional(),
  /** Reject records without a key instead of keeping them unlinked (partners in two CRMs). */
  required: z.boolean().optional(),
});
export type MatchKey = z.infer<typeof matchKeySchema>;

export const partnerRefSchema = z.union(
  [
    z.strictObject({ crm_field: crmFieldName }),
    z.strictObject({
      association: z.strictObject({
        to: z.string().regex(CRM_OBJECT_NAME, { error: "not a safe CRM object name" }),
        label: z.string().min(1).optional(),
      }),
    }),
  ],
  { error: "expected { crm_field: ... } or { association: { to: ..., label: ... } }" },
);
export type PartnerRef = z.infer<typeof partnerRefSchema>;

/**
 * Partners only: create a partner that exists in the other CRM alone here too, as an upsert on
 * the service's key. `set` holds constant CRM values the new record needs to land in `scope`
 * (e.g. `IsPartner: true`); `fields` names the canonical input fields sent (default: every
 * input field this mapping reads). Cross-field rules live in validate.ts.
 */
export const createSchema = z.strictObject({
  enabled: z.boolean(),
  set: z.record(crmFieldName, scalar).default({}),
  fields: z.array(z.string()).optional(),
});
export type CreateInput = z.infer<typeof createSchema>;

/** An entity's shape before its fields are checked one by one (see validate.ts). */
export const entityShellSchema = z.strictObject({
  object: z.string().regex(CRM_OBJECT_NAME, { error: "not a safe CRM object name" }),
  scope: z.array(z.unknown()).default([]),
  match_key: matchKeySchema,
  partner_ref: partnerRefSchema.optional(),
  fields: z.record(z.string(), z.unknown()),
  // Parsed on its own in validate.ts, so a mistake there never hides the entity's other problems.
  create: z.unknown().optional(),
});

export const mappingShellSchema = z.strictObject({
  crm: z.enum(["salesforce", "hubspot"]),
  version: z.literal(1).default(1),
  // Optional here so a missing entity is reported once, by validate.ts.
  entities: z.strictObject({ partner: z.unknown().optional(), deal: z.unknown().optional() }),
});
