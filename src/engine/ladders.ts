// Tier ladders (spec §3 "Tiers", §5 "Ladders") compiled for the walk. A program's `tiers` is one
// ladder (v1) or a list chosen per partner by type and id; a partner matching none holds the
// implicit tier `Standard`, which is also the whole ladder of a program without tiers. Level
// names may repeat across ladders: every name gets one global index (tier_rate rates,
// `requires.tier` and `partners.tier` refer to names), and each ladder maps its levels to them.

import { Dec } from "../../money/index.ts";
import type { CRequires, DealPredicate } from "./compile.ts";
import { ALL_TYPES, TYPE_BIT } from "./partner-filter.ts";
import type { Ladder, PartnerFilter, Program, Requires } from "./program-schema.ts";

export interface CLadder {
  index: number;
  /** Shown with the tier (statement `ladder`, CRM fields); null for the implicit Standard ladder. */
  label: string | null;
  /** Type bits the ladder admits; ids it admits (null: any). */
  types: number;
  ids: ReadonlySet<string> | null;
  names: string[];
  /** Level → global tier-name index. */
  global: number[];
  mins: Dec[];
  requires: (CRequires | null)[];
  metric: DealPredicate;
  /** When the metric is "won deals of these kinds" summed on amount, their kind mask (cheaper). */
  metricKinds: number | null;
  /** The metric sums margins (deals without one add nothing). */
  margin: boolean;
  window: number;
  grace: number;
}

export interface CompiledLadders {
  ladders: CLadder[];
  /** The ladder of a partner matching none (Standard); ladders[implicit]. */
  implicit: number;
  tierNames: string[];
  /** Tiers given as a list (or a ladder with a filter or a name): statements name the ladder. */
  named: boolean;
}

export interface LadderCompileContext {
  compileFilter(f: Ladder["metric"]["deals"]): DealPredicate;
  wonKindsOnly(f: Ladder["metric"]["deals"]): number | null;
  compileRequires(r: Requires, tierNames: string[]): CRequires;
}

export function ladderList(tiers: Program["tiers"]): Ladder[] {
  return tiers === undefined ? [] : Array.isArray(tiers) ? tiers : [tiers];
}

/** "integrator, var" / "P-1" / "all partners": a ladder's label when it has no name. */
export function filterLabel(f: PartnerFilter | undefined): string {
  if (!f || (!f.type && !f.id)) return "all partners";
  return [...(f.type ?? []), ...(f.id ?? [])].join(", ");
}

export function compileLadders(tiers: Program["tiers"], ctx: LadderCompileContext): CompiledLadders {
  const list = ladderList(tiers);
  const tierNames: string[] = [];
  for (const l of list)
    for (const level of l.levels) if (!tierNames.includes(level.name)) tierNames.push(level.name);
  if (!tierNames.includes("Standard")) tierNames.push("Standard");
  const ladders: CLadder[] = list.map((l, index) => ({
    index,
    label: l.name ?? filterLabel(l.partners),
    types: l.partners?.type ? l.partners.type.reduce((m, t) => m | (TYPE_BIT[t] ?? 0), 0) : ALL_TYPES,
    ids: l.partners?.id ? new Set(l.partners.id) : null,
    names: l.levels.map((v) => v.name),
    global: l.levels.map((v) => tierNames.indexOf(v.name)),
    mins: l.levels.map((v) => new Dec(v.min ?? "0")),
    requires: l.levels.map((v) => (v.requires ? ctx.compileRequires(v.requires, tierNames) : null)),
    metric: ctx.compileFilter(l.metric.deals),
    metricKinds: l.metric.sum === "margin" ? null : ctx.wonKindsOnly(l.metric.deals),
    margin: l.metric.sum === "margin",
    window: l.metric.window ?? 1,
    grace: l.grace ?? 0,
  }));
  const implicit = ladders.length;
  ladders.push({
    index: implicit,
    label: null,
    types: ALL_TYPES,
    ids: null,
    names: ["Standard"],
    global: [tierNames.indexOf("Standard")],
    mins: [new Dec(0)],
    requires: [null],
    metric: ctx.compileFilter(undefined),
    metricKinds: ctx.wonKindsOnly(undefined),
    margin: false,
    window: 1,
    grace: 0,
  });
  const named =
    Array.isArray(tiers) ||
    (tiers !== undefined && (tiers.partners !== undefined || tiers.name !== undefined));
  return { ladders, implicit, tierNames, named };
}

/**
 * The ladder a statement names (its `ladder` label; absent in v1 programs: the only ladder), or
 * null for a partner on no ladder. For code reading a partner's levels from the program.
 */
export function ladderByLabel(tiers: Program["tiers"], label: string | null | undefined): Ladder | null {
  const list = ladderList(tiers);
  if (label === undefined) return list[0] ?? null;
  if (label === null) return null;
  return list.find((l) => (l.name ?? filterLabel(l.partners)) === label) ?? null;
}

/** The first ladder (list order) whose filter the partner matches; the implicit one otherwise. */
export function ladderFor(ladders: readonly CLadder[], typeBit: number, id: string): number {
  const last = ladders.length - 1;
  for (let i = 0; i < last; i++) {
    const l = ladders[i]!;
    if ((l.types & typeBit) !== 0 && (l.ids === null || l.ids.has(id))) return i;
  }
  return last;
}
