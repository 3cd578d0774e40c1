// Streamed reads: incremental through the search API (search-walker), full through the list
// endpoint, then archived records since the cursor as tombstones (search never returns them).
// Search pages read their associations with one v4 batch call each; list pages carry them
// inline (inline-associations.ts), so a full read costs one call per 100 records.
import type { CrmRecord, ReadPage, ReadRequest, ScopeCondition } from "../types.ts";
import { attachAssociations } from "./associations.ts";
import { type HubSpotContext, objectTypeOf } from "./context.ts";
import { type HubSpotCursor, parseCursor, toSyncCursor } from "./cursor.ts";
import { HubSpotError } from "./errors.ts";
import {
  attachInlineAssociations,
  InlineAssociationResolver,
  inlineAssociationTypes,
} from "./inline-associations.ts";
import { systemProperties, toCrmRecord, tombstone } from "./records.ts";
import { matchesScope } from "./scope.ts";
import { type SearchFilter, type SearchFn, walkChanges } from "./search-walker.ts";
import { batchResponseSchema, listPageSchema, searchPageSchema, toEpochMs, type WireObject } from "./wire.ts";

const LIST_LIMIT = 100;

const OPERATORS: Record<ScopeCondition["op"], string> = {
  eq: "EQ",
  neq: "NEQ",
  in: "IN",
  not_in: "NOT_IN",
  gt: "GT",
  gte: "GTE",
  lt: "LT",
  lte: "LTE",
  is_null: "NOT_HAS_PROPERTY",
  not_null: "HAS_PROPERTY",
};

export function scopeFilters(scope: ScopeCondition[] | undefined): SearchFilter[] {
  return (scope ?? []).map((c) => {
    const f: SearchFilter = { propertyName: c.field, operator: OPERATORS[c.op] };
    if (c.op === "in" || c.op === "not_in") {
      f.values = (Array.isArray(c.value) ? c.value : [String(c.value ?? "")]).map(String);
    } else if (c.op !== "is_null" && c.op !== "not_null") {
      f.value = String(c.value ?? "");
    }
    return f;
  });
}

function startCursor(ctx: HubSpotContext, req: ReadRequest, prev: HubSpotCursor | null): HubSpotCursor {
  const until = Math.max(0, ctx.now() - ctx.config.searchLagMs);
  const base = {
    v: 1 as const,
    crm: "hubspot" as const,
    object: req.object,
    window: null,
    seen: [],
    idWalk: null,
    listAfter: null,
  };
  if (req.mode === "full")
    return {
      ...base,
      mode: "full",
      phase: "list",
      since: prev?.until !== undefined ? prev.until + 1 : 0,
      until,
    };
  if (prev && prev.phase !== "done") return prev; // resume the interrupted run
  const since = prev ? prev.until + 1 : 0;
  return { ...base, mode: "incremental", phase: "changes", since, until: Math.max(until, since - 1) };
}

