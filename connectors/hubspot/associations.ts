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
    for (let i = 0; i < live.length; i += ASSOC_BATCH) {
      const chunk = live.slice(i, i + ASSOC_BATCH);
      // https://developers.hubspot.com/docs/api-reference/crm-associations-v4/batch/post-crm-v4-associations-fromObjectType-toObjectType-batch-read
      const raw = await ctx.policy.run(
        "read",
        `associations ${objectType}→${toType}`,
        () =>
          ctx.apis.associationsV4.batchApi.getPage(objectType, toType, {
            inputs: chunk.map((r) => ({ id: r.id })),
          }),
        signal,
      );
      const parsed = associationBatchSchema.safeParse(raw);
      if (!parsed.success) throw new HubSpotError("HUBSPOT_BAD_RESPONSE", "unexpected associations response");
      const byId = new Map(chunk.map((r) => [r.id, r]));
      for (const result of parsed.data.results) {
        const fromId = result._from?.id ?? result.from?.id;
        const rec = fromId ? byId.get(fromId) : undefined;
        if (!rec) continue;
        if (result.paging?.next?.after) {
          ctx.logger.warn(
            { object: objectType, id: rec.id },
            "more than one page of associations; extra pages ignored",
          );
        }
        const ids = result.to
          .filter(
            (t) =>
              label === undefined ||
              t.associationTypes.some((a) => (a.label ?? "").trim().toLowerCase() === label),
          )
          .map((t) => String(t.toObjectId));
        rec.associations[req.as] = [...new Set(ids)];
      }
    }
  }
}
