// Inline associations on v3 object reads (`GET /crm/v3/objects/{type}[/{id}]?associations=…`):
// `associations.{toType}.results[] = {id, type}`, one entry per association type on each link
// ("deal_to_company_unlabeled" on every link, "deal_to_company" for the primary, a user-defined
// label's internal name), left out when the record has none of that type. At most
// INLINE_ASSOCIATION_LIMIT entries per record and type, in target id order; past that the block
// carries `paging.next.after` (an opaque cursor: here the offset of the next entry) and the rest
// must be read through the associations API.
// https://developers.hubspot.com/changelog/announcing-a-change-to-how-v3-crm-APIs-return-association-data
// ("if your request returns more than 100 associations, you will need to use the value of the
// after field returned in the response to get the next set of associated records")
// https://community.hubspot.com/t5/APIs-Integrations/Object-data-fetch-sorting-out-associations/td-p/658333
// (the entry shape and type names)

export const INLINE_ASSOCIATION_LIMIT = 100;

interface InlineEntry {
  id: string;
  type: string;
}

/** Caps each inline association block of a wire record (in place) and adds its paging. */
export function pageInlineAssociations(
  wire: Record<string, unknown>,
  limit: number = INLINE_ASSOCIATION_LIMIT,
): Record<string, unknown> {
  const blocks = wire.associations as Record<string, { results: InlineEntry[] }> | undefined;
  if (!blocks) return wire;
  for (const [toType, block] of Object.entries(blocks)) {
    const sorted = [...block.results].sort((a, b) => Number(a.id) - Number(b.id));
    if (sorted.length <= limit) {
      blocks[toType] = { results: sorted };
      continue;
    }
    blocks[toType] = { results: sorted.slice(0, limit), paging: { next: { after: String(limit) } } } as {
      results: InlineEntry[];
    };
  }
  return wire;
}