export async function* readPages(ctx: HubSpotContext, req: ReadRequest): AsyncGenerator<ReadPage> {
  const objectType = objectTypeOf(req.object);
  const props = await ctx.properties(objectType);
  const unknown = req.fields.filter((f) => !props.has(f));
  if (unknown.length > 0)
    ctx.logger.warn({ object: objectType, fields: unknown }, "fields not defined in HubSpot; read as null");
  // Scope fields too: full reads evaluate the scope client-side on what the list returns.
  const scopeFields = (req.scope ?? []).map((c) => c.field);
  const wanted = [...new Set([...req.fields, ...scopeFields, ...systemProperties(objectType)])].filter((f) =>
    props.has(f),
  );
  const prev = parseCursor(req.cursor, req.object);
  const resumingFull = prev?.mode === "full" && prev.phase !== "done" && req.mode === "full";
  let c = resumingFull && prev ? prev : startCursor(ctx, req, prev);
  const includeDeleted = req.includeDeleted ?? req.mode === "incremental";

  const toPage = async (wire: WireObject[], cursor: HubSpotCursor): Promise<ReadPage> => {
    const records = wire.map((w) => toCrmRecord(req.object, objectType, w, req.fields, props));
    await attachAssociations(ctx, objectType, records, req.associations, req.signal);
    return { records, cursor: toSyncCursor(cursor) };
  };
  const inlineTypes = inlineAssociationTypes(req.associations);
  const resolver = new InlineAssociationResolver();
  const toListPage = async (wire: WireObject[], cursor: HubSpotCursor): Promise<ReadPage> => {
    const records = wire.map((w) => toCrmRecord(req.object, objectType, w, req.fields, props));
    await attachInlineAssociations(ctx, objectType, records, wire, req.associations, resolver, req.signal);
    return { records, cursor: toSyncCursor(cursor) };
  };

  if (c.phase === "changes") {
    const search: SearchFn = async (q) => {
      // https://developers.hubspot.com/docs/api-reference/search/guide (POST /crm/v3/objects/{objectType}/search)
      const raw = await ctx.policy.run(
        "search",
        `search ${objectType}`,
        () =>
          ctx.apis.objects.searchApi.doSearch(objectType, {
            filterGroups: [{ filters: q.filters as never }],
            // The client types sorts as string[]; HubSpot takes {propertyName, direction} objects.
            sorts: [{ propertyName: q.sortBy, direction: "ASCENDING" }] as never,
            properties: wanted,
            limit: q.limit,
          }),
        req.signal,
      );
      const parsed = searchPageSchema.safeParse(raw);
      if (!parsed.success)
        throw new HubSpotError("HUBSPOT_BAD_RESPONSE", `unexpected search response for ${objectType}`);
      return parsed.data;
    };
    for await (const step of walkChanges(c, search, {
      pageSize: ctx.config.searchPageSize,
      scope: scopeFilters(req.scope),
    })) {
      c = step.cursor;
      if (step.records.length > 0) yield await toPage(step.records, c);
    }
  }

  if (c.phase === "list") {
    for (;;) {
      const after = c.listAfter;
      const page = await listPage(ctx, objectType, wanted, after, false, req.signal, inlineTypes);
      const next = page.paging?.next?.after ?? null;
      c = next ? { ...c, listAfter: next } : { ...c, phase: "deleted", listAfter: null };
      const inScope = page.results.filter((w) => matchesScope(w, req.scope));
      if (inScope.length > 0) yield await toListPage(inScope, c);
      if (!next) break;
    }
  }

  if (c.phase === "deleted") {
    if (includeDeleted) {
      for (;;) {
        const page = await listPage(ctx, objectType, ["hs_object_id"], c.listAfter, true, req.signal);
        const next = page.paging?.next?.after ?? null;
        c = next ? { ...c, listAfter: next } : { ...c, phase: "done", listAfter: null };
        const gone: CrmRecord[] = [];
        for (const w of page.results) {
          const at = toEpochMs(w.archivedAt) ?? toEpochMs(w.updatedAt);
          // Full reads report every archived record; incremental ones those archived in this run's range.
          if (c.mode === "full" || at === undefined || (at >= c.since && at <= c.until)) {
            gone.push(tombstone(req.object, w.id, w.archivedAt ?? w.updatedAt));
          }
        }
        if (gone.length > 0 || !next) yield { records: gone, cursor: toSyncCursor(c) };
        if (!next) break;
      }
    } else {
      c = { ...c, phase: "done", listAfter: null };
      yield { records: [], cursor: toSyncCursor(c) };
    }
  }
}

async function listPage(
  ctx: HubSpotContext,
  objectType: string,
  properties: string[],
  after: string | null,
  archived: boolean,
  signal: AbortSignal | undefined,
  associations: string[] = [],
) {
  // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/basic/get-crm-v3-objects-0-3 (GET /crm/v3/objects/{objectType})
  // `associations` returns each record's links to those types inline (at most 100 per type).
  const raw = await ctx.policy.run(
    "read",
    `list ${archived ? "archived " : ""}${objectType}`,
    () =>
      ctx.apis.objects.basicApi.getPage(
        objectType,
        LIST_LIMIT,
        after ?? undefined,
        properties,
        undefined,
        associations.length > 0 ? associations : undefined,
        archived,
      ),
    signal,
  );
  const parsed = listPageSchema.safeParse(raw);
  if (!parsed.success)
    throw new HubSpotError("HUBSPOT_BAD_RESPONSE", `unexpected list response for ${objectType}`);
  return parsed.data;
}

/** Targeted read (webhooks): unknown or archived ids come back as tombstones. */
export async function readByIds(
  ctx: HubSpotContext,
  object: string,
  ids: string[],
  fields: string[],
  associations: ReadRequest["associations"],
): Promise<CrmRecord[]> {
  const objectType = objectTypeOf(object);
  const props = await ctx.properties(objectType);
  const wanted = [...new Set([...fields, ...systemProperties(objectType)])].filter((f) => props.has(f));
  const out: CrmRecord[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += ctx.config.batchSize) {
    const chunk = unique.slice(i, i + ctx.config.batchSize);
    // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/batch/post-crm-v3-objects-0-3-batch-read
    const raw = await ctx.policy.run("read", `batch read ${objectType}`, () =>
      ctx.apis.objects.batchApi.read(objectType, {
        inputs: chunk.map((id) => ({ id })),
        properties: wanted,
        propertiesWithHistory: [],
      }),
    );
    const parsed = batchResponseSchema.safeParse(raw);
    if (!parsed.success)
      throw new HubSpotError("HUBSPOT_BAD_RESPONSE", `unexpected batch read response for ${objectType}`);
    const found = new Map(parsed.data.results.map((w) => [w.id, w]));
    const records: CrmRecord[] = [];
    for (const w of found.values()) records.push(toCrmRecord(object, objectType, w, fields, props));
    // A merged-away id resolves to its survivor; anything else missing is gone.
    const covered = new Set(records.flatMap((r) => [r.id, ...r.mergedIds]));
    for (const id of chunk) if (!covered.has(id)) records.push(tombstone(object, id, undefined));
    await attachAssociations(ctx, objectType, records, associations);
    out.push(...records);
  }
  return out;
}
