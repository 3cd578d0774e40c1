// Spec §5 partner filters (`partners:` on a component, a ladder or a scorecard metric): keys AND,
// list values OR, over the partner's type and id and the tier it holds in the period. Types are
// bits so a filter test is a mask test.
import { PARTNER_TYPES } from "./data-schema.ts";
import type { PartnerFilter } from "./program-schema.ts";

export const TYPE_BIT: Readonly<Record<string, number>> = Object.fromEntries(
  PARTNER_TYPES.map((t, i) => [t, 1 << i]),
);
export const ALL_TYPES = (1 << PARTNER_TYPES.length) - 1;

export interface CPartnerFilter {
  /** Type bits the filter admits (ALL_TYPES when it names none). */
  types: number;
  ids: ReadonlySet<string> | null;
  /** Global tier-name indices the filter admits, or null when it names none. */
  tiers: readonly number[] | null;
}

export function compilePartnerFilter(
  f: PartnerFilter | undefined,
  tierNames: readonly string[],
): CPartnerFilter | null {
  if (f === undefined) return null;
  return {
    types: f.type ? f.type.reduce((m, t) => m | (TYPE_BIT[t] ?? 0), 0) : ALL_TYPES,
    ids: f.id ? new Set(f.id) : null,
    tiers: f.tier ? f.tier.map((t) => tierNames.indexOf(t)) : null,
  };
}

/** `tier` is the global index of the tier held in the period (ignored by a filter naming no tier). */
export function matchesPartner(f: CPartnerFilter, typeBit: number, id: string, tier: number): boolean {
  if ((f.types & typeBit) === 0) return false;
  if (f.ids !== null && !f.ids.has(id)) return false;
  if (f.tiers !== null && !f.tiers.includes(tier)) return false;
  return true;
}
