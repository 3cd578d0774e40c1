// Near-tier nudges and tier changes (issue #16): which partners' account owners get a task this
// period, from the period's statement and the one before. Pure; the sync turns each nudge into a
// CRM task (one per partner, period, kind and tier) and completes it once the tier is reached.

import { Dec } from "../../money/index.ts";
import { ladderByLabel, ladderList } from "./ladders.ts";
import type { Program } from "./program-schema.ts";
import type { Statement } from "./statement.ts";

export type NudgeKind = "near_tier" | "promotion" | "demotion";

export interface TierNudge {
  partner_id: string;
  period: string;
  kind: NudgeKind;
  /** near_tier: the tier within reach; promotion/demotion: the tier now held. */
  tier: string;
  /** promotion/demotion: the tier held the period before. */
  from_tier: string | null;
  /** near_tier: the amount still missing (money string), "0.00"-like when only requirements are. */
  gap: string | null;
  /** near_tier: the requirements still unmet, as the statement lists them. */
  missing: string[];
}

/**
 * Nudges for `current`'s period: near_tier when the gap to the next tier is at most
 * `nudges.near_tier` × that tier's `min`; promotion/demotion when `nudges.tier_changes` and the
 * held tier differs from `previous`'s. Partners in id order, near_tier before a tier change.
 */
export function tierNudges(program: Program, current: Statement, previous: Statement | null): TierNudge[] {
  const cfg = program.nudges;
  if (!cfg || !ladderList(program.tiers).some((l) => l.levels.length >= 2)) return [];
  const before = new Map((previous?.partners ?? []).map((p) => [p.partner_id, p.tier]));
  const near = cfg.near_tier === undefined ? null : new Dec(cfg.near_tier);
  const out: TierNudge[] = [];
  for (const p of [...current.partners].sort((a, b) => (a.partner_id < b.partner_id ? -1 : 1))) {
    // The partner's own ladder (spec §5): its levels, their mins and order.
    const levels = ladderByLabel(program.tiers, p.ladder)?.levels ?? [];
    const names = levels.map((l) => l.name);
    if (near && p.next_tier && p.gap_to_next_tier !== null) {
      const level = levels.find((l) => l.name === p.next_tier);
      const min = level ? new Dec(level.min ?? "0") : null;
      if (min && new Dec(p.gap_to_next_tier).lessThanOrEqualTo(near.times(min)))
        out.push({
          partner_id: p.partner_id,
          period: current.period,
          kind: "near_tier",
          tier: p.next_tier,
          from_tier: null,
          gap: p.gap_to_next_tier,
          missing: [...p.missing_for_next_tier],
        });
    }
    const was = before.get(p.partner_id);
    if (cfg.tier_changes && was !== undefined && was !== p.tier) {
      const up = names.indexOf(p.tier) > names.indexOf(was);
      out.push({
        partner_id: p.partner_id,
        period: current.period,
        kind: up ? "promotion" : "demotion",
        tier: p.tier,
        from_tier: was,
        gap: null,
        missing: [],
      });
    }
  }
  return out;
}
