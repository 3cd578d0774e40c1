// A REST or Bulk row → neutral CrmRecord. Which fields are read comes from the request (the
// mapping); the system fields used for the cursor and echo suppression are always added.
import { cleanRecord } from "../text.ts";
import type { AssociationRequest, CrmRecord } from "../types.ts";
import type { DescribedObject } from "./describe.ts";
import { SalesforceConnectorError } from "./errors.ts";
import { fromWire, isoUtc, pick } from "./values.ts";

export interface AssociationPlan {
  as: string;
  fields: string[];
}

/**
 * Salesforce associations are lookups: `toObject` names the parent object; `label`, when given,
 * picks the lookup by API name, relationship name or label (e.g. `Partner_Account__c`).
 */
export function planAssociations(
  described: DescribedObject,
  requests: AssociationRequest[],
): AssociationPlan[] {
  return requests.map((r) => {
    let refs = described.references.filter((ref) => ref.referenceTo.includes(r.toObject));
    if (r.label !== undefined) {
      const label = r.label;
      refs = refs.filter(
        (ref) => ref.field === label || ref.relationshipName === label || ref.label === label,
      );
    }
    if (refs.length === 0) {
      throw new SalesforceConnectorError(
        "UNKNOWN_ASSOCIATION",
        `${described.description.object} has no lookup to ${r.toObject}${r.label ? ` labelled ${r.label}` : ""}`,
      );
    }
    return { as: r.as, fields: refs.map((ref) => ref.field) };
  });
}

export interface MapOptions {
  object: string;
  fields: string[];
  described: DescribedObject;
  associations: AssociationPlan[];
  /** Bulk CSV rows: every value is text and an empty cell is null. */
  csv: boolean;
}

export function mapRecord(raw: Record<string, unknown>, options: MapOptions): CrmRecord {
  const id = String(pick(raw, "Id") ?? "");
  const isDeleted = pick(raw, "IsDeleted");
  const deleted = isDeleted === true || isDeleted === "true";
  const fields: CrmRecord["fields"] = {};
  if (!deleted) {
    for (const name of options.fields) {
      fields[name] = fromWire(pick(raw, name), options.described.byName.get(name), options.csv);
    }
  }
  const associations: CrmRecord["associations"] = {};
  for (const plan of options.associations) {
    const ids: string[] = [];
    for (const f of plan.fields) {
      const value = pick(raw, f);
      if (typeof value === "string" && value !== "") ids.push(value);
    }
    associations[plan.as] = ids;
  }
  const modifiedBy = pick(raw, "LastModifiedById");
  // Text is made storable here, at the boundary (connectors/text.ts).
  return cleanRecord({
    crm: "salesforce",
    object: options.object,
    id,
    fields,
    modifiedAt: isoUtc(String(pick(raw, "SystemModstamp") ?? "")),
    modifiedBy: typeof modifiedBy === "string" && modifiedBy !== "" ? modifiedBy : null,
    deleted,
    mergedIds: [],
    mirrorOf: null,
    associations,
  });
}

/**
 * A merged-away record is deleted with MasterRecordId = the survivor. When both appear in the
 * same page (a merge touches both), the survivor lists the merged ids.
 */
export function attachMerges(records: CrmRecord[], raws: Array<Record<string, unknown>>): void {
  const byId = new Map(records.map((r) => [r.id, r]));
  raws.forEach((raw, i) => {
    const master = pick(raw, "MasterRecordId");
    const loser = records[i];
    if (typeof master === "string" && master !== "" && loser?.deleted) {
      byId.get(master)?.mergedIds.push(loser.id);
    }
  });
}
