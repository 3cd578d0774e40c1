// Applies one page of CRM records to the working set: map, load the deals it can touch, link to
// a canonical record, merge the record's sides, and collect what changed for the page's store
// transaction. A record that
// does not map is quarantined; the rest of the page goes on.
import type { CrmName, CrmRecord } from "../../../connectors/types.ts";
import { bump, type QuarantineInput, type RunContext } from "../context.ts";
import { prefetchDeals } from "../deal-cache.ts";
import { dealProblem } from "../deal-plausibility.ts";
import {
  changedFields,
  type EntityMapping,
  type EntityName,
  formatInboundError,
  type InboundError,
  mapInboundBatch,
} from "../mapping/index.ts";
import { canonicalId, type Entry, linkKey, type Side, sameJson } from "../model.ts";
import { mergeSides } from "./merge.ts";

export interface PageChanges {
  /** Entries to upsert (new or changed). */
  upserts: Map<string, Entry>;
  /** Entries to tombstone. */
  deletes: Map<string, Entry>;
  /** New crm_links rows. */
  links: Array<{ canonicalId: string; crm: CrmName; object: string; crmId: string }>;
  /** Links to drop (a record merged away or deleted). */
  unlinks: Array<{ crm: CrmName; object: string; crmId: string }>;
  quarantine: QuarantineInput[];
  /** Records that mapped cleanly (their open inbound errors are resolved). */
  resolved: Array<{ crm: CrmName; object: string; id: string }>;
}

export function emptyChanges(): PageChanges {
  return { upserts: new Map(), deletes: new Map(), links: [], unlinks: [], quarantine: [], resolved: [] };
}

/**
 * The connector replaced characters no store can hold (NUL, control characters, lone
 * surrogates) with U+FFFD: the record goes on, and the run names it so someone can fix the
 * value in the CRM.
 */
function noteRepairedText(ctx: RunContext, records: CrmRecord[]): void {
  for (const r of records) {
    if (!r.repaired || r.repaired.length === 0) continue;
    bump(ctx.counts, "repaired.text", r.repaired.length);
    ctx.log.warn(
      { crm: r.crm, object: r.object, recordId: r.id, fields: r.repaired },
      `${r.crm} ${r.object} ${r.id}: unsafe characters replaced with U+FFFD in ${r.repaired.map((x) => x.field).join(", ")}`,
    );
  }
}

/** Mapping error → quarantine class: an unmapped picklist value is a mapping gap (config). */
function classOf(e: InboundError): QuarantineInput["class"] {
  if (e.code === "unmapped_value" || e.code === "wrong_object") return "config";
  return "permanent";
}

/** Inbound errors use the canonical field; quarantine rows keep the CRM field too. */
function quarantineOf(e: InboundError): QuarantineInput {
  return {
    crm: e.crm,
    object: e.object,
    recordId: e.recordId,
    field: e.crm_field ?? e.field,
    code: `inbound.${e.code}`,
    reason: formatInboundError(e),
    class: classOf(e),
  };
}

type Batch = ReturnType<typeof mapInboundBatch>;
type Mapped = Batch["mapped"][number];

/** One page being applied: what every record of it needs. */
interface Page {
  ctx: RunContext;
  crm: CrmName;
  entity: EntityName;
  em: EntityMapping;
  byId: Map<string, CrmRecord>;
  /** The CRM field the service writes the canonical key to, when mapped. */
  keyField: string | undefined;
  changes: PageChanges;
}

export async function applyPage(
  ctx: RunContext,
  crm: CrmName,
  entity: EntityName,
  records: CrmRecord[],
  changes: PageChanges,
): Promise<void> {
  const mapping = ctx.mappings[crm]!;
  const em = mapping.entities[entity];
  const batch = mapInboundBatch(mapping, entity, records);
  const page: Page = {
    ctx,
    crm,
    entity,
    em,
    byId: new Map(records.map((r) => [r.id, r])),
    keyField: em.fields.incentive_key?.crm_field,
    changes,
  };
  if (entity === "deal") await prefetchPageDeals(page, batch, records);
  bump(ctx.counts, `read.${crm}`, records.length);
  noteRepairedText(ctx, records);
  for (const r of batch.rejected) {
    for (const e of r.errors) changes.quarantine.push(quarantineOf(e));
    bump(ctx.counts, "quarantined.inbound");
  }
  for (const d of batch.deleted) {
    removeSide(
      ctx,
      crm,
      entity,
      em.object,
      d.id,
      dateOf(page.byId.get(d.id)?.modifiedAt, ctx.now),
      "deleted",
      changes,
    );
    for (const merged of d.mergedIds) {
      removeSide(ctx, crm, entity, em.object, merged, dateOf(undefined, ctx.now), "merged", changes);
    }
  }
  for (const m of batch.mapped) applyMapped(page, m);
}

