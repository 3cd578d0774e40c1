// Where a record opens in its CRM, for the console's links. Salesforce Lightning:
// https://developer.salesforce.com/docs/atlas.en-us.lightning.meta/lightning/components_navigation_page_definitions.htm
// (standard__recordPage, /lightning/r/{object}/{id}/view). HubSpot: the record page URL
// https://knowledge.hubspot.com/records/view-and-filter-records (…/contacts/{portalId}/record/{objectTypeId}/{id}).
import type { CrmName } from "../../../connectors/types.ts";

/** HubSpot's standard object type ids: https://developers.hubspot.com/docs/api/crm/understanding-the-crm */
const HUBSPOT_TYPE_IDS: Record<string, string> = { contacts: "0-1", companies: "0-2", deals: "0-3" };

export interface RecordLinkBases {
  /** The org's instance URL, e.g. https://acme.my.salesforce.com. */
  salesforce?: string | null;
  hubspot?: { appUrl: string; portalId: string | number } | null;
}

export type RecordLinks = (crm: CrmName, object: string, id: string) => string | undefined;

export function createRecordLinks(bases: RecordLinkBases): RecordLinks {
  const trim = (url: string) => url.replace(/\/+$/, "");
  return (crm, object, id) => {
    const e = encodeURIComponent;
    if (crm === "salesforce" && bases.salesforce) {
      return `${trim(bases.salesforce)}/lightning/r/${e(object)}/${e(id)}/view`;
    }
    if (crm === "hubspot" && bases.hubspot) {
      const type = HUBSPOT_TYPE_IDS[object] ?? object;
      return `${trim(bases.hubspot.appUrl)}/contacts/${e(String(bases.hubspot.portalId))}/record/${e(type)}/${e(id)}`;
    }
    return undefined;
  };
}
