// provision --check: compares the org's describe with what the SFDX metadata declares and lists
// missing or incompatible fields. On Salesforce the connector never deploys metadata itself
// (that is the Salesforce CLI's job, with its own auth and test runs), so `check: false`
// returns the same problems plus a problem entry carrying the deploy command as a hint.
import type { FieldType, ProvisionProblem, ProvisionReport } from "../types.ts";
import type { DescribedObject } from "./describe.ts";
import { declaredFields, loadSalesforceMetadata, type MetadataField } from "./metadata-loader.ts";
import type { Runtime } from "./runtime.ts";

export const DEPLOY_HINT =
  "Salesforce metadata is deployed with the Salesforce CLI, not by this service: " +
  "cd connectors/salesforce/metadata && sf project deploy start --source-dir force-app --target-org <alias>, " +
  "then assign the Partner_Incentives permission set to the integration user";

const EXPECTED_TYPE: Record<MetadataField["type"], FieldType> = {
  Text: "string",
  TextArea: "textarea",
  LongTextArea: "textarea",
  Number: "number",
  Currency: "currency",
  Percent: "percent",
  Checkbox: "boolean",
  Date: "date",
  DateTime: "datetime",
  Picklist: "picklist",
  MultiselectPicklist: "multipicklist",
  Lookup: "reference",
  MasterDetail: "reference",
  Email: "string",
  Url: "string",
  Phone: "string",
};

export function compareField(
  object: string,
  name: string,
  declared: MetadataField,
  described: DescribedObject,
): ProvisionProblem[] {
  const actual = described.byName.get(name);
  if (!actual)
    return [{ object, field: name, problem: "missing", detail: `${declared.type} field not in the org` }];
  const problems: ProvisionProblem[] = [];
  const expected = EXPECTED_TYPE[declared.type];
  if (actual.type !== expected) {
    problems.push({
      object,
      field: name,
      problem: "wrong_type",
      detail: `expected ${expected}, org has ${actual.type}`,
    });
  }
  if (declared.type !== "MasterDetail" && !actual.updateable) {
    problems.push({
      object,
      field: name,
      problem: "not_updateable",
      detail: "the integration user cannot edit it (field-level security or a formula)",
    });
  }
  if (
    declared.precision !== undefined &&
    actual.precision !== undefined &&
    actual.precision < declared.precision
  ) {
    problems.push({
      object,
      field: name,
      problem: "other",
      detail: `precision ${actual.precision} is below the declared ${declared.precision}`,
    });
  }
  if (declared.scale !== undefined && actual.scale !== undefined && actual.scale < declared.scale) {
    problems.push({
      object,
      field: name,
      problem: "other",
      detail: `scale ${actual.scale} is below ${declared.scale}`,
    });
  }
  const values = new Set(actual.picklistValues ?? []);
  for (const v of declared.values ?? []) {
    if (!values.has(v.fullName)) {
      problems.push({
        object,
        field: name,
        problem: "missing_picklist_value",
        detail: `picklist lacks '${v.fullName}'`,
      });
    }
  }
  if (declared.externalId && !actual.externalId) {
    problems.push({
      object,
      field: name,
      problem: "other",
      detail: "not marked External ID (upserts need it)",
    });
  }
  if (declared.unique && !actual.unique) {
    problems.push({
      object,
      field: name,
      problem: "other",
      detail: "not unique (a retried create could duplicate)",
    });
  }
  return problems;
}

export async function provision(
  rt: Runtime,
  options: { check: boolean; metadataDir?: string },
): Promise<ProvisionReport> {
  const meta = await loadSalesforceMetadata(options.metadataDir);
  const declared = declaredFields(meta);
  const objects = [...new Set(declared.map((d) => d.object))];
  const problems: ProvisionProblem[] = [];
  for (const object of objects) {
    let described: DescribedObject;
    try {
      described = await rt.describe(object);
    } catch (error) {
      const code = (error as { errorCode?: string }).errorCode;
      if (code !== "NOT_FOUND" && code !== "INVALID_TYPE") throw error;
      for (const d of declared.filter((x) => x.object === object)) {
        problems.push({
          object,
          field: d.name,
          problem: "missing",
          detail: `object ${object} not in the org`,
        });
      }
      continue;
    }
    for (const d of declared.filter((x) => x.object === object)) {
      problems.push(...compareField(object, d.name, d.field, described));
    }
  }
  if (!options.check && problems.length > 0) {
    problems.push({ object: "(org)", field: "(deployment)", problem: "other", detail: DEPLOY_HINT });
  }
  return { changes: [], problems };
}