/** What a record's canonical id derives from when nothing links it yet: match key, mirror, or itself. */
function basisOf(page: Page, m: Mapped): string {
  return m.matchKey ?? (m.mirrorOf ? m.mirrorOf.id : null) ?? `${page.crm}:${page.em.object}:${m.id}`;
}

/**
 * Every deal this page can touch, loaded in one go: linked ones, merged-away ones, and the ones
 * its written keys and match keys name (a mirror read earlier from the other CRM).
 */
async function prefetchPageDeals(page: Page, batch: Batch, records: CrmRecord[]): Promise<void> {
  const crmIds = [
    ...records.map((r) => r.id),
    ...batch.deleted.flatMap((d) => d.mergedIds),
    ...batch.mapped.flatMap((m) => m.mergedIds),
  ];
  const candidates = batch.mapped.flatMap((m) => {
    const written = page.keyField ? page.byId.get(m.id)?.fields[page.keyField] : null;
    return [
      canonicalId(page.entity, basisOf(page, m)),
      ...(typeof written === "string" && written ? [written] : []),
    ];
  });
  await prefetchDeals(page.ctx, page.crm, page.em.object, crmIds, candidates);
}

/** One mapped record: linked to its canonical entry, its side merged, the change collected. */
function applyMapped(page: Page, m: Mapped): void {
  const { ctx, crm, entity, em, changes } = page;
  const record = page.byId.get(m.id)!;
  for (const merged of m.mergedIds) {
    if (merged !== m.id)
      removeSide(ctx, crm, entity, em.object, merged, dateOf(m.modifiedAt, ctx.now), "merged", changes);
  }
  let partnerId: string | null = null;
  if (entity === "deal") {
    const accepted = acceptDeal(page, m);
    if (accepted === undefined) return;
    partnerId = accepted;
  }
  const { id, existingId, basis } = identityOf(page, m, record);
  const map = ctx.ws.of(entity);
  let entry = map.get(id);
  const before = entry?.raw.sides[crm];
  if (entry && before && before.id !== m.id) {
    // Two records of one CRM claim the same partner/deal (duplicate domain, say).
    quarantine(page, {
      crm,
      object: em.object,
      recordId: m.id,
      field: em.match_key.crm_field,
      code: "inbound.duplicate_match_key",
      reason: `${crm} ${em.object} ${m.id}: ${em.match_key.canonical} ${basis} is already linked to ${before.id}`,
      class: "permanent",
    });
    return;
  }
  const previousData = entry && !entry.deleted ? { ...entry.data } : null;
  if (!entry) {
    entry = { id, entity, data: {}, raw: { sides: {} }, deleted: false };
    map.set(id, entry);
  }
  const side = sideOf(page, m, record, partnerId, before);
  if (
    before &&
    sameFields(before.fields, side.fields) &&
    sameJson(sorted(before.values), sorted(side.values)) &&
    !entry.deleted
  ) {
    // Nothing new (typically the echo of the service's own write).
    bump(ctx.counts, "skipped.unchanged_inbound");
    changes.resolved.push({ crm, object: em.object, id: m.id });
    return;
  }
  entry.raw.sides[crm] = side;
  if (entry.raw.removed?.[crm]) {
    const { [crm]: _back, ...rest } = entry.raw.removed;
    entry.raw.removed = rest;
  }
  if (!existingId) {
    ctx.ws.linksOf(entity).set(linkKey(crm, em.object, m.id), id);
    changes.links.push({ canonicalId: id, crm, object: em.object, crmId: m.id });
    if (previousData) bump(ctx.counts, `linked.${entity}`);
  }
  rebuild(ctx, entry, previousData);
  entry.deleted = false;
  changes.upserts.set(entry.id, entry);
  changes.deletes.delete(entry.id);
  changes.resolved.push({ crm, object: em.object, id: m.id });
  bump(ctx.counts, `upserted.${entity}`);
}

