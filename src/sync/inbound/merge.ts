// Canonical values of a linked record from its sides: per field, stale and echoed sides drop
// out (a side still holding the previous value, or the value the service wrote there, is not a
// user edit); what is left is resolved by the field's conflict policy. A real conflict — both
// CRMs changed the field to different values since the last sync — is reported to the caller.
import type { CrmName } from "../../../connectors/types.ts";
import {
  type CanonicalValue,
  type ConflictDecision,
  conflictPolicyFor,
  type EntityName,
  type Mapping,
  resolveConflict,
} from "../mapping/index.ts";
import type { Side } from "../model.ts";

export interface MergeOutcome {
  values: Record<string, CanonicalValue>;
  /** Fields where both CRMs changed the value concurrently, with the decision. */
  conflicts: Array<{
    field: string;
    decision: ConflictDecision;
    values: Partial<Record<CrmName, CanonicalValue>>;
  }>;
}

const same = (a: CanonicalValue | undefined, b: CanonicalValue | undefined) =>
  (a ?? null) === (b ?? null) || ((a ?? "") === "" && (b ?? "") === "");

export function mergeSides(
  mappings: Partial<Record<CrmName, Mapping>>,
  entity: EntityName,
  sides: Partial<Record<CrmName, Side>>,
  previous: Record<string, CanonicalValue> | null,
): MergeOutcome {
  const declared = [mappings.salesforce, mappings.hubspot].filter((m): m is Mapping => m !== undefined);
  const present = (["salesforce", "hubspot"] as const).filter((c) => sides[c]);
  const names = new Set<string>();
  for (const c of present) for (const n of Object.keys(sides[c]!.values)) names.add(n);
  const out: MergeOutcome = { values: {}, conflicts: [] };
  for (const name of [...names].sort()) {
    const candidates = present.filter((c) => sides[c]!.values[name] !== undefined);
    let live = candidates;
    if (candidates.length === 2 && previous && name in previous) {
      // A side still holding the previous canonical value did not change it: the other side did.
      const changed = candidates.filter((c) => !same(sides[c]!.values[name], previous[name]));
      if (changed.length === 1) live = changed;
    }
    const input: Parameters<typeof resolveConflict>[1] = {};
    for (const c of live) {
      const s = sides[c]!;
      input[c] = { value: s.values[name] ?? null, modifiedAt: s.userAt?.[name] ?? s.modifiedAt };
    }
    const decision = resolveConflict(conflictPolicyFor(declared, entity, name), input);
    out.values[name] = decision.value;
    if (decision.conflicted && live.length === 2 && previous && name in previous) {
      out.conflicts.push({
        field: name,
        decision,
        values: {
          salesforce: sides.salesforce!.values[name] ?? null,
          hubspot: sides.hubspot!.values[name] ?? null,
        },
      });
    }
  }
  return out;
}
