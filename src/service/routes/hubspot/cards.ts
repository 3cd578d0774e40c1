// GET /hubspot/cards/company/:companyId[?period=] and GET /hubspot/cards/deal/:dealId: what the
// HubSpot app cards show (CONTRACT.md, docs/hubspot-cards.md), mounted behind hubspotCardAuth.
// The query carries HubSpot's own parameters (userId, portalId, userEmail, appId) besides ours;
// others HubSpot may add are ignored, not refused (they are signed like the rest).
import type { RequestHandler } from "express";
import { z } from "zod";
import { periodSchema } from "../../../period/index.ts";
import type { Metrics } from "../../metrics.ts";
import type { CardName } from "../../middleware/hubspot-signature.ts";
import type { HubSpotCards, JsonObject } from "../../ports.ts";

// HubSpot record ids are numbers; the sandbox's too.
const recordId = z.string().regex(/^\d{1,30}$/, "must be a HubSpot record id");
const hubspotQuery = {
  userId: z.string().optional(),
  portalId: z.string().optional(),
  userEmail: z.string().optional(),
  appId: z.string().optional(),
};
/** A page of the company card's deals: 50 by default, at most 200 (hubspot.fetch answers ≤ 1 MB). */
const count = (max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.int().min(0).max(max));
export const DEALS_PAGE = 50;
const companyInput = z.object({
  params: z.object({ companyId: recordId }),
  query: z.object({
    ...hubspotQuery,
    period: periodSchema.optional(),
    dealsLimit: count(200).pipe(z.int().min(1)).default(DEALS_PAGE),
    dealsOffset: count(1_000_000).default(0),
  }),
});
const dealInput = z.object({
  params: z.object({ dealId: recordId }),
  query: z.object(hubspotQuery),
});

function cardRoute<T>(
  card: CardName,
  schema: z.ZodType<T>,
  metrics: Metrics,
  answer: (input: T) => Promise<JsonObject>,
): RequestHandler {
  return async (req, res) => {
    const parsed = schema.safeParse({ params: req.params, query: req.query });
    if (!parsed.success) {
      metrics.hubspotCardRequests.inc({ card, outcome: "bad_request" });
      const first = parsed.error.issues[0];
      res
        .status(400)
        .json({ error: `${first?.path.join(".") ?? "request"}: ${first?.message ?? "invalid"}` });
      return;
    }
    const body = await answer(parsed.data);
    metrics.hubspotCardRequests.inc({ card, outcome: String(body.status) });
    // Figures change with every run: a card always asks afresh.
    res.setHeader("Cache-Control", "no-store");
    res.json(body);
  };
}

export function companyCardRoute(cards: HubSpotCards, metrics: Metrics): RequestHandler {
  return cardRoute("company", companyInput, metrics, ({ params, query }) =>
    cards.company(params.companyId, {
      period: query.period ?? null,
      dealsLimit: query.dealsLimit,
      dealsOffset: query.dealsOffset,
    }),
  );
}

export function dealCardRoute(cards: HubSpotCards, metrics: Metrics): RequestHandler {
  return cardRoute("deal", dealInput, metrics, ({ params }) => cards.deal(params.dealId));
}
