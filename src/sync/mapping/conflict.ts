// Per-field conflict resolution between the two CRMs' values of one linked record. Pure: the
// winner depends only on the policy and the two sides, and the reason is recorded so an admin
// can see why a value was kept.
import type { CrmName } from "../../../connectors/types.ts";
import type { CanonicalValue, EntityName } from "./canonical.ts";
import type { ConflictPolicy } from "./schema.ts";
import { isBlank } from "./transforms.ts";
import type { Mapping } from "./types.ts";

export interface ConflictSide {
  value: CanonicalValue;
  /** The record's `modifiedAt` (ISO UTC). */
  modifiedAt: string;
}

export interface ConflictInput {
  /** Absent when the record exists (or maps the field) in one CRM only. */
  salesforce?: ConflictSide;
  hubspot?: ConflictSide;
}

export interface ConflictDecision {
  /** `none` when neither side has the field. */
  winner: CrmName | "none";
  value: CanonicalValue;
  /** True when the sides disagreed (the loser's CRM needs the winner's value written). */
  conflicted: boolean;
  reason: string;
}

/**
 * Used for a field both CRMs read (inbound in at least one mapping) but neither declares a
 * policy for: Salesforce is usually the system of record for partner deals.
 */
export const DEFAULT_CONFLICT_POLICY: ConflictPolicy = "prefer_salesforce_unless_blank";

const OTHER: Record<CrmName, CrmName> = { salesforce: "hubspot", hubspot: "salesforce" };

function sameValue(a: CanonicalValue, b: CanonicalValue): boolean {
  if (isBlank(a) && isBlank(b)) return true;
  return a === b;
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

export function resolveConflict(policy: ConflictPolicy, input: ConflictInput): ConflictDecision {
  const { salesforce: sf, hubspot: hs } = input;
  if (!sf && !hs) return { winner: "none", value: null, conflicted: false, reason: "no CRM has the field" };
  if (!sf || !hs) {
    const [crm, side] = sf ? (["salesforce", sf] as const) : (["hubspot", hs!] as const);
    return { winner: crm, value: side.value, conflicted: false, reason: `only ${crm} has the record` };
  }
  if (sameValue(sf.value, hs.value)) {
    return { winner: "salesforce", value: sf.value, conflicted: false, reason: "both CRMs agree" };
  }
  const pick = (crm: CrmName, reason: string): ConflictDecision => ({
    winner: crm,
    value: crm === "salesforce" ? sf.value : hs.value,
    conflicted: true,
    reason,
  });
  switch (policy) {
    case "salesforce":
    case "hubspot":
      return pick(policy, `policy ${policy}: ${policy} always wins`);
    case "prefer_salesforce_unless_blank":
    case "prefer_hubspot_unless_blank": {
      const preferred: CrmName = policy === "prefer_salesforce_unless_blank" ? "salesforce" : "hubspot";
      const preferredSide = preferred === "salesforce" ? sf : hs;
      if (!isBlank(preferredSide.value)) return pick(preferred, `policy ${policy}: ${preferred} has a value`);
      return pick(OTHER[preferred], `policy ${policy}: ${preferred} is blank`);
    }
    case "latest": {
      const ts = time(sf.modifiedAt);
      const th = time(hs.modifiedAt);
      if (ts > th) return pick("salesforce", `policy latest: salesforce changed last (${sf.modifiedAt})`);
      if (th > ts) return pick("hubspot", `policy latest: hubspot changed last (${hs.modifiedAt})`);
      // Same instant: a fixed order keeps the outcome independent of arrival order.
      return pick("salesforce", "policy latest: changed at the same time, salesforce wins ties");
    }
  }
}

/** The policy for a field: the one either mapping declares for `both`, else the default. */
export function conflictPolicyFor(
  mappings: readonly Mapping[],
  entity: EntityName,
  field: string,
): ConflictPolicy {
  for (const m of mappings) {
    const policy = m.entities[entity].fields[field]?.conflict;
    if (policy) return policy;
  }
  return DEFAULT_CONFLICT_POLICY;
}
