// Deal → company (and other) associations through the v4 batch read, filtered by label: a deal
// is linked to its customer's company and to its partner's, and only the label tells them apart.
import type { AssociationRequest, CrmRecord } from "../types.ts";
import { type HubSpotContext, objectTypeOf } from "./context.ts";
import { HubSpotError } from "./errors.ts";
import { associationBatchSchema } from "./wire.ts";

/** v4 batch read takes at most 1,000 ids per request. */
const ASSOC_BATCH = 1_000;

/** The label to keep: the request's, else the configured partner label for deal → company. */
export function effectiveLabel(
  ctx: HubSpotContext,
  fromType: string,
  req: AssociationRequest,
): string | undefined {
  if (req.label !== undefined) return req.label;
  return fromType === "deals" && objectTypeOf(req.toObject) === "companies"
    ? ctx.config.partnerLabel
    : undefined;
}

export async function attachAssociations(
  ctx: HubSpotContext,
  objectType: string,
  records: CrmRecord[],
  requests: AssociationRequest[] | undefined,
  signal?: AbortSignal,
): Promise<void> {
  if (!requests?.length) return;
  const live = records.filter((r) => !r.deleted);
  for (const req of requests) {
    for (const r of records) r.associations[req.as] = [];
    const toType = objectTypeOf(req.toObject);
    const label = effectiveLabel(ctx, objectType, req)?.trim().toLowerCase();
    const byId = new Map(live.map((r) => [r.id, r]));
    const found = new Map<string, Set<string>>();
    const followed = new Set<string>();
    // Inputs still to read: every live record, then those whose associations ran to another page.
    let queue: Array<{ id: string; after?: string }> = live.map((r) => ({ id: r.id }));
    while (queue.length > 0) {
      const chunk = queue.slice(0, ASSOC_BATCH);
      queue = queue.slice(ASSOC_BATCH);
      // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/batch/post-crm-v4-associations-fromObjectType-toObjectType-batch-read
      const raw = await ctx.policy.run(
        "read",
        `associations ${objectType}→${toType}`,
        () => ctx.apis.associationsV4.batchApi.getPage(objectType, toType, { inputs: chunk }),
        signal,
      );
      const parsed = associationBatchSchema.safeParse(raw);
      if (!parsed.success) throw new HubSpotError("HUBSPOT_BAD_RESPONSE", "unexpected associations response");
      // Records with no association at all come back as 207 NO_ASSOCIATIONS_FOUND errors: empty.
      for (const result of parsed.data.results) {
        const fromId = result._from?.id ?? result.from?.id;
        if (!fromId || !byId.has(fromId)) continue;
        const ids = found.get(fromId) ?? new Set<string>();
        found.set(fromId, ids);
        for (const t of result.to) {
          const keep =
            label === undefined ||
            t.associationTypes.some((a) => (a.label ?? "").trim().toLowerCase() === label);
          if (keep) ids.add(String(t.toObjectId));
        }
        const after = result.paging?.next?.after;
        // A cursor seen before would loop forever: follow each one once.
        if (after && !followed.has(`${fromId}|${after}`)) {
          followed.add(`${fromId}|${after}`);
          queue.push({ id: fromId, after });
        }
      }
    }
    for (const [id, ids] of found) {
      const rec = byId.get(id);
      if (rec) rec.associations[req.as] = [...ids];
    }
  }
}
