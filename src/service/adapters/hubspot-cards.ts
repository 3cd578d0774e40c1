// The HubSpot app cards' port over the store (src/service/cards): company and deal cards.
import type { Mapping } from "../../sync/mapping/index.ts";
import { type CardObjects, createCardContext, DEFAULT_OBJECTS } from "../cards/card-context.ts";
import { companyCard } from "../cards/company-card.ts";
import { dealCard } from "../cards/deal-card.ts";
import type { HubSpotCards } from "../ports.ts";

export function createHubSpotCards(deps: Parameters<typeof createCardContext>[0]): HubSpotCards {
  const ctx = createCardContext(deps);
  return {
    company: (companyId, query) => companyCard(ctx, companyId, query),
    deal: (dealId) => dealCard(ctx, dealId),
  };
}

/** What the live HubSpot mapping names (it may change between runs: read on each card). */
export function cardObjects(mapping: Mapping | undefined): CardObjects {
  if (!mapping) return DEFAULT_OBJECTS;
  const { partner, deal } = mapping.entities;
  const field = (name: string) => deal.fields[name]?.crm_field ?? null;
  return {
    partner: partner.object,
    deal: deal.object,
    projection: {
      amount: field("projected_incentive"),
      explanation: field("projected_explanation"),
      tier: field("projected_tier"),
    },
  };
}
