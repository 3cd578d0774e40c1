// Default property definitions of a fresh portal: the HubSpot-defined deal, company and contact
// properties the connector touches, plus the sandbox's own "partner_program" group used by the
// seed. Names, types and options follow the default properties listed at
// https://knowledge.hubspot.com/properties/hubspots-default-deal-properties and
// https://knowledge.hubspot.com/properties/hubspot-crm-default-company-properties
import { PARTNER_TYPES } from "../../demo-data.ts";
import type { ObjectTypeName } from "../object-types.ts";
import type { FieldType, PropertyDef, PropertyGroup, PropertyType } from "./registry.ts";

const EPOCH = "2020-01-01T00:00:00.000Z";

interface DefExtra {
  options?: string[] | Array<[value: string, label: string]>;
  readOnly?: boolean;
  unique?: boolean;
  currency?: boolean;
  calculated?: boolean;
  externalOptions?: boolean;
  hubspotDefined?: boolean;
}

export function makeDef(
  name: string,
  label: string,
  type: PropertyType,
  fieldType: FieldType,
  groupName: string,
  extra: DefExtra = {},
  at = EPOCH,
): PropertyDef {
  const options = (extra.options ?? []).map((o, i) => {
    const [value, optionLabel] = typeof o === "string" ? [o, o] : o;
    return { label: optionLabel, value, displayOrder: i, hidden: false };
  });
  const def: PropertyDef = {
    name,
    label,
    type,
    fieldType,
    groupName,
    description: "",
    options,
    displayOrder: -1,
    hasUniqueValue: extra.unique ?? false,
    hidden: false,
    formField: !extra.readOnly,
    calculated: extra.calculated ?? false,
    externalOptions: extra.externalOptions ?? false,
    hubspotDefined: extra.hubspotDefined ?? true,
    createdAt: at,
    updatedAt: at,
    archived: false,
    modificationMetadata: {
      archivable: !(extra.hubspotDefined ?? true),
      readOnlyDefinition: extra.hubspotDefined ?? true,
      readOnlyValue: extra.readOnly ?? false,
    },
  };
  if (type === "number") def.showCurrencySymbol = extra.currency ?? false;
  return def;
}

const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CHF"];
const DEAL_STAGES: Array<[string, string]> = [
  ["appointmentscheduled", "Appointment Scheduled"],
  ["qualifiedtobuy", "Qualified To Buy"],
  ["presentationscheduled", "Presentation Scheduled"],
  ["decisionmakerboughtin", "Decision Maker Bought-In"],
  ["contractsent", "Contract Sent"],
  ["closedwon", "Closed Won"],
  ["closedlost", "Closed Lost"],
];

function common(group: string): PropertyDef[] {
  return [
    makeDef("hs_object_id", "Record ID", "number", "number", group, { readOnly: true }),
    makeDef("createdate", "Create Date", "datetime", "date", group, { readOnly: true }),
    makeDef("hs_lastmodifieddate", "Last Modified Date", "datetime", "date", group, { readOnly: true }),
    makeDef("hs_merged_object_ids", "Merged Record IDs", "enumeration", "checkbox", group, {
      readOnly: true,
      externalOptions: true,
    }),
    makeDef("hubspot_owner_id", "Owner", "enumeration", "select", group, { externalOptions: true }),
    makeDef("hs_created_by_user_id", "Created by user ID", "number", "number", group, { readOnly: true }),
    makeDef("hs_updated_by_user_id", "Updated by user ID", "number", "number", group, { readOnly: true }),
  ];
}

function dealDefaults(): PropertyDef[] {
  const g = "dealinformation";
  return [
    ...common(g),
    makeDef("dealname", "Deal Name", "string", "text", g),
    makeDef("amount", "Amount", "number", "number", g, { currency: true }),
    makeDef("amount_in_home_currency", "Amount in company currency", "number", "number", g, {
      readOnly: true,
      calculated: true,
      currency: true,
    }),
    makeDef("deal_currency_code", "Currency", "enumeration", "select", g, { options: CURRENCIES }),
    makeDef("pipeline", "Pipeline", "enumeration", "select", g, { options: [["default", "Sales Pipeline"]] }),
    makeDef("dealstage", "Deal Stage", "enumeration", "radio", g, { options: DEAL_STAGES }),
    makeDef("closedate", "Close Date", "datetime", "date", g),
    makeDef("dealtype", "Deal Type", "enumeration", "radio", g, {
      options: [
        ["newbusiness", "New Business"],
        ["existingbusiness", "Existing Business"],
      ],
    }),
    makeDef("description", "Deal Description", "string", "textarea", g),
    makeDef("hs_salesforceopportunityid", "Salesforce Opportunity ID", "string", "text", g),
    makeDef("hs_is_closed_won", "Is Closed Won", "bool", "booleancheckbox", g, {
      readOnly: true,
      calculated: true,
      options: [
        ["true", "True"],
        ["false", "False"],
      ],
    }),
  ];
}

function companyDefaults(): PropertyDef[] {
  const g = "companyinformation";
  return [
    ...common(g),
    makeDef("name", "Company name", "string", "text", g),
    makeDef("domain", "Company Domain Name", "string", "text", g),
    makeDef("website", "Website URL", "string", "text", g),
    makeDef("salesforceaccountid", "Salesforce Account ID", "string", "text", g),
    makeDef("industry", "Industry", "enumeration", "select", g, { externalOptions: true }),
    makeDef("country", "Country/Region", "string", "text", g),
    makeDef("annualrevenue", "Annual Revenue", "number", "number", g, { currency: true }),
    makeDef("type", "Type", "enumeration", "select", g, {
      options: [
        ["PROSPECT", "Prospect"],
        ["PARTNER", "Partner"],
        ["RESELLER", "Reseller"],
        ["VENDOR", "Vendor"],
        ["OTHER", "Other"],
      ],
    }),
    makeDef("num_associated_deals", "Number of Associated Deals", "number", "number", g, {
      readOnly: true,
      calculated: true,
    }),
  ];
}

