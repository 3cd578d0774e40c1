// GET /hubspot/cards/deal/:dealId — the deal card (CONTRACT.md): the deal's incentive lines with
// their explanations and status, in the statement of the period it closed in, and its partner's
// tier. An open deal has no lines yet: the card shows the current period, the partner's tier in it
// and what the deal would earn if it closed this period (the projection the sync wrote to the deal).
import { Dec, minorDigits } from "../../../money/index.ts";
import type { Program } from "../../engine/index.ts";
import { periodOf } from "../../period/index.ts";
import { str } from "../../sync/text-value.ts";
import type { JsonObject } from "../ports.ts";
import type { CardContext } from "./card-context.ts";
import { cardDeal } from "./deal-lines.ts";

/** The period a run on `today` computes and projects into (as sync/compute/run.ts picks it). */
function currentPeriod(program: Program, today: string): string {
  const start = String(program.starts);
  return periodOf(program.period, today < start ? start : today);
}

/**
 * What an open deal would earn if it closed this period: the engine's projection
 * (engine/projection.ts) as the last run wrote it to the deal's HubSpot properties — the store
 * keeps every value written — so the card shows what the record's properties and Salesforce
 * show, without computing or calling anything. null when no projection was written.
 */
async function projection(ctx: CardContext, dealId: string, digits: number): Promise<JsonObject | null> {
  const fields = ctx.objects().projection;
  if (!fields.amount) return null;
  const written = new Map(
    (await ctx.store.writeback.forRecord("hubspot", ctx.objects().deal, dealId)).map((w) => [
      w.field,
      w.value,
    ]),
  );
  const value = (field: string | null) => {
    const v = field ? written.get(field) : null;
    return v === null || v === undefined || v === "" ? null : String(v);
  };
  const amount = value(fields.amount);
  if (amount === null) return null;
  return {
    amount: new Dec(amount).toFixed(digits),
    explanation: value(fields.explanation) ?? "",
    wouldReachTier: value(fields.tier),
  };
}

export async function dealCard(ctx: CardContext, dealId: string): Promise<JsonObject> {
  const { store } = ctx;
  const canonical = await store.crmLinks.canonicalFor("hubspot", ctx.objects().deal, dealId);
  const [deal] = canonical ? await store.deals.getMany([canonical], { withRaw: false }) : [];
  // Not synced yet (or gone): the service has nothing computed for it.
  if (!deal || deal.deleted) return { status: "not_computed" };
  const [partner] = deal.partnerId ? await store.partners.getMany([deal.partnerId], { withRaw: false }) : [];
  if (!partner || partner.deleted) return { status: "no_partner" };

  const ids = await store.ledger.statementIds(partner.id);
  const latest = ids.at(-1);
  const latestRead = latest ? await ctx.statement(latest.id) : null;
  if (!latestRead) return { status: "not_computed" };
  const latestProgram = await ctx.program(latestRead.head.programVersion);
  const stage = str(deal.data.stage);
  // An open deal is projected into the current period (sync/compute/projections.ts, with the
  // run's clock): the card names that period, and the partner's tier in it when a statement
  // for it exists yet. Any other deal: the period it closed in, when the partner has a
  // statement for it; else the latest.
  const current = latestProgram ? currentPeriod(latestProgram, ctx.today()) : null;
  const own =
    stage === "open"
      ? current
      : deal.closeDate && latestProgram
        ? periodOf(latestProgram.period, deal.closeDate)
        : null;
  // A won deal whose period has no statement yet (closed after the last run): nothing computed
  // for it — not "counted", and no clawback window from a statement that is not its own.
  if (stage === "won" && own !== null && !ids.some((s) => s.period === own))
    return { status: "not_computed" };
  const ownId = ids.find((s) => s.period === own && s !== latest)?.id;
  const read = (ownId ? await ctx.statement(ownId) : null) ?? latestRead;
  const { head, st } = read;
  const period = stage === "open" && current ? current : head.period;
  const tier = head.period === period ? st.tier : null;
  const program = read === latestRead ? latestProgram : await ctx.program(head.programVersion);
  const lines = read.index.lines.get(deal.id) ?? [];
  const shown = cardDeal(
    ctx,
    { deal, hubspotId: dealId, lines },
    st,
    program,
    period,
    minorDigits(head.currency),
  );
  return {
    status: "ok",
    period,
    currency: head.currency,
    deal: {
      id: dealId,
      name: shown.name,
      amount: shown.amount,
      currency: shown.currency,
      stage,
      closeDate: shown.closeDate,
    },
    partner: { id: partner.id, name: partner.name, tier },
    incentive: shown.incentive,
    // CONTRACT.md lists `status` twice: the envelope keeps "ok", the deal's status has its own
    // key. An open or lost deal has no lines: its stage says why.
    incentiveStatus: stage === "won" || lines.length > 0 ? shown.status : (stage ?? "open"),
    lines: shown.lines as unknown as JsonObject[],
    projection: stage === "open" ? await projection(ctx, dealId, minorDigits(head.currency)) : null,
  };
}
