// The CustomField `type` values the project's metadata and the emulator's declarations accept
// (a subset of Salesforce's FieldType enumeration).
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm
export const CUSTOM_FIELD_TYPES = [
  "Text",
  "TextArea",
  "LongTextArea",
  "Number",
  "Currency",
  "Percent",
  "Checkbox",
  "Date",
  "DateTime",
  "Picklist",
  "MultiselectPicklist",
  "Lookup",
  "MasterDetail",
  "Email",
  "Url",
  "Phone",
] as const;

export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
