// Renders a card's content to a standalone HTML page framed like a HubSpot record page's card
// (company: a record tab, full width; deal: the right sidebar), for the screenshots in docs/.
// Loaded with @hubspot/ui-extensions swapped for ./hubspot-ui.tsx (see that file).
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { CompanyCardView } from "../components/CompanyCardView";

export { DEALS_PER_PAGE } from "../components/CompanyCardView";

import { DealCardView } from "../components/DealCardView";
import type { CompanyCardOk, DealCardOk } from "../lib/response";
import { HUBSPOT_UI_CSS } from "./hubspot-ui-css";

function page(title: string, width: number, sidebar: boolean, content: ReactNode): string {
  const body = renderToStaticMarkup(
    <div className="hs-page" style={{ width }}>
      <section className={sidebar ? "hs-record-card hs-sidebar" : "hs-record-card"} id="card">
        <header className="hs-record-card-header">
          <span>{title}</span>
          <span className="hs-app">Partner Incentives app</span>
        </header>
        <div className="hs-record-card-body">{content}</div>
      </section>
    </div>,
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>${HUBSPOT_UI_CSS}</style></head><body>${body}</body></html>`;
}

/** The company record tab card (partner-incentives-company-hsmeta.json). */
export function companyCardPage(data: CompanyCardOk): string {
  return page(
    "Partner incentives",
    1180,
    false,
    <CompanyCardView data={data} onPeriodChange={() => undefined} onDealsPageChange={() => undefined} />,
  );
}

/** The deal record sidebar card (partner-incentives-deal-hsmeta.json). */
export function dealCardPage(data: DealCardOk): string {
  return page("Partner incentive", 440, true, <DealCardView data={data} />);
}
