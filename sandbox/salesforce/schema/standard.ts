// Standard objects the product touches: Account (with IsPartner), Opportunity, User, Task.
// Field names, types and writability follow the Object Reference:
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_user.htm
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
import { type FieldDef, field, type ObjectDef, objectDef, picklist, type Rec } from "./types.ts";

export const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CHF"];

/** Default OpportunityStage values with their probability, closed/won flags and forecast category.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunitystage.htm */
export const STAGES: {
  name: string;
  probability: number;
  closed: boolean;
  won: boolean;
  forecast: string;
}[] = [
  { name: "Prospecting", probability: 10, closed: false, won: false, forecast: "Pipeline" },
  { name: "Qualification", probability: 10, closed: false, won: false, forecast: "Pipeline" },
  { name: "Needs Analysis", probability: 20, closed: false, won: false, forecast: "Pipeline" },
  { name: "Value Proposition", probability: 50, closed: false, won: false, forecast: "Pipeline" },
  { name: "Id. Decision Makers", probability: 60, closed: false, won: false, forecast: "Pipeline" },
  { name: "Perception Analysis", probability: 70, closed: false, won: false, forecast: "Pipeline" },
  { name: "Proposal/Price Quote", probability: 75, closed: false, won: false, forecast: "Pipeline" },
  { name: "Negotiation/Review", probability: 90, closed: false, won: false, forecast: "Pipeline" },
  { name: "Closed Won", probability: 100, closed: true, won: true, forecast: "Closed" },
  { name: "Closed Lost", probability: 0, closed: true, won: false, forecast: "Omitted" },
];
const STAGE_BY_NAME = new Map(STAGES.map((s) => [s.name.toLowerCase(), s]));

export function stageInfo(stage: unknown): (typeof STAGES)[number] | undefined {
  return typeof stage === "string" ? STAGE_BY_NAME.get(stage.toLowerCase()) : undefined;
}

/** Audit and identity fields every object carries; maintained by the org on each write, never writable. */
export function systemFields(): FieldDef[] {
  const ro = { createable: false, updateable: false, nillable: false, defaultedOnCreate: true };
  return [
    field({ name: "Id", label: "Record ID", type: "id", length: 18, ...ro }),
    field({ name: "IsDeleted", label: "Deleted", type: "boolean", ...ro }),
    field({ name: "CreatedDate", label: "Created Date", type: "datetime", ...ro }),
    field({
      name: "CreatedById",
      label: "Created By ID",
      type: "reference",
      length: 18,
      referenceTo: ["User"],
      relationshipName: "CreatedBy",
      ...ro,
    }),
    field({ name: "LastModifiedDate", label: "Last Modified Date", type: "datetime", ...ro }),
    field({
      name: "LastModifiedById",
      label: "Last Modified By ID",
      type: "reference",
      length: 18,
      referenceTo: ["User"],
      relationshipName: "LastModifiedBy",
      ...ro,
    }),
    field({ name: "SystemModstamp", label: "System Modstamp", type: "datetime", ...ro }),
  ];
}

function ownerField(): FieldDef {
  return field({
    name: "OwnerId",
    label: "Owner ID",
    type: "reference",
    length: 18,
    referenceTo: ["User"],
    relationshipName: "Owner",
    nillable: false,
    defaultedOnCreate: true,
  });
}

function currencyField(): FieldDef {
  return field({
    name: "CurrencyIsoCode",
    label: "Currency ISO Code",
    type: "picklist",
    length: 3,
    picklistValues: picklist(CURRENCIES, "USD"),
    restrictedPicklist: true,
    nillable: false,
    defaultedOnCreate: true,
    defaultValue: "USD",
  });
}

