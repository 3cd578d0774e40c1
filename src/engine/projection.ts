// The open-deal projection (issues #13, #14): what an open deal would earn if it were won in the
// current period at its amount, and whether it would lift the partner to a higher tier.
//
// How: the engine itself computes it. The partner's own data is walked twice through
// the program versions' walk (`statementIteratorForVersions`) — as it is, and with the open deal won on the period's last day,
// evaluated after every deal already won — and the projection is the difference: the deal's own
// lines (bands split from the partner's attainment so far, tier_rate at the tier held, the
// multiplier factor for the period's score, fx, SPIF, gates) plus its share of the cap. So the
// explanation is the statement's own line wording, never a second explainer, and every rule the
// engine knows applies unchanged. What the partner-scoped walk cannot see: other partners' use of
// a shared SPIF budget (a projected SPIF assumes the budget the partner's own deals leave).
//
// Signature (the HubSpot deal card and the CRM write-back call it):
//   projectOpenDeal({ versions, data, period, deal }) → Result<Projection>
//   - versions: every program version (`ProgramVersionInput[]`, as the sync loads them); the one
//     in effect for `period` computes it, earlier periods use theirs (tier windows, holdbacks).
//   - data: engine Data holding at least the deal's partner and its deals, all periods from the
//     program's start through `period` (other partners are ignored), plus fx rates.
//   - period: the current period label (2026-Q4): the deal is projected into it, whatever its own
//     close date says (a date in a later period, a past date or none).
//   - deal: the open deal (`OpenDeal`: id, partner_id, kind, attribution, amount, currency, and
//     optional product and margin); its stage and close date are ignored.
//   → { amount: "450.00" (program currency, exact), explanation: one line per statement line,
//       wouldReachTier: "Gold" | null }
// `projectOpenDeals` does the same for many deals, walking each partner's baseline once.

import { Dec, minorDigits, money, ZERO } from "../../money/index.ts";
import { periodEnd } from "../period/index.ts";
import type { Data, Deal } from "./data-schema.ts";
import { ladderByLabel } from "./ladders.ts";
import type { Program } from "./program-schema.ts";
import { fail, ok, type Result } from "./result.ts";
import type { PartnerStatement, StatementLine } from "./statement.ts";
import {
  type CompiledVersions,
  compileVersions,
  iterateCompiled,
  type ProgramVersionInput,
  versionInEffect,
} from "./versions.ts";

/** The open deal, as the engine's data names its fields; stage and close date do not matter. */
export type OpenDeal = Pick<Deal, "id" | "partner_id" | "kind" | "attribution" | "amount" | "currency"> &
  Partial<Pick<Deal, "product" | "margin">>;

export interface Projection {
  /** What the deal would add to the partner's earnings this period (cap share included), exact. */
  amount: string;
  /** The deal's lines as the statement explains them, one per line: `resale 450.00: 9000.00 at 5% (band from 0)`. */
  explanation: string;
  /** The tier the partner would qualify for at the period's end with the deal and not without, when above the tier it holds. */
  wouldReachTier: string | null;
}

export interface ProjectionInput {
  versions: ProgramVersionInput[] | Program;
  data: Data;
  period: string;
  deal: OpenDeal;
}

/** One open deal's projection (see the header). */
export function projectOpenDeal(input: ProjectionInput): Result<Projection> {
  const r = projectOpenDeals({ ...input, deals: [input.deal] });
  if (!r.ok) return r;
  const only = r.value.get(input.deal.id)!;
  return only.ok ? ok(only.value) : only;
}

/**
 * Many open deals of one data set: each partner's baseline is walked once, then one walk per
 * deal. A deal's own problem (no fx rate for its currency, an unknown partner) is its own
 * failure in the map; a problem with the versions or the period fails the whole call.
 */
export function projectOpenDeals(input: {
  versions: ProgramVersionInput[] | Program;
  data: Data;
  period: string;
  deals: readonly OpenDeal[];
}): Result<Map<string, Result<Projection>>> {
  const versions = Array.isArray(input.versions)
    ? input.versions
    : [{ version: 1, effectiveFrom: String(input.versions.starts), program: input.versions }];
  // Compiled once: every walk below reuses it.
  const compiled = compileVersions(versions);
  if (!compiled.ok) return compiled;
  const effective = versionInEffect(compiled.value, input.period);
  if (!effective.ok) return effective;
  const program = effective.value.program;
  const digits = minorDigits(program.currency);
  const ids = new Set(input.deals.map((d) => d.id));
  const byPartner = partnerData(input.data, ids);
  const baselines = new Map<string, Result<PartnerStatement>>();
  const out = new Map<string, Result<Projection>>();
  for (const deal of input.deals) {
    const own = byPartner.get(deal.partner_id);
    if (!own) {
      out.set(
        deal.id,
        fail([
          {
            path: "deal.partner_id",
            message: `deal ${deal.id}: unknown partner '${deal.partner_id}'`,
            code: "unknown_partner",
          },
        ]),
      );
      continue;
    }
    let base = baselines.get(deal.partner_id);
    if (!base) {
      base = partnerStatement(compiled.value, own, input.period, deal.partner_id);
      baselines.set(deal.partner_id, base);
    }
    if (!base.ok) {
      out.set(deal.id, base);
      continue;
    }
    const projected: Deal = {
      ...deal,
      id: PROJECTED + deal.id,
      stage: "won",
      close_date: periodEnd(input.period),
      cancelled_on: null,
    };
    const withDeal = partnerStatement(
      compiled.value,
      { ...own, deals: [...own.deals, projected] },
      input.period,
      deal.partner_id,
    );
    out.set(
      deal.id,
      withDeal.ok ? ok(difference(program, base.value, withDeal.value, projected.id, digits)) : withDeal,
    );
  }
  return ok(out);
}

