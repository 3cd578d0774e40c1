// `requires` gates (spec §3) and eligibility, evaluated for one partner and period.
import type { CProgram, CRequires } from "./compile.ts";
import type { Partner } from "./data-schema.ts";
import type { Dec } from "./money.ts";
import { two } from "./money.ts";
import { renewalRate } from "./scorecard.ts";

export interface GateContext {
  certifications: number;
  /** renewal_rate = renewalWon ÷ renewalAll (undefined when renewalAll is 0). */
  renewalWon: Dec;
  renewalAll: Dec;
  score: Dec | null;
  /** Tier held in the period. */
  tier: number;
}

/** Each unmet requirement as a short reason, e.g. "renewal_rate 0.80 < 0.90"; empty when met. */
export function unmet(req: CRequires, ctx: GateContext, tierNames: string[]): string[] {
  const out: string[] = [];
  if (req.certifications !== null && ctx.certifications < req.certifications)
    out.push(`certifications ${ctx.certifications} < ${req.certifications}`);
  if (req.renewalRate !== null) {
    if (ctx.renewalAll.isZero()) out.push(`renewal_rate undefined (no renewals) < ${req.renewalRateText}`);
    else if (renewalBelow(ctx, req.renewalRate))
      out.push(`renewal_rate ${two(renewalRate(ctx.renewalWon, ctx.renewalAll)!)} < ${req.renewalRateText}`);
  }
  if (req.score !== null) {
    if (ctx.score === null) out.push(`score undefined < ${req.scoreText}`);
    else if (ctx.score.lessThan(req.score)) out.push(`score ${two(ctx.score)} < ${req.scoreText}`);
  }
  if (req.tiers !== null && !req.tiers.includes(ctx.tier))
    out.push(`tier ${tierNames[ctx.tier]} not in ${req.tierText}`);
  return out;
}

/** The requirements themselves, as missing_for_next_tier lists them: "certifications >= 3". */
export function unmetRequirements(req: CRequires, ctx: GateContext): string[] {
  const out: string[] = [];
  if (req.certifications !== null && ctx.certifications < req.certifications)
    out.push(`certifications >= ${req.certifications}`);
  if (req.renewalRate !== null && (ctx.renewalAll.isZero() || renewalBelow(ctx, req.renewalRate)))
    out.push(`renewal_rate >= ${req.renewalRateText}`);
  if (req.score !== null && (ctx.score === null || ctx.score.lessThan(req.score)))
    out.push(`score >= ${req.scoreText}`);
  if (req.tiers !== null && !req.tiers.includes(ctx.tier)) out.push(`tier in ${req.tierText}`);
  return out;
}

/** Reasons a partner fails the program's eligibility; empty when eligible. */
export function ineligibleReasons(cp: CProgram, p: Partner): string[] {
  const out: string[] = [];
  const e = cp.eligibility;
  if (e.agreement_signed !== undefined && p.agreement_signed !== e.agreement_signed)
    out.push(`agreement_signed is ${p.agreement_signed} (required: ${e.agreement_signed})`);
  if (e.compliance_ok !== undefined && p.compliance_ok !== e.compliance_ok)
    out.push(`compliance_ok is ${p.compliance_ok} (required: ${e.compliance_ok})`);
  return out;
}

/** won ÷ all < rate, decided exactly without a division: won < rate × all. */
function renewalBelow(ctx: GateContext, rate: Dec): boolean {
  return ctx.renewalWon.lessThan(rate.times(ctx.renewalAll));
}