export function accountDef(): ObjectDef {
  return objectDef(
    { name: "Account", label: "Account", labelPlural: "Accounts", keyPrefix: "001", custom: false },
    [
      ...systemFields(),
      field({
        name: "MasterRecordId",
        label: "Master Record ID",
        type: "reference",
        length: 18,
        referenceTo: ["Account"],
        relationshipName: "MasterRecord",
        createable: false,
      }),
      field({ name: "Name", label: "Account Name", type: "string", nillable: false, nameField: true }),
      field({
        name: "Type",
        label: "Account Type",
        type: "picklist",
        length: 255,
        picklistValues: picklist([
          "Prospect",
          "Customer - Direct",
          "Customer - Channel",
          "Channel Partner / Reseller",
          "Installation Partner",
          "Technology Partner",
          "Other",
        ]),
      }),
      field({
        name: "ParentId",
        label: "Parent Account ID",
        type: "reference",
        length: 18,
        referenceTo: ["Account"],
        relationshipName: "Parent",
        childRelationshipName: "ChildAccounts",
      }),
      field({ name: "Website", label: "Website", type: "url" }),
      field({ name: "Phone", label: "Account Phone", type: "phone", length: 40 }),
      field({
        name: "Industry",
        label: "Industry",
        type: "picklist",
        picklistValues: picklist(["Technology", "Finance", "Retail", "Manufacturing", "Other"]),
      }),
      field({ name: "BillingCountry", label: "Billing Country", type: "string", length: 80 }),
      field({ name: "AnnualRevenue", label: "Annual Revenue", type: "currency", precision: 18, scale: 0 }),
      field({ name: "NumberOfEmployees", label: "Employees", type: "int", digits: 8 }),
      field({ name: "Description", label: "Account Description", type: "textarea", length: 32000 }),
      field({
        name: "IsPartner",
        label: "Partner Account",
        type: "boolean",
        nillable: false,
        defaultedOnCreate: true,
        defaultValue: false,
      }),
      ownerField(),
      currencyField(),
    ],
  );
}

/**
 * Opportunity.Type: the four standard values plus "New Business" and "Renewal", which most orgs
 * add and the product's demo data uses (standard values per the Object Reference above).
 */
export const OPPORTUNITY_TYPES = [
  "New Business",
  "New Customer",
  "Existing Customer - Upgrade",
  "Existing Customer - Replacement",
  "Existing Customer - Downgrade",
  "Renewal",
];

export function opportunityDef(): ObjectDef {
  const stage = (rec: Rec) => stageInfo(rec.StageName);
  const readOnly = { createable: false, updateable: false };
  return objectDef(
    {
      name: "Opportunity",
      label: "Opportunity",
      labelPlural: "Opportunities",
      keyPrefix: "006",
      custom: false,
    },
    [
      ...systemFields(),
      field({ name: "Name", label: "Name", type: "string", length: 120, nillable: false, nameField: true }),
      field({
        name: "AccountId",
        label: "Account ID",
        type: "reference",
        length: 18,
        referenceTo: ["Account"],
        relationshipName: "Account",
        childRelationshipName: "Opportunities",
        // Deleting an account deletes its opportunities.
        cascadeDelete: true,
      }),
      field({
        name: "PartnerAccountId",
        label: "Partner Account ID",
        type: "reference",
        length: 18,
        referenceTo: ["Account"],
        relationshipName: "PartnerAccount",
      }),
      field({
        name: "Type",
        label: "Opportunity Type",
        type: "picklist",
        picklistValues: picklist(OPPORTUNITY_TYPES),
      }),
      field({
        name: "StageName",
        label: "Stage",
        type: "picklist",
        nillable: false,
        picklistValues: picklist(
          STAGES.map((s) => s.name),
          "Prospecting",
        ),
      }),
      field({ name: "Amount", label: "Amount", type: "currency", precision: 18, scale: 2 }),
      field({
        name: "Probability",
        label: "Probability (%)",
        type: "percent",
        precision: 3,
        scale: 0,
        defaultedOnCreate: true,
      }),
      field({
        name: "ExpectedRevenue",
        label: "Expected Amount",
        type: "currency",
        ...readOnly,
        calculated: true,
        derive: (rec) =>
          typeof rec.Amount === "number" && typeof rec.Probability === "number"
            ? Math.round(rec.Amount * rec.Probability) / 100
            : null,
      }),
      field({ name: "CloseDate", label: "Close Date", type: "date", nillable: false }),
      field({
        name: "IsClosed",
        label: "Closed",
        type: "boolean",
        nillable: false,
        ...readOnly,
        derive: (rec) => stage(rec)?.closed ?? false,
      }),
      field({
        name: "IsWon",
        label: "Won",
        type: "boolean",
        nillable: false,
        ...readOnly,
        derive: (rec) => stage(rec)?.won ?? false,
      }),
      field({
        name: "ForecastCategoryName",
        label: "Forecast Category",
        type: "picklist",
        picklistValues: picklist(["Omitted", "Pipeline", "Best Case", "Commit", "Closed"]),
        defaultedOnCreate: true,
      }),
      field({
        name: "LeadSource",
        label: "Lead Source",
        type: "picklist",
        picklistValues: picklist(["Web", "Partner Referral", "Phone Inquiry", "Other"]),
      }),
      field({ name: "NextStep", label: "Next Step", type: "string", length: 255 }),
      field({ name: "Description", label: "Description", type: "textarea", length: 32000 }),
      field({
        name: "FiscalYear",
        label: "Fiscal Year",
        type: "int",
        digits: 4,
        ...readOnly,
        derive: (rec) => fiscal(rec)?.[0] ?? null,
      }),
      field({
        name: "FiscalQuarter",
        label: "Fiscal Quarter",
        type: "int",
        digits: 1,
        ...readOnly,
        derive: (rec) => fiscal(rec)?.[1] ?? null,
      }),
      ownerField(),
      currencyField(),
    ],
  );
}

