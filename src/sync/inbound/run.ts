// Inbound: every configured CRM and entity (partners first, so deals find their partner),
// streamed page by page from the saved cursor (incremental) or from the start (full), each page
// applied in one store transaction with its cursor. Retryable quarantined records are re-read by
// id first. A full read also notices records that vanished without a tombstone.
import type { CrmName } from "../../../connectors/types.ts";
import { bump, crmsOf, type RunContext } from "../context.ts";
import { prefetchDeals } from "../deal-cache.ts";
import { type EntityName, readSpecFor } from "../mapping/index.ts";
import { ENTITIES, linkKey } from "../model.ts";
import { applyPage, emptyChanges, removeSide } from "./apply.ts";
import { persistPage } from "./persist.ts";

const BUDGET_CODES = new Set(["API_BUDGET_STOP", "HUBSPOT_DAILY_LIMIT"]);

export async function runInbound(ctx: RunContext): Promise<void> {
  for (const entity of ENTITIES) {
    for (const crm of crmsOf(ctx)) {
      if (ctx.signal?.aborted || ctx.budgetStopped.has(crm)) continue;
      try {
        await retryQuarantined(ctx, crm, entity);
        if (ctx.records) await readTargeted(ctx, crm, entity);
        else await readEntity(ctx, crm, entity);
      } catch (error) {
        // The API budget ran low: pages already applied stand (their cursor is saved); the run
        // goes on with what it has and reports a budget stop.
        const code = (error as { code?: unknown }).code;
        if (typeof code !== "string" || !BUDGET_CODES.has(code)) throw error;
        ctx.budgetStopped.add(crm);
        bump(ctx.counts, `budget_stop.${crm}`);
        ctx.log.warn({ crm, code }, "API budget stop while reading");
      }
    }
  }
}

/** Webhook-driven sync: re-read the announced records by id (unknown or deleted → tombstones). */
async function readTargeted(ctx: RunContext, crm: CrmName, entity: EntityName): Promise<void> {
  const spec = readSpecFor(ctx.mappings[crm]!, entity);
  const ids = [
    ...new Set((ctx.records ?? []).filter((r) => r.crm === crm && r.object === spec.object).map((r) => r.id)),
  ];
  await readIds(ctx, crm, entity, ids, "read.targeted");
}

async function readIds(ctx: RunContext, crm: CrmName, entity: EntityName, ids: string[], counter: string) {
  const spec = readSpecFor(ctx.mappings[crm]!, entity);
  const connector = ctx.connectors[crm]!;
  for (let i = 0; i < ids.length; i += 100) {
    const records = await connector.readByIds(
      spec.object,
      ids.slice(i, i + 100),
      spec.fields,
      spec.associations,
    );
    const changes = emptyChanges();
    await applyPage(ctx, crm, entity, records, changes);
    bump(ctx.counts, counter, records.length);
    await persistPage(ctx, changes, null);
  }
}

async function readEntity(ctx: RunContext, crm: CrmName, entity: EntityName): Promise<void> {
  const connector = ctx.connectors[crm]!;
  const spec = readSpecFor(ctx.mappings[crm]!, entity);
  const stored = ctx.mode === "incremental" ? await ctx.store.syncCursors.get(crm, spec.object) : null;
  const seen = ctx.mode === "full" ? new Set<string>() : null;
  ctx.progress.start(`read ${crm} ${spec.object}`, null);
  let pages = 0;
  for await (const page of connector.read({
    object: spec.object,
    fields: spec.fields,
    scope: spec.scope,
    associations: spec.associations,
    // No saved cursor yet: an incremental sync starts with a full read.
    mode: stored ? "incremental" : "full",
    cursor: stored,
    includeDeleted: true,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  })) {
    const changes = emptyChanges();
    await applyPage(ctx, crm, entity, page.records, changes);
    for (const r of page.records) if (!r.deleted) seen?.add(r.id);
    await persistPage(ctx, changes, { crm, object: spec.object, cursor: page.cursor });
    pages++;
    ctx.progress.tick(page.records.length);
    if (ctx.signal?.aborted) break;
  }
  ctx.progress.done();
  bump(ctx.counts, `pages.${crm}`, pages);
  if (seen && !ctx.signal?.aborted) await sweepVanished(ctx, crm, entity, spec.object, seen);
}

/**
 * After a full read: a linked record the CRM no longer returns is gone (deleted past the recycle
 * bin, or out of scope). The store's links are walked in pages, so memory stays bounded.
 */
async function sweepVanished(
  ctx: RunContext,
  crm: CrmName,
  entity: EntityName,
  object: string,
  seen: Set<string>,
): Promise<void> {
  const today = ctx.now.toISOString().slice(0, 10);
  const gone: string[] = [];
  let afterCrmId: string | null = null;
  for (;;) {
    const links = await ctx.store.crmLinks.page(crm, object, { afterCrmId, limit: 5000 });
    for (const l of links) if (!seen.has(l.crmId)) gone.push(l.crmId);
    if (links.length < 5000) break;
    afterCrmId = links.at(-1)!.crmId;
  }
  for (let i = 0; i < gone.length; i += 500) {
    const ids = gone.slice(i, i + 500);
    if (entity === "deal") await prefetchDeals(ctx, crm, object, ids, []);
    const changes = emptyChanges();
    for (const id of ids) {
      if (!ctx.ws.linksOf(entity).has(linkKey(crm, object, id))) continue;
      removeSide(ctx, crm, entity, object, id, today, "no longer in scope", changes);
    }
    if (changes.upserts.size + changes.deletes.size + changes.unlinks.length > 0) {
      await persistPage(ctx, changes, null);
    } else if (!ctx.dryRun) ctx.ws.evictDeals();
  }
}

/** Re-reads records quarantined as retryable (or flagged by an admin) until they map or hit the cap. */
async function retryQuarantined(ctx: RunContext, crm: CrmName, entity: EntityName): Promise<void> {
  const spec = readSpecFor(ctx.mappings[crm]!, entity);
  const ids: string[] = [];
  for (const [key, errors] of ctx.openErrors) {
    const [kcrm, kobject, kid] = key.split("\u0000") as [CrmName, string, string];
    if (kcrm !== crm || kobject !== spec.object) continue;
    const due = errors.some(
      (e) =>
        e.code.startsWith("inbound.") &&
        (e.retryRequested || (e.class === "retryable" && e.attempts < ctx.retryCap)),
    );
    if (due) ids.push(kid);
  }
  if (ids.length > 0) await readIds(ctx, crm, entity, ids, "retried.inbound");
}
