// describeGlobal and describeSObject bodies, projected from the emulator's schema.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
import type { OrgState } from "../org-state.ts";
import type { FieldDef, ObjectDef } from "./types.ts";

const SOAP_TYPES: Record<string, string> = {
  id: "tns:ID",
  reference: "tns:ID",
  string: "xsd:string",
  textarea: "xsd:string",
  picklist: "xsd:string",
  multipicklist: "xsd:string",
  email: "xsd:string",
  url: "xsd:string",
  phone: "xsd:string",
  currency: "xsd:double",
  double: "xsd:double",
  percent: "xsd:double",
  int: "xsd:int",
  date: "xsd:date",
  datetime: "xsd:dateTime",
  boolean: "xsd:boolean",
};

function urls(def: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/${version}/sobjects/${def.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

export function globalEntry(def: ObjectDef, version: string): Record<string, unknown> {
  return {
    activateable: false,
    createable: true,
    custom: def.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: true,
    deprecatedAndHidden: false,
    feedEnabled: false,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: true,
    mergeable: def.name === "Account",
    mruEnabled: true,
    name: def.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: true,
    updateable: true,
    urls: urls(def, version),
  };
}

function describeField(f: FieldDef): Record<string, unknown> {
  const text = SOAP_TYPES[f.type] === "xsd:string" || f.type === "id" || f.type === "reference";
  return {
    aggregatable: f.type !== "textarea",
    autoNumber: false,
    byteLength: text ? f.length * 3 : 0,
    calculated: f.calculated,
    calculatedFormula: null,
    cascadeDelete: f.cascadeDelete,
    caseSensitive: f.caseSensitive,
    controllerName: null,
    createable: f.createable,
    custom: f.custom,
    defaultValue: f.defaultValue ?? null,
    defaultedOnCreate: f.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: f.digits,
    externalId: f.externalId,
    filterable: f.type !== "textarea",
    groupable: !["currency", "double", "percent", "datetime", "textarea"].includes(f.type),
    htmlFormatted: false,
    idLookup: f.idLookup,
    inlineHelpText: null,
    label: f.label,
    length: f.length,
    name: f.name,
    nameField: f.nameField,
    nillable: f.nillable,
    permissionable: f.custom && f.nillable,
    picklistValues: f.picklistValues.map((p) => ({ ...p, validFor: null })),
    polymorphicForeignKey: false,
    precision: f.precision,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: f.restrictedPicklist,
    scale: f.scale,
    soapType: SOAP_TYPES[f.type] ?? "xsd:string",
    sortable: f.type !== "textarea",
    type: f.type,
    unique: f.unique,
    updateable: f.updateable,
  };
}

export function describeObject(org: OrgState, def: ObjectDef, version: string): Record<string, unknown> {
  const childRelationships: Record<string, unknown>[] = [];
  for (const table of org.tables.values()) {
    for (const f of table.def.fields) {
      if (f.type === "reference" && f.referenceTo.includes(def.name)) {
        childRelationships.push({
          cascadeDelete: f.cascadeDelete,
          childSObject: table.def.name,
          deprecatedAndHidden: false,
          field: f.name,
          junctionIdListNames: [],
          junctionReferenceTo: [],
          relationshipName: f.childRelationshipName,
          restrictedDelete: false,
        });
      }
    }
  }
  return {
    ...globalEntry(def, version),
    actionOverrides: [],
    childRelationships,
    compactLayoutable: true,
    fields: def.fields.map(describeField),
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [],
    searchLayoutable: true,
    supportedScopes: [{ label: "All records", name: "everything" }],
    urls: {
      ...urls(def, version),
      compactLayouts: `/services/data/${version}/sobjects/${def.name}/describe/compactLayouts`,
    },
  };
}

export function describeGlobal(org: OrgState, version: string): Record<string, unknown> {
  return {
    encoding: "UTF-8",
    maxBatchSize: 200,
    sobjects: org.objects().map((d) => globalEntry(d, version)),
  };
}
