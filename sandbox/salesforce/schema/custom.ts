// Custom objects and fields declared in the emulator's options, in a plain typed form close to the
// SFDX CustomField / CustomObject XML attributes, so the project's own metadata can be "deployed".
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customobject.htm
import { z } from "zod";
import { CUSTOM_FIELD_TYPES } from "../../../connectors/salesforce/custom-field-types.ts";
import { customKeyPrefix } from "../ids.ts";
import { systemFields } from "./standard.ts";
import { type FieldDef, type FieldType, field, type ObjectDef, objectDef } from "./types.ts";

export const customFieldSchema = z.strictObject({
  /** `Field__c`, or `Object.Field__c` as in SFDX. */
  fullName: z.string().regex(/^(?:[A-Za-z][A-Za-z0-9_]*\.)?[A-Za-z][A-Za-z0-9_]*__c$/),
  /** Object the field belongs to; optional when fullName is `Object.Field__c` or inside an object. */
  object: z.string().optional(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  label: z.string().optional(),
  length: z.number().int().positive().optional(),
  precision: z.number().int().positive().max(18).optional(),
  scale: z.number().int().min(0).max(17).optional(),
  /** Picklist values, as valueSet.valueSetDefinition.value entries. */
  values: z
    .array(
      z.strictObject({ fullName: z.string(), label: z.string().optional(), default: z.boolean().optional() }),
    )
    .optional(),
  restricted: z.boolean().optional(),
  externalId: z.boolean().optional(),
  unique: z.boolean().optional(),
  caseSensitive: z.boolean().optional(),
  required: z.boolean().optional(),
  referenceTo: z.string().optional(),
  relationshipName: z.string().optional(),
  defaultValue: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /** A formula field: read-only, computed by this function when given, else always null. */
  formula: z.string().optional(),
  calculate: z.custom<(rec: Record<string, unknown>) => unknown>((v) => typeof v === "function").optional(),
});
export type CustomFieldDecl = z.infer<typeof customFieldSchema>;

export const customObjectSchema = z.strictObject({
  fullName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*__c$/),
  label: z.string().optional(),
  pluralLabel: z.string().optional(),
  nameField: z
    .strictObject({
      type: z.enum(["Text", "AutoNumber"]),
      label: z.string().optional(),
      displayFormat: z.string().optional(),
    })
    .optional(),
  fields: z.array(customFieldSchema).default([]),
});
export type CustomObjectDecl = z.input<typeof customObjectSchema>;

const TYPE_MAP: Record<CustomFieldDecl["type"], FieldType> = {
  Text: "string",
  TextArea: "textarea",
  LongTextArea: "textarea",
  Number: "double",
  Currency: "currency",
  Percent: "percent",
  Checkbox: "boolean",
  Date: "date",
  DateTime: "datetime",
  Picklist: "picklist",
  MultiselectPicklist: "multipicklist",
  Lookup: "reference",
  MasterDetail: "reference",
  Email: "email",
  Url: "url",
  Phone: "phone",
};

export function fieldNameOf(decl: CustomFieldDecl): { object: string | undefined; name: string } {
  const dot = decl.fullName.indexOf(".");
  if (dot < 0) return { object: decl.object, name: decl.fullName };
  return { object: decl.fullName.slice(0, dot), name: decl.fullName.slice(dot + 1) };
}

export function customFieldDef(decl: CustomFieldDecl): FieldDef {
  const { name } = fieldNameOf(decl);
  const type = TYPE_MAP[decl.type];
  const formula = decl.formula !== undefined || decl.calculate !== undefined;
  const masterDetail = decl.type === "MasterDetail";
  const defaultLength = decl.type === "LongTextArea" ? 32768 : 255;
  const isNumber = type === "double" || type === "currency" || type === "percent";
  const values = decl.values ?? [];
  const calculate = decl.calculate;
  const def: FieldDef = field({
    name,
    label: decl.label ?? name.replace(/__c$/, "").replace(/_/g, " "),
    type,
    custom: true,
    length:
      type === "string" || type === "textarea" || type === "email" || type === "url" || type === "phone"
        ? (decl.length ?? defaultLength)
        : type === "reference"
          ? 18
          : 0,
    precision: isNumber ? (decl.precision ?? 18) : 0,
    scale: isNumber ? (decl.scale ?? 0) : 0,
    nillable: !(decl.required ?? false) && !masterDetail && type !== "boolean",
    createable: !formula,
    updateable: !formula && !masterDetail,
    calculated: formula,
    externalId: decl.externalId ?? false,
    unique: decl.unique ?? false,
    caseSensitive: decl.caseSensitive ?? false,
    idLookup: decl.externalId ?? decl.unique ?? false,
    picklistValues: values.map((v) => ({
      value: v.fullName,
      label: v.label ?? v.fullName,
      active: true,
      defaultValue: v.default ?? false,
    })),
    restrictedPicklist: decl.restricted ?? false,
    referenceTo: decl.referenceTo ? [decl.referenceTo] : [],
    relationshipName: type === "reference" ? name.replace(/__c$/, "__r") : null,
    childRelationshipName: decl.relationshipName ? `${decl.relationshipName}__r` : null,
    cascadeDelete: masterDetail,
    defaultValue:
      decl.defaultValue ?? values.find((v) => v.default)?.fullName ?? (type === "boolean" ? false : null),
    defaultedOnCreate: decl.defaultValue !== undefined || values.some((v) => v.default) || type === "boolean",
  });
  if (calculate) def.derive = (rec) => calculate(rec);
  return def;
}

export function customObjectDef(decl: z.output<typeof customObjectSchema>, index: number): ObjectDef {
  const label = decl.label ?? decl.fullName.replace(/__c$/, "").replace(/_/g, " ");
  const autoNumber = decl.nameField?.type === "AutoNumber";
  const def = objectDef(
    {
      name: decl.fullName,
      label,
      labelPlural: decl.pluralLabel ?? `${label}s`,
      keyPrefix: customKeyPrefix(index),
      custom: true,
      autoNumberFormat: autoNumber ? (decl.nameField?.displayFormat ?? "{0}") : undefined,
    },
    [
      ...systemFields(),
      field({
        name: "Name",
        label: decl.nameField?.label ?? `${label} Name`,
        type: "string",
        length: 80,
        nameField: true,
        nillable: autoNumber,
        createable: !autoNumber,
        updateable: !autoNumber,
        defaultedOnCreate: autoNumber,
      }),
      field({
        name: "OwnerId",
        label: "Owner ID",
        type: "reference",
        length: 18,
        referenceTo: ["User"],
        relationshipName: "Owner",
        nillable: false,
        defaultedOnCreate: true,
      }),
    ],
  );
  return def;
}