/**
 * Sorts after any real id, so on the period's last day the projected deal is still evaluated
 * after every deal already won (deals of one day are taken in id order).
 */
const PROJECTED = "\uffff";

/** Per partner: its record, its deals (the projected open deals left out), fx; no claims (funds do not matter). */
function partnerData(data: Data, open: Set<string>): Map<string, Data> {
  const out = new Map<string, Data>();
  for (const p of data.partners)
    out.set(p.id, { partners: [p], deals: [], ...(data.fx ? { fx: data.fx } : {}) });
  for (const d of data.deals) {
    if (open.has(d.id)) continue;
    out.get(d.partner_id)?.deals.push(d);
  }
  return out;
}

/** The partner's statement of `period`, from a walk of its own data. */
function partnerStatement(
  versions: CompiledVersions,
  data: Data,
  period: string,
  partnerId: string,
): Result<PartnerStatement> {
  const it = iterateCompiled(versions, data, period, { from: period });
  if (!it.ok) return it;
  for (const s of it.value) {
    const p = s.partners.find((x) => x.partner_id === partnerId);
    if (p) return ok(p);
  }
  return fail([
    { path: "period", message: `no statement for partner ${partnerId} in ${period}`, code: "no_statement" },
  ]);
}

/** Lines that are money the partner earns (accruals feed funds; clawbacks cannot concern a new deal). */
const isCash = (l: StatementLine) => l.kind !== "accrual" && l.kind !== "clawback";

const capOf = (s: PartnerStatement): Dec => {
  const line = s.lines.find((l) => l.kind === "cap");
  return line ? new Dec(line.amount) : ZERO;
};

function difference(
  program: Program,
  base: PartnerStatement,
  withDeal: PartnerStatement,
  dealId: string,
  digits: number,
): Projection {
  const wouldReachTier = tierReached(program, base, withDeal);
  if (!withDeal.eligible) {
    return {
      amount: money(ZERO, digits),
      explanation: `not eligible: ${withDeal.ineligible_reasons.join("; ")}`,
      wouldReachTier,
    };
  }
  const own = withDeal.lines.filter((l) => l.deal_id === dealId && isCash(l));
  let lines = ZERO;
  for (const l of own) lines = lines.plus(l.amount);
  const text = own.map((l) => `${l.component} ${l.amount}: ${l.explanation}`);
  // The deal's share of the cap: what the cap takes with it minus what it took before.
  const capShare = capOf(withDeal).minus(capOf(base));
  if (!capShare.isZero()) {
    const capLine = withDeal.lines.find((l) => l.kind === "cap")!;
    text.push(`cap ${money(capShare, digits)}: ${capLine.explanation} with this deal`);
  }
  // What the partner earns in all with the deal minus without it: besides its own lines, a
  // retroactive band or a score the deal moves re-rates the deals already won.
  const amount = new Dec(withDeal.earned).minus(base.earned);
  const others = amount.minus(lines).minus(capShare);
  if (!others.isZero())
    text.push(
      `other deals ${money(others, digits)}: their lines recomputed with this deal (band or score it moves)`,
    );
  if (text.length === 0) text.push("no component of the program pays this deal");
  return { amount: money(amount, digits), explanation: text.join("\n"), wouldReachTier };
}

/**
 * The tier qualified for at the period's end with the deal, when the deal changes it and it is
 * above the tier held (a partner in grace regaining its own tier does not move).
 */
function tierReached(program: Program, base: PartnerStatement, withDeal: PartnerStatement): string | null {
  const target = withDeal.qualified_tier;
  if (target === base.qualified_tier) return null;
  const levels = ladderByLabel(program.tiers, withDeal.ladder)?.levels.map((l) => l.name) ?? [];
  const rank = (name: string) => levels.indexOf(name);
  if (rank(target) <= rank(base.qualified_tier) || rank(target) <= rank(withDeal.tier)) return null;
  return target;
}
