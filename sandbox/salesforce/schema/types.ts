// The emulator's schema model: one ObjectDef per sObject, one FieldDef per field, shaped after
// the REST describe result so describe is a projection of it.
// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm

export type FieldType =
  | "id"
  | "string"
  | "textarea"
  | "picklist"
  | "multipicklist"
  | "currency"
  | "double"
  | "percent"
  | "int"
  | "date"
  | "datetime"
  | "boolean"
  | "reference"
  | "email"
  | "url"
  | "phone";

export interface PicklistEntry {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

/** A stored record: canonical field names; datetimes as epoch milliseconds, dates as YYYY-MM-DD. */
export type Rec = Record<string, unknown> & { Id: string };

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  precision: number;
  scale: number;
  digits: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  custom: boolean;
  calculated: boolean;
  externalId: boolean;
  unique: boolean;
  caseSensitive: boolean;
  idLookup: boolean;
  nameField: boolean;
  defaultedOnCreate: boolean;
  /** Required on create: not nillable, createable and not defaulted. */
  required: boolean;
  picklistValues: PicklistEntry[];
  restrictedPicklist: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  /** Deleting the parent deletes the children (Opportunity.AccountId, master-detail). */
  cascadeDelete: boolean;
  /** Child relationship name on the parent object (e.g. Opportunities), if any. */
  childRelationshipName: string | null;
  defaultValue: unknown;
  /** Value computed from the record on every write (IsClosed, Name, ExpectedRevenue...). */
  derive?: (rec: Rec) => unknown;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  /** Auto-number Name format, e.g. `IP-{000000}`. */
  autoNumberFormat?: string | undefined;
  fields: FieldDef[];
  /** Lower-cased field name → field. */
  byName: Map<string, FieldDef>;
  /** Lower-cased relationship name → reference field. */
  byRelationship: Map<string, FieldDef>;
}

export function field(partial: Partial<FieldDef> & Pick<FieldDef, "name" | "type">): FieldDef {
  const nillable = partial.nillable ?? true;
  const createable = partial.createable ?? true;
  const defaultedOnCreate = partial.defaultedOnCreate ?? false;
  const type = partial.type;
  const numeric = type === "currency" || type === "double" || type === "percent";
  return {
    label: partial.name.replace(/__c$/, "").replace(/_/g, " "),
    length: type === "string" || type === "textarea" || type === "email" || type === "url" ? 255 : 0,
    precision: numeric ? 18 : 0,
    scale: numeric ? 2 : 0,
    digits: type === "int" ? 9 : 0,
    updateable: createable,
    custom: partial.name.endsWith("__c"),
    calculated: false,
    externalId: false,
    unique: false,
    caseSensitive: false,
    idLookup: type === "id",
    nameField: false,
    picklistValues: [],
    restrictedPicklist: false,
    referenceTo: [],
    relationshipName: null,
    cascadeDelete: false,
    childRelationshipName: null,
    defaultValue: null,
    ...partial,
    nillable,
    createable,
    defaultedOnCreate,
    required: partial.required ?? (!nillable && createable && !defaultedOnCreate && type !== "boolean"),
  };
}

export function objectDef(
  base: Omit<ObjectDef, "byName" | "byRelationship" | "fields">,
  fields: FieldDef[],
): ObjectDef {
  const def: ObjectDef = { ...base, fields: [], byName: new Map(), byRelationship: new Map() };
  for (const f of fields) addField(def, f);
  return def;
}

export function addField(def: ObjectDef, f: FieldDef): void {
  const existing = def.byName.get(f.name.toLowerCase());
  if (existing) def.fields[def.fields.indexOf(existing)] = f;
  else def.fields.push(f);
  def.byName.set(f.name.toLowerCase(), f);
  if (f.relationshipName) def.byRelationship.set(f.relationshipName.toLowerCase(), f);
}

export function picklist(values: string[], defaultValue?: string): PicklistEntry[] {
  return values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));
}
