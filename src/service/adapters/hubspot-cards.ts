// The HubSpot app cards' port over the store (src/service/cards): company and deal cards.
import { createCardContext } from "../cards/card-context.ts";
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
