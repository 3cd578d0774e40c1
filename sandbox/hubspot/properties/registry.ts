// Property definitions per object type, in the wire shape of the Properties API `Property`
// model (https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide).
import { z } from "zod";

export const PROPERTY_TYPES = ["string", "number", "date", "datetime", "enumeration", "bool"] as const;
export const FIELD_TYPES = [
  "text",
  "textarea",
  "date",
  "file",
  "number",
  "select",
  "radio",
  "checkbox",
  "booleancheckbox",
  "calculation_equation",
  "phonenumber",
  "html",
] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];
export type FieldType = (typeof FIELD_TYPES)[number];

/** Which fieldTypes HubSpot accepts for each type (Properties guide, "Property type and fieldType values"). */
export const FIELD_TYPES_BY_TYPE: Record<PropertyType, readonly FieldType[]> = {
  string: ["text", "textarea", "file", "phonenumber", "html"],
  number: ["number", "calculation_equation"],
  date: ["date"],
  datetime: ["date"],
  enumeration: ["select", "radio", "checkbox", "booleancheckbox", "calculation_equation"],
  bool: ["booleancheckbox", "calculation_equation"],
};

export const optionSchema = z.object({
  label: z.string(),
  value: z.string(),
  description: z.string().optional(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().default(false),
});

export const propertyCreateSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, "lower-case letters, digits and underscores, starting with a letter"),
  label: z.string().min(1),
  type: z.enum(PROPERTY_TYPES),
  fieldType: z.enum(FIELD_TYPES),
  groupName: z.string().min(1),
  description: z.string().optional(),
  options: z.array(optionSchema).optional(),
  displayOrder: z.number().int().optional(),
  hasUniqueValue: z.boolean().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  calculationFormula: z.string().optional(),
  externalOptions: z.boolean().optional(),
  referencedObjectType: z.string().optional(),
  showCurrencySymbol: z.boolean().optional(),
  dataSensitivity: z.string().optional(),
});
export type PropertyCreate = z.input<typeof propertyCreateSchema>;

export const propertyUpdateSchema = propertyCreateSchema
  .omit({ name: true, hasUniqueValue: true, referencedObjectType: true })
  .partial();

export interface PropertyOption {
  label: string;
  value: string;
  description?: string;
  displayOrder: number;
  hidden: boolean;
}

export interface PropertyDef {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: FieldType;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  hubspotDefined: boolean;
  showCurrencySymbol?: boolean;
  referencedObjectType?: string;
  calculationFormula?: string;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

export function toOptions(options: z.output<typeof optionSchema>[] | undefined): PropertyOption[] {
  return (options ?? []).map((o, i) => ({
    label: o.label,
    value: o.value,
    ...(o.description === undefined ? {} : { description: o.description }),
    displayOrder: o.displayOrder ?? i,
    hidden: o.hidden,
  }));
}

/** Returns the problem with a type/fieldType pair, or undefined when HubSpot would accept it. */
export function fieldTypeProblem(type: PropertyType, fieldType: FieldType): string | undefined {
  if (FIELD_TYPES_BY_TYPE[type].includes(fieldType)) return undefined;
  return `Invalid fieldType ${fieldType} for property type ${type}. Allowed: ${FIELD_TYPES_BY_TYPE[type].join(", ")}`;
}

/** Property definitions and groups of one object type. */
export class PropertyRegistry {
  readonly defs = new Map<string, PropertyDef>();
  readonly groups = new Map<string, PropertyGroup>();

  get(name: string): PropertyDef | undefined {
    const def = this.defs.get(name);
    return def && !def.archived ? def : undefined;
  }

  active(): PropertyDef[] {
    return [...this.defs.values()].filter((d) => !d.archived);
  }

  /** Names of live unique-value properties (runs once per written record: no intermediate arrays). */
  uniqueNames(): string[] {
    const out: string[] = [];
    for (const d of this.defs.values()) if (d.hasUniqueValue && !d.archived) out.push(d.name);
    return out;
  }
}