function quarantine(page: Page, q: QuarantineInput): void {
  page.changes.quarantine.push(q);
  bump(page.ctx.counts, "quarantined.inbound");
}

/**
 * A deal's canonical partner id, or undefined when the deal is quarantined: its partner is not
 * synced, or the computation could not use it. Either is decided before the deal touches the
 * working set, so the store keeps its last good values and nothing it earned is reversed.
 */
function acceptDeal(page: Page, m: Mapped): string | undefined {
  const { ctx, crm, em } = page;
  const partnerObject = ctx.mappings[crm]!.entities.partner.object;
  const partnerId = ctx.ws.links.get(linkKey(crm, partnerObject, m.partnerRefs[0] ?? "")) ?? null;
  if (!partnerId) {
    quarantine(page, {
      crm,
      object: em.object,
      recordId: m.id,
      field: "partner_ref",
      code: "inbound.partner_unknown",
      reason: `${crm} ${em.object} ${m.id}: partner ${m.partnerRefs[0]} is not a synced partner (out of scope or not read yet)`,
      class: "retryable",
    });
    return undefined;
  }
  const problem = ctx.dealRules
    ? dealProblem(m.values as { close_date?: unknown; currency?: unknown }, ctx.dealRules)
    : null;
  if (problem) {
    const crmField = em.fields[problem.field]?.crm_field ?? problem.field;
    quarantine(page, {
      crm,
      object: em.object,
      recordId: m.id,
      field: crmField,
      code: problem.code,
      reason: `${crm} ${em.object} ${m.id}: ${problem.reason}`,
      class: problem.class,
    });
    bump(ctx.counts, `quarantined.${problem.code.slice("inbound.".length)}`);
    ctx.log.warn(
      { crm, object: em.object, recordId: m.id, field: crmField, code: problem.code },
      `${crm} ${em.object} ${m.id}: ${problem.reason}; quarantined, last good values kept`,
    );
    return undefined;
  }
  return partnerId;
}

/** Identity: an existing link, else the key the service wrote on the record, else the match key. */
function identityOf(
  page: Page,
  m: Mapped,
  record: CrmRecord,
): { id: string; existingId: string | undefined; basis: string } {
  const { ctx, crm, entity, em, keyField } = page;
  const existingId = ctx.ws.linksOf(entity).get(linkKey(crm, em.object, m.id));
  const written = keyField ? record.fields[keyField] : null;
  const basis = basisOf(page, m);
  let id = existingId;
  if (!id && typeof written === "string" && ctx.ws.of(entity).has(written)) id = written;
  if (!id) id = canonicalId(entity, basis);
  return { id, existingId, basis };
}

/**
 * The record as this CRM's side of its entry. Per-field edit times are kept only for fields
 * written both ways (the `latest` policy needs them), and only for edits the service did not make.
 */
function sideOf(
  page: Page,
  m: Mapped,
  record: CrmRecord,
  partnerId: string | null,
  before: Side | undefined,
): Side {
  const { ctx, crm, entity, em } = page;
  const side: Side = {
    id: m.id,
    object: em.object,
    modifiedAt: m.modifiedAt,
    modifiedBy: m.modifiedBy,
    fields: record.fields,
    values: m.values as Side["values"],
    ...(entity === "deal" ? { partnerId } : {}),
  };
  const ours = ctx.integrationUsers[crm] && m.modifiedBy === ctx.integrationUsers[crm];
  const userAt: Record<string, string> = { ...(before?.userAt ?? {}) };
  for (const [name, f] of Object.entries(em.fields)) {
    if (f.direction !== "both") continue;
    const value = side.values[name];
    if (!before || before.values[name] !== value) {
      if (!ours) userAt[name] = m.modifiedAt;
    }
  }
  if (Object.keys(userAt).length > 0) side.userAt = userAt;
  return side;
}

