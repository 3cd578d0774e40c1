// Partners for the console: server-side search over the store (name, key or domain, paged in
// name order), and one partner's page: its canonical data, its record in each CRM, the last
// statement of every period (tier history, payable, funds) and the program's scorecard.
import type { CrmName } from "../../../connectors/types.ts";
import { parseDocument } from "../../engine/index.ts";
import { periodStart } from "../../period/index.ts";
import type { Store } from "../../store/index.ts";
import type { RecordLinks } from "../console/record-links.ts";
import { HttpError } from "../errors.ts";
import type { JsonObject, JsonValue, PartnerDetail, PartnersAdmin } from "../ports.ts";

/** The cursor is the last row's sort key as the database computed it, [lower(name), id], base64url JSON. */
function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string") {
      return { name: v[0], id: v[1] };
    }
  } catch {}
  throw new HttpError("VALIDATION_FAILED", "invalid cursor", {
    problems: [{ path: "query.cursor", message: "pass back a nextCursor from a previous page" }],
  });
}

export function createPartnersAdmin(deps: { store: Store; links: RecordLinks }): PartnersAdmin {
  const { store } = deps;
  return {
    async search({ q, limit, cursor }) {
      const page = await store.partnerDirectory.search({
        query: q ?? "",
        limit,
        ...(cursor ? { after: decodeCursor(cursor) } : {}),
      });
      const { last } = page;
      return {
        items: page.items,
        total: page.total,
        nextCursor:
          page.items.length === limit && last
            ? Buffer.from(JSON.stringify([last.name, last.id])).toString("base64url")
            : null,
      };
    },
    async get(partnerId): Promise<PartnerDetail | null> {
      const partner = await store.partners.get(partnerId);
      if (!partner) return null;
      const links = await store.crmLinks.linksOf(partnerId);
      const periods = await store.partnerDirectory.periods(partnerId);
      let scorecard: JsonValue[] = [];
      const latest = periods.at(-1);
      const versions = await store.programVersions.list();
      const name = versions.at(-1)?.name;
      if (name) {
        const on = latest ? periodStart(latest.period) : new Date().toISOString().slice(0, 10);
        const version = (await store.programVersions.effectiveOn(name, on)) ?? versions.at(-1)!;
        const doc = parseDocument(version.yaml);
        const card = doc.ok ? (doc.value as { scorecard?: unknown }).scorecard : undefined;
        if (Array.isArray(card)) scorecard = card as JsonValue[];
      }
      return {
        id: partner.id,
        name: partner.name,
        data: partner.data as JsonObject,
        records: links.map((l) => {
          const url = deps.links(l.crm as CrmName, l.object, l.crmId);
          return { crm: l.crm as CrmName, object: l.object, id: l.crmId, ...(url ? { url } : {}) };
        }),
        periods,
        scorecard,
      };
    },
  };
}
