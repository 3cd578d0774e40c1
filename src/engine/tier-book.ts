// The tier state the period walk carries per partner (spec §3 "Tiers", §5 "Ladders"): the level
// held and on which ladder, the grace count, the ladder of the current period, and the per-period
// tier-metric and renewal histories the window sums. The walk asks it for the tier a partner holds,
// tells it each period's statistics, and has it evaluate the tier for the next period.

import { type Dec, ZERO } from "../../money/index.ts";
import type { CProgram, PDeal } from "./compile.ts";
import type { GateContext } from "./gates.ts";
import { type CLadder, ladderFor } from "./ladders.ts";
import type { Prepared } from "./prepare.ts";
import type { PeriodStats } from "./scorecard.ts";
import { evaluateTier, type TierOutcome } from "./tiers.ts";

export class TierBook {
  /** Level held, of the ladder `ladderOf`. */
  readonly held: Int32Array;
  readonly below: Int32Array;
  /** The ladder the held level belongs to. */
  readonly ladderOf: Int32Array;
  /** The partner's ladder in the current period (its attributes in effect there). */
  readonly ladderNow: Int32Array;
  readonly metricHist: Dec[];
  readonly renWonHist: Dec[];
  readonly renAllHist: Dec[];
  /** Per partner × period: deals whose clawback lands there (they leave the tier metric there). */
  readonly clawLanding = new Map<number, PDeal[]>();
  readonly nPeriods: number;
  readonly prep: Prepared;

  constructor(prep: Prepared, nP: number, nPeriods: number) {
    this.prep = prep;
    this.nPeriods = nPeriods;
    this.held = Int32Array.from(prep.initialTier);
    this.ladderOf = Int32Array.from(prep.initialLadder);
    this.ladderNow = Int32Array.from(prep.initialLadder);
    this.below = new Int32Array(nP);
    this.metricHist = new Array(nP * nPeriods).fill(ZERO);
    this.renWonHist = new Array(nP * nPeriods).fill(ZERO);
    this.renAllHist = new Array(nP * nPeriods).fill(ZERO);
    // A clawed-back deal leaves the tier metric in the period its clawback lands in (history
    // already evaluated is not rewritten; windows spanning both periods net to zero). Which
    // metric — amount or margin, which deals — is the partner's ladder's there.
    const first = prep.first;
    for (let i = 0; i < prep.deals.length; i++) {
      const d = prep.deals[prep.byDate[i]!]!;
      if (d.cancelPeriod < 0 || d.cancelPeriod > prep.through) continue;
      const key = d.partner * nPeriods + (d.cancelPeriod - first);
      const list = this.clawLanding.get(key);
      if (list) list.push(d);
      else this.clawLanding.set(key, [d]);
    }
  }

  /** Global index of the tier partner `p` holds. */
  tier(cp: CProgram, p: number): number {
    return cp.ladders[this.ladderOf[p]!]!.global[this.held[p]!]!;
  }

  /** The partner's ladder in the current period. */
  ladder(cp: CProgram, p: number): CLadder {
    return cp.ladders[this.ladderNow[p]!]!;
  }

  /** Chooses the ladder of the current period: the first whose filter the partner matches (§5). */
  choose(cp: CProgram, p: number, typeBit: number, id: string): void {
    this.ladderNow[p] = cp.fixedLadder >= 0 ? cp.fixedLadder : ladderFor(cp.ladders, typeBit, id);
  }

  /** Records period kr's statistics, the tier metric net of clawbacks landing in kr. */
  record(cp: CProgram, p: number, kr: number, st: PeriodStats): void {
    const h = p * this.nPeriods + kr;
    const adjust = this.adjustment(this.ladder(cp, p), h);
    this.metricHist[h] = adjust === undefined ? st.tierMetric : st.tierMetric.plus(adjust);
    this.renWonHist[h] = st.renewalWon;
    this.renAllHist[h] = st.renewalAll;
  }

  /** −Σ of the ladder's metric basis over the deals whose clawback lands in h; undefined if none. */
  adjustment(ladder: CLadder, h: number): Dec | undefined {
    const landing = this.clawLanding.get(h);
    if (landing === undefined) return undefined;
    let adjust: Dec | undefined;
    for (const d of landing) {
      if (!ladder.metric(d)) continue;
      const v = ladder.margin ? d.margin : d.amount;
      if (v !== null) adjust = (adjust ?? ZERO).minus(v);
    }
    return adjust;
  }