function contactDefaults(): PropertyDef[] {
  const g = "contactinformation";
  return [
    ...common(g),
    makeDef("lastmodifieddate", "Last Modified Date", "datetime", "date", g, { readOnly: true }),
    makeDef("email", "Email", "string", "text", g, { unique: true }),
    makeDef("firstname", "First Name", "string", "text", g),
    makeDef("lastname", "Last Name", "string", "text", g),
    makeDef("company", "Company Name", "string", "text", g),
    makeDef("phone", "Phone Number", "string", "phonenumber", g),
  ];
}

/**
 * Task properties (https://developers.hubspot.com/docs/api/crm/tasks): hs_timestamp is the due
 * date and required on create; hs_task_status is NOT_STARTED or COMPLETED (plus the in-between
 * states HubSpot's UI offers).
 */
function taskDefaults(): PropertyDef[] {
  const g = "task";
  return [
    ...common(g),
    makeDef("hs_timestamp", "Due date", "datetime", "date", g),
    makeDef("hs_task_subject", "Task Title", "string", "text", g),
    makeDef("hs_task_body", "Notes", "string", "textarea", g),
    makeDef("hs_task_status", "Task Status", "enumeration", "select", g, {
      options: [
        ["NOT_STARTED", "Not started"],
        ["IN_PROGRESS", "In progress"],
        ["WAITING", "Waiting"],
        ["COMPLETED", "Completed"],
        ["DEFERRED", "Deferred"],
      ],
    }),
    makeDef("hs_task_priority", "Priority", "enumeration", "select", g, {
      options: [
        ["NONE", "None"],
        ["LOW", "Low"],
        ["MEDIUM", "Medium"],
        ["HIGH", "High"],
      ],
    }),
    makeDef("hs_task_type", "Task Type", "enumeration", "select", g, {
      options: [
        ["TODO", "To-do"],
        ["CALL", "Call"],
        ["EMAIL", "Email"],
      ],
    }),
    makeDef("hs_task_completion_date", "Completed at", "datetime", "date", g, { readOnly: true }),
  ];
}

export function defaultProperties(objectType: ObjectTypeName): PropertyDef[] {
  if (objectType === "deals") return dealDefaults();
  if (objectType === "companies") return companyDefaults();
  if (objectType === "tasks") return taskDefaults();
  return contactDefaults();
}

export function defaultGroups(objectType: ObjectTypeName): PropertyGroup[] {
  const main =
    objectType === "deals"
      ? { name: "dealinformation", label: "Deal information" }
      : objectType === "companies"
        ? { name: "companyinformation", label: "Company information" }
        : objectType === "tasks"
          ? { name: "task", label: "Task information" }
          : { name: "contactinformation", label: "Contact information" };
  return [
    { ...main, displayOrder: -1, archived: false },
    { name: "partner_program", label: "Partner program (sandbox)", displayOrder: 10, archived: false },
  ];
}

/**
 * The sandbox's custom properties the demo seed fills (group "partner_program"). They are
 * ordinary user-defined properties under the names and types the shipped mapping
 * (mappings/hubspot.yaml) reads and `provision` defines (connectors/hubspot/metadata/properties.ts),
 * so a seeded sandbox validates against the default mapping and provisioning finds them in place.
 */
export function seedProperties(objectType: ObjectTypeName): PropertyDef[] {
  const g = "partner_program";
  const custom = { hubspotDefined: false };
  if (objectType === "companies") {
    return [
      makeDef("partner_id", "Partner ID", "string", "text", g, { ...custom, unique: true }),
      makeDef("is_partner", "Is partner", "bool", "booleancheckbox", g, {
        ...custom,
        options: [
          ["true", "Yes"],
          ["false", "No"],
        ],
      }),
      makeDef("partner_type", "Partner type", "enumeration", "select", g, {
        ...custom,
        options: [...PARTNER_TYPES],
      }),
      makeDef("certifications", "Certifications", "number", "number", g, custom),
      makeDef("agreement_signed", "Partner agreement signed", "bool", "booleancheckbox", g, {
        ...custom,
        options: [
          ["true", "Yes"],
          ["false", "No"],
        ],
      }),
      makeDef("compliance_ok", "Compliance OK", "bool", "booleancheckbox", g, {
        ...custom,
        options: [
          ["true", "Yes"],
          ["false", "No"],
        ],
      }),
    ];
  }
  if (objectType === "deals") {
    return [
      makeDef("external_deal_id", "External deal ID", "string", "text", g, { ...custom, unique: true }),
      makeDef("deal_kind", "Deal kind", "enumeration", "select", g, {
        ...custom,
        options: ["new", "expansion", "renewal"],
      }),
      makeDef("attribution", "Partner attribution", "enumeration", "select", g, {
        ...custom,
        options: ["sourced", "influenced"],
      }),
      makeDef("product_code", "Product code", "string", "text", g, custom),
      makeDef("csat", "CSAT", "number", "number", g, custom),
      makeDef("time_to_value_days", "Time to value (days)", "number", "number", g, custom),
      makeDef("cancelled_on", "Cancelled on", "date", "date", g, custom),
    ];
  }
  return [];
}