function fiscal(rec: Rec): [number, number] | undefined {
  if (typeof rec.CloseDate !== "string") return undefined;
  return [Number(rec.CloseDate.slice(0, 4)), Math.floor((Number(rec.CloseDate.slice(5, 7)) - 1) / 3) + 1];
}

export function userDef(): ObjectDef {
  return objectDef({ name: "User", label: "User", labelPlural: "Users", keyPrefix: "005", custom: false }, [
    ...systemFields(),
    field({
      name: "Username",
      label: "Username",
      type: "string",
      length: 80,
      nillable: false,
      unique: true,
      idLookup: true,
    }),
    field({ name: "FirstName", label: "First Name", type: "string", length: 40 }),
    field({ name: "LastName", label: "Last Name", type: "string", length: 80, nillable: false }),
    field({
      name: "Name",
      label: "Full Name",
      type: "string",
      length: 121,
      createable: false,
      updateable: false,
      nameField: true,
      derive: (rec) =>
        [rec.FirstName, rec.LastName].filter((p) => typeof p === "string" && p !== "").join(" "),
    }),
    field({ name: "Email", label: "Email", type: "email", length: 128, nillable: false }),
    field({ name: "Alias", label: "Alias", type: "string", length: 8, nillable: false }),
    field({
      name: "IsActive",
      label: "Active",
      type: "boolean",
      nillable: false,
      defaultedOnCreate: true,
      defaultValue: true,
    }),
    field({
      name: "UserType",
      label: "User Type",
      type: "picklist",
      picklistValues: picklist(["Standard", "PowerPartner", "AutomatedProcess"], "Standard"),
      createable: false,
      updateable: false,
      defaultedOnCreate: true,
      defaultValue: "Standard",
    }),
    field({ name: "Title", label: "Title", type: "string", length: 80 }),
    currencyField(),
  ]);
}

/** Task status values of a default org; "Completed" is the closed one (IsClosed). */
export const TASK_STATUSES = [
  "Not Started",
  "In Progress",
  "Completed",
  "Waiting on someone else",
  "Deferred",
];

/**
 * Task: the to-do the service puts on a partner's Account for its owner (near-tier nudges and
 * tier changes, issue #16). WhatId is the related Account or Opportunity; AccountId follows it.
 */
export function taskDef(): ObjectDef {
  const readOnly = { createable: false, updateable: false };
  return objectDef({ name: "Task", label: "Task", labelPlural: "Tasks", keyPrefix: "00T", custom: false }, [
    ...systemFields(),
    field({ name: "Subject", label: "Subject", type: "string", length: 255, nameField: true }),
    field({ name: "ActivityDate", label: "Due Date Only", type: "date" }),
    field({
      name: "Status",
      label: "Status",
      type: "picklist",
      nillable: false,
      defaultedOnCreate: true,
      picklistValues: picklist(TASK_STATUSES, "Not Started"),
      // Task status values are a restricted picklist: anything else is refused.
      restrictedPicklist: true,
      defaultValue: "Not Started",
    }),
    field({
      name: "Priority",
      label: "Priority",
      type: "picklist",
      nillable: false,
      defaultedOnCreate: true,
      picklistValues: picklist(["High", "Normal", "Low"], "Normal"),
      defaultValue: "Normal",
    }),
    field({
      name: "WhatId",
      label: "Related To ID",
      type: "reference",
      length: 18,
      referenceTo: ["Account", "Opportunity"],
      relationshipName: "What",
    }),
    field({
      name: "AccountId",
      label: "Account ID",
      type: "reference",
      length: 18,
      referenceTo: ["Account"],
      relationshipName: "Account",
      ...readOnly,
      derive: (rec) => (typeof rec.WhatId === "string" && rec.WhatId.startsWith("001") ? rec.WhatId : null),
    }),
    field({ name: "Description", label: "Comments", type: "textarea", length: 32000 }),
    field({
      name: "IsClosed",
      label: "Closed",
      type: "boolean",
      nillable: false,
      ...readOnly,
      derive: (rec) => rec.Status === "Completed",
    }),
    ownerField(),
  ]);
}

export function standardObjects(): ObjectDef[] {
  return [accountDef(), opportunityDef(), userDef(), taskDef()];
}