/** Equal as CRM values ("0" = "0.00", equal instants), whatever the key order. */
function sameFields(a: Side["fields"], b: Side["fields"]): boolean {
  return Object.keys(changedFields(a, b)).length === 0 && Object.keys(changedFields(b, a)).length === 0;
}

function sorted<T>(o: Record<string, T>): Array<[string, T]> {
  return Object.entries(o).sort(([x], [y]) => (x < y ? -1 : 1));
}

function dateOf(iso: string | undefined, now: Date): string {
  return (iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso : now.toISOString()).slice(0, 10);
}

/** Recomputes an entry's canonical values from its sides. */
export function rebuild(
  ctx: RunContext,
  entry: Entry,
  previous: Record<string, Entry["data"][string]> | null,
): void {
  const base = (ctx.baseline.get(entry.id) as typeof previous | undefined) ?? previous;
  const merged = mergeSides(ctx.mappings, entry.entity, entry.raw.sides, base);
  for (const c of merged.conflicts) {
    ctx.conflicts.push({
      partner: entry.id,
      field: c.field,
      winner: c.decision.winner,
      reason: c.decision.reason,
      values: c.values,
    });
    bump(ctx.counts, "conflicts");
    ctx.log.info(
      { record: entry.id, field: c.field, winner: c.decision.winner, reason: c.decision.reason },
      "conflict resolved",
    );
  }
  const data: Entry["data"] = { ...merged.values, id: entry.id };
  if (entry.entity === "deal") {
    const sf = entry.raw.sides.salesforce?.partnerId;
    data.partner_id = sf ?? entry.raw.sides.hubspot?.partnerId ?? null;
    const earnedBefore = previous?.stage === "won";
    if (data.stage !== "won" && earnedBefore && ctx.earned?.(entry.id)) {
      entry.raw.cancelled = {
        on: ctx.now.toISOString().slice(0, 10),
        reason: `moved out of won (${String(data.stage)})`,
      };
    } else if (data.stage === "won") {
      entry.raw.cancelled = null;
    }
    applyCancellation(entry, data);
  }
  entry.data = data;
}

function applyCancellation(entry: Entry, data: Entry["data"]): void {
  const c = entry.raw.cancelled;
  if (!c) return;
  data.stage = "won";
  const close = typeof data.close_date === "string" ? data.close_date : c.on;
  const on = c.on < close ? close : c.on;
  const existing = typeof data.cancelled_on === "string" ? data.cancelled_on : null;
  data.cancelled_on = existing && existing < on ? existing : on;
}

/** A CRM record is gone (deleted, merged away, or absent from a full read). */
export function removeSide(
  ctx: RunContext,
  crm: CrmName,
  entity: EntityName,
  object: string,
  crmId: string,
  on: string,
  reason: string,
  changes: PageChanges,
): void {
  const key = linkKey(crm, object, crmId);
  const links = ctx.ws.linksOf(entity);
  const id = links.get(key);
  if (!id) return;
  const entry = ctx.ws.of(entity).get(id);
  links.delete(key);
  if (entity === "deal") ctx.ws.droppedDealLinks.add(key);
  changes.unlinks.push({ crm, object, crmId });
  if (!entry || entry.raw.sides[crm]?.id !== crmId) return;
  const previous = { ...entry.data };
  delete entry.raw.sides[crm];
  if (entity === "partner") entry.raw.removed = { ...entry.raw.removed, [crm]: { id: crmId, on, reason } };
  bump(ctx.counts, `removed.${entity}`);
  if (Object.keys(entry.raw.sides).length > 0) {
    rebuild(ctx, entry, previous);
    changes.upserts.set(entry.id, entry);
    return;
  }
  if (entity === "deal" && previous.stage === "won" && ctx.earned?.(entry.id)) {
    // It earned: keep it, cancelled on the date it went away, so clawback rules apply.
    entry.raw.cancelled = entry.raw.cancelled ?? { on, reason };
    applyCancellation(entry, entry.data);
    changes.upserts.set(entry.id, entry);
    bump(ctx.counts, "cancelled.deal");
    return;
  }
  entry.deleted = true;
  changes.upserts.delete(entry.id);
  changes.deletes.set(entry.id, entry);
}