  /**
   * At a program version change (start of period kr): the held tier carries by name to the
   * partner's ladder in the new version (already chosen), its lowest level when the name is not
   * there (grace restarts). Returns the note for the statement, or null.
   */
  switchVersion(prev: CProgram, next: CProgram, p: number, version: number): string | null {
    const name = prev.tierNames[this.tier(prev, p)]!;
    const ladder = next.ladders[this.ladderNow[p]!]!;
    this.ladderOf[p] = ladder.index;
    const t = ladder.names.indexOf(name);
    if (t >= 0) {
      this.held[p] = t;
      return null;
    }
    this.held[p] = 0;
    this.below[p] = 0;
    return next.namedLadders && ladder.label !== null
      ? `tier ${name} is not a level of ladder ${ladder.label} in program version ${version}: holds its lowest level ${ladder.names[0]!}`
      : `tier ${name} does not exist in program version ${version}: holds the lowest level ${ladder.names[0]!}`;
  }

  /**
   * Spec §5: the partner's ladder differs from the one its tier was decided on. At the end of the
   * period, before qualification, the held tier is carried to the new ladder — the level of the
   * same name, else its lowest — and the grace count resets. The window's earlier periods are
   * re-read with the new ladder's metric. Returns the statement note.
   */
  carry(cp: CProgram, p: number, kr: number, typeText: string): string {
    const from = cp.ladders[this.ladderOf[p]!]!;
    const to = this.ladder(cp, p);
    const name = from.names[this.held[p]!]!;
    const t = to.names.indexOf(name);
    this.held[p] = t >= 0 ? t : 0;
    this.below[p] = 0;
    this.ladderOf[p] = to.index;
    for (let j = Math.max(0, kr - to.window + 1); j < kr; j++) this.reread(to, p, j);
    const onto = to.label === null ? "no ladder (Standard)" : `ladder ${to.label}`;
    const how =
      t >= 0
        ? `tier ${name} carried over as ${to.names[t]!}`
        : `tier ${name} is not a level there: carried over as its lowest level ${to.names[0]!}`;
    return `moved to ${onto} (type ${typeText}): ${how}`;
  }

  /** Period j's tier metric for partner p as `ladder` measures it. */
  reread(ladder: CLadder, p: number, j: number): void {
    const { order, offsets } = this.prep.byPartner[j]!;
    let sum = ZERO;
    for (let i = offsets[p]!; i < offsets[p + 1]!; i++) {
      const d = this.prep.deals[order[i]!]!;
      if (!ladder.metric(d)) continue;
      const v = ladder.margin ? d.margin : d.amount;
      if (v !== null) sum = sum.plus(v);
    }
    const h = p * this.nPeriods + j;
    const adjust = this.adjustment(ladder, h);
    this.metricHist[h] = adjust === undefined ? sum : sum.plus(adjust);
  }

  /** The tier for the next period, from the window of the partner's ladder ending at kr. */
  evaluate(
    cp: CProgram,
    p: number,
    kr: number,
    ctx: Omit<GateContext, "renewalWon" | "renewalAll" | "tier">,
  ): TierOutcome {
    const ladder = this.ladder(cp, p);
    const nPeriods = this.nPeriods;
    const h = p * nPeriods + kr;
    let metric = this.metricHist[h]!;
    let renWon = this.renWonHist[h]!;
    let renAll = this.renAllHist[h]!;
    for (let j = Math.max(0, kr - ladder.window + 1); j < kr; j++) {
      const hj = p * nPeriods + j;
      if (!this.metricHist[hj]!.isZero()) metric = metric.plus(this.metricHist[hj]!);
      if (!this.renAllHist[hj]!.isZero()) {
        renWon = renWon.plus(this.renWonHist[hj]!);
        renAll = renAll.plus(this.renAllHist[hj]!);
      }
    }
    const t = evaluateTier(ladder, cp.tierNames, cp.digits, this.held[p]!, this.below[p]!, metric, {
      ...ctx,
      renewalWon: renWon,
      renewalAll: renAll,
      tier: this.tier(cp, p),
    });
    this.held[p] = t.nextHeld;
    this.below[p] = t.below;
    return t;
  }
}
