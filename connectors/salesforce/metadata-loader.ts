// Reads the SFDX source under ./metadata into a typed list: what provision --check compares
// with the org's describe, and what the emulator's custom-field declaration option accepts
// (so a sandbox org looks provisioned). Shapes follow the CustomField / CustomObject XML.
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customobject.htm
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from "./custom-field-types.ts";

export const DEFAULT_METADATA_DIR = fileURLToPath(
  new URL("./metadata/force-app/main/default", import.meta.url),
);

const num = z.coerce.number().int();
const bool = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

const xmlField = z.object({
  fullName: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*__c$/),
  type: z.enum(CUSTOM_FIELD_TYPES),
  label: z.string(),
  length: num.optional(),
  precision: num.optional(),
  scale: num.optional(),
  externalId: bool.optional(),
  unique: bool.optional(),
  caseSensitive: bool.optional(),
  required: bool.optional(),
  referenceTo: z.string().optional(),
  relationshipName: z.string().optional(),
  defaultValue: z.union([z.string(), z.boolean(), z.number()]).optional(),
  valueSet: z
    .object({
      restricted: bool.optional(),
      valueSetDefinition: z.object({
        value: z.array(
          z.object({
            fullName: z.coerce.string(),
            label: z.coerce.string().optional(),
            default: bool.optional(),
          }),
        ),
      }),
    })
    .optional(),
});

const xmlObject = z.object({
  label: z.string(),
  pluralLabel: z.string().optional(),
  nameField: z
    .object({
      type: z.enum(["Text", "AutoNumber"]),
      label: z.string().optional(),
      displayFormat: z.string().optional(),
    })
    .optional(),
});

/** One custom field; `fullName` is `Object.Field__c` for fields on standard objects. */
export interface MetadataField {
  fullName: string;
  type: CustomFieldType;
  label: string;
  length?: number;
  precision?: number;
  scale?: number;
  values?: Array<{ fullName: string; label?: string; default?: boolean }>;
  restricted?: boolean;
  externalId?: boolean;
  unique?: boolean;
  caseSensitive?: boolean;
  required?: boolean;
  referenceTo?: string;
  relationshipName?: string;
  defaultValue?: string | number | boolean;
}

export interface MetadataObject {
  fullName: string;
  label: string;
  pluralLabel?: string;
  nameField?: { type: "Text" | "AutoNumber"; label?: string; displayFormat?: string };
  fields: MetadataField[];
}

export interface SalesforceMetadata {
  /** Custom objects with their fields (field fullNames without the object prefix). */
  objects: MetadataObject[];
  /** Custom fields on standard objects (`Account.Partner_Tier__c`). */
  fields: MetadataField[];
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === "value",
});

function toField(raw: unknown, prefix: string | null): MetadataField {
  const f = xmlField.parse(raw);
  const out: MetadataField = {
    fullName: prefix ? `${prefix}.${f.fullName}` : f.fullName,
    type: f.type,
    label: f.label,
  };
  if (f.length !== undefined) out.length = f.length;
  if (f.precision !== undefined) out.precision = f.precision;
  if (f.scale !== undefined) out.scale = f.scale;
  if (f.externalId !== undefined) out.externalId = f.externalId;
  if (f.unique !== undefined) out.unique = f.unique;
  if (f.caseSensitive !== undefined) out.caseSensitive = f.caseSensitive;
  if (f.required !== undefined) out.required = f.required;
  if (f.referenceTo !== undefined) out.referenceTo = f.referenceTo;
  if (f.relationshipName !== undefined) out.relationshipName = f.relationshipName;
  if (f.defaultValue !== undefined) {
    out.defaultValue =
      f.type === "Checkbox" ? f.defaultValue === "true" || f.defaultValue === true : f.defaultValue;
  }
  if (f.valueSet) {
    out.restricted = f.valueSet.restricted ?? false;
    out.values = f.valueSet.valueSetDefinition.value.map((v) => {
      const value: { fullName: string; label?: string; default?: boolean } = { fullName: v.fullName };
      if (v.label !== undefined) value.label = v.label;
      if (v.default !== undefined) value.default = v.default;
      return value;
    });
  }
  return out;
}

async function readXml(path: string, root: string): Promise<unknown> {
  const doc = parser.parse(await readFile(path, "utf8")) as Record<string, unknown>;
  const body = doc[root];
  if (!body || typeof body !== "object") throw new Error(`${path}: expected a <${root}> document`);
  return body;
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

export async function loadSalesforceMetadata(
  dir: string = DEFAULT_METADATA_DIR,
): Promise<SalesforceMetadata> {
  const result: SalesforceMetadata = { objects: [], fields: [] };
  for (const object of await list(join(dir, "objects"))) {
    const fieldsDir = join(dir, "objects", object, "fields");
    const fieldFiles = (await list(fieldsDir)).filter((f) => f.endsWith(".field-meta.xml"));
    const isCustom = object.endsWith("__c");
    const fields = await Promise.all(
      fieldFiles.map(async (f) =>
        toField(await readXml(join(fieldsDir, f), "CustomField"), isCustom ? null : object),
      ),
    );
    if (!isCustom) {
      result.fields.push(...fields);
      continue;
    }
    const meta = xmlObject.parse(
      await readXml(join(dir, "objects", object, `${object}.object-meta.xml`), "CustomObject"),
    );
    const decl: MetadataObject = { fullName: object, label: meta.label, fields };
    if (meta.pluralLabel !== undefined) decl.pluralLabel = meta.pluralLabel;
    if (meta.nameField) {
      const nameField: NonNullable<MetadataObject["nameField"]> = { type: meta.nameField.type };
      if (meta.nameField.label !== undefined) nameField.label = meta.nameField.label;
      if (meta.nameField.displayFormat !== undefined) nameField.displayFormat = meta.nameField.displayFormat;
      decl.nameField = nameField;
    }
    result.objects.push(decl);
  }
  return result;
}

/** Every declared field as (object, field name, declaration), for comparisons. */
export function declaredFields(
  meta: SalesforceMetadata,
): Array<{ object: string; name: string; field: MetadataField }> {
  const out: Array<{ object: string; name: string; field: MetadataField }> = [];
  for (const f of meta.fields) {
    const [object, name] = f.fullName.split(".") as [string, string];
    out.push({ object, name, field: f });
  }
  for (const o of meta.objects)
    for (const f of o.fields) out.push({ object: o.fullName, name: f.fullName, field: f });
  return out;
}
