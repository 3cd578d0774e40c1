// Merges one linked record's canonical values from both CRMs, field by field, with the mapped
// conflict policies, and says which CRM must be told the winning value (fields mapped `both`
// on the losing side). Pure, like resolveConflict.
import type { CrmName } from "../../../connectors/types.ts";
import type { CanonicalValue, EntityName } from "./canonical.ts";
import { type ConflictDecision, conflictPolicyFor, resolveConflict } from "./conflict.ts";
import type { Mapping } from "./types.ts";

export interface LinkedSide {
  /** Canonical values as `mapInboundRecord` produced them. */
  values: Readonly<Record<string, CanonicalValue | undefined>>;
  modifiedAt: string;
}

export interface MergeResult {
  values: Record<string, CanonicalValue>;
  /** One decision per field either side carries, with its reason. */
  decisions: Record<string, ConflictDecision>;
  /** Winning values each CRM lacks, limited to fields its mapping writes (`both`). */
  writeBack: Record<CrmName, Record<string, CanonicalValue>>;
}

const OTHER: Record<CrmName, CrmName> = { salesforce: "hubspot", hubspot: "salesforce" };

export function mergeLinked(
  mappings: Partial<Record<CrmName, Mapping>>,
  entity: EntityName,
  sides: Partial<Record<CrmName, LinkedSide>>,
): MergeResult {
  const declared = [mappings.salesforce, mappings.hubspot].filter((m): m is Mapping => m !== undefined);
  const names = new Set([
    ...Object.keys(sides.salesforce?.values ?? {}),
    ...Object.keys(sides.hubspot?.values ?? {}),
  ]);
  const result: MergeResult = { values: {}, decisions: {}, writeBack: { salesforce: {}, hubspot: {} } };
  for (const name of [...names].sort()) {
    const side = (crm: CrmName) => {
      const s = sides[crm];
      const value = s?.values[name];
      return s && value !== undefined ? { value, modifiedAt: s.modifiedAt } : undefined;
    };
    const sf = side("salesforce");
    const hs = side("hubspot");
    const decision = resolveConflict(conflictPolicyFor(declared, entity, name), {
      ...(sf ? { salesforce: sf } : {}),
      ...(hs ? { hubspot: hs } : {}),
    });
    result.decisions[name] = decision;
    result.values[name] = decision.value;
    if (decision.conflicted && decision.winner !== "none") {
      const loser = OTHER[decision.winner];
      if (mappings[loser]?.entities[entity].fields[name]?.direction === "both") {
        result.writeBack[loser][name] = decision.value;
      }
    }
  }
  return result;
}
