// Deal → company (and other) associations through the v4 batch read, filtered by label: a deal
// is linked to its customer's company and to its partner's, and only the label tells them apart.
// Full reads take them from the list response instead (inline-associations.ts) and come here
// only for the records the inline shape cannot answer.
import type { AssociationRequest, CrmRecord } from "../types.ts";
import { type HubSpotContext, objectTypeOf } from "./context.ts";
import { HubSpotError } from "./errors.ts";
import { associationBatchSchema } from "./wire.ts";

/** v4 batch read takes at most 1,000 ids per request. */
const ASSOC_BATCH = 1_000;

/** One association type on a link, as the v4 API reports it. */
export interface LinkType {
  category: string;
  typeId: number;
  label: string | null;
}

/** fromId → toId → the link's association types (every live record has an entry). */
export type LinkTypes = Map<string, Map<string, LinkType[]>>;

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

/** The label as compared: trimmed, case-insensitive; undefined keeps every association. */
export function normalizedLabel(
  ctx: HubSpotContext,
  fromType: string,
  req: AssociationRequest,
): string | undefined {
  return effectiveLabel(ctx, fromType, req)?.trim().toLowerCase();
}

export function labelMatches(label: string | null, wanted: string | undefined): boolean {
  return wanted === undefined || (label ?? "").trim().toLowerCase() === wanted;
}

/**
 * Every association of `ids` to `toType`, with its types, following each input's pages.
 * Records with no association at all come back as 207 NO_ASSOCIATIONS_FOUND errors: empty.
 */
export async function readLinkTypes(
  ctx: HubSpotContext,
  objectType: string,
  toType: string,
  ids: string[],
  signal?: AbortSignal,
): Promise<LinkTypes> {
  const out: LinkTypes = new Map(ids.map((id) => [id, new Map()]));
  const followed = new Set<string>();
  // Inputs still to read: every record, then those whose associations ran to another page.
  let queue: Array<{ id: string; after?: string }> = ids.map((id) => ({ id }));
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
    for (const result of parsed.data.results) {
      const fromId = result._from?.id ?? result.from?.id;
      const links = fromId === undefined ? undefined : out.get(fromId);
      if (!fromId || !links) continue;
      for (const t of result.to) {
        const toId = String(t.toObjectId);
        const types = links.get(toId) ?? [];
        links.set(toId, types);
        for (const a of t.associationTypes) {
          types.push({ category: a.category ?? "", typeId: a.typeId ?? -1, label: a.label ?? null });
        }
      }
      const after = result.paging?.next?.after;
      // A cursor seen before would loop forever: follow each one once.
      if (after && !followed.has(`${fromId}|${after}`)) {
        followed.add(`${fromId}|${after}`);
        queue.push({ id: fromId, after });
      }
    }
  }
  return out;
}

/** The targets whose link carries the wanted label (all targets when none is wanted). */
export function keptTargets(
  links: Map<string, LinkType[]> | undefined,
  wanted: string | undefined,
): string[] {
  const kept: string[] = [];
  for (const [toId, types] of links ?? []) {
    if (wanted === undefined || types.some((t) => labelMatches(t.label, wanted))) kept.push(toId);
  }
  return kept;
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
    const links = await readLinkTypes(
      ctx,
      objectType,
      objectTypeOf(req.toObject),
      live.map((r) => r.id),
      signal,
    );
    const label = normalizedLabel(ctx, objectType, req);
    for (const r of live) r.associations[req.as] = keptTargets(links.get(r.id), label);
  }
}
