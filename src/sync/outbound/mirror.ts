// Creates a partner in the CRM that does not hold it yet (the mapping's `create:` opt-in), as an
// upsert on the service's key (Incentive_Key__c / incentive_key), so a retried create never
// makes a duplicate. The record carries the canonical input fields (reverse-mapped), the
// computed fields every linked record gets, the match key and the mapping's `set` constants, all
// checked against the describe first (an invalid record is quarantined without an API call).
// Each chunk's results are recorded in one store transaction: the new side, the crm_links row,
// the written values. A crash between the CRM's create and that transaction is harmless: the
// next run reads the record, finds its own key on it and links it — and were it not read, the
// upsert on the same key would update that record rather than create another.
import type { CrmName, FieldValue, ObjectDescription } from "../../../connectors/types.ts";
import { checkpoint } from "../checkpoint.ts";
import type { ComputeResult } from "../compute/run.ts";
import { bump, crmsOf, type QuarantineInput, type RunContext } from "../context.ts";
import { partnerInput } from "../inbound/persist.ts";
import { loadOpenErrors } from "../load.ts";
import { type CreateProblem, toCreateRecord } from "../mapping/create.ts";
import { defaultNormalizer } from "../mapping/inbound.ts";
import { readSpecFor } from "../mapping/index.ts";
import { normalizeKey } from "../mapping/transforms.ts";
import { type Entry, linkKey, type RawDoc, type Side } from "../model.ts";
import { partnerDesired } from "./desired.ts";
import { CHUNK, resolveOutbound, valueHash, type WrittenValue, writeToCrm } from "./execute.ts";
import { blockedFor, planKey } from "./plan.ts";

interface Ready {
  entry: Entry;
  fields: Record<string, FieldValue>;
  after: Record<string, FieldValue>;
  values: Side["values"];
}

export async function createMirrors(
  ctx: RunContext,
  computed: ComputeResult,
  describes: Map<string, ObjectDescription>,
  scale: number,
): Promise<void> {
  for (const crm of crmsOf(ctx)) {
    if (!ctx.mappings[crm]!.entities.partner.create?.enabled) continue;
    if (ctx.budgetStopped.has(crm) || ctx.signal?.aborted) continue;
    await createIn(ctx, crm, computed, describes, scale);
  }
}

/** The partner's cross-CRM match key as its one CRM holds it, normalized. */
function matchKeyOf(ctx: RunContext, target: CrmName, source: CrmName, side: Side): string | null {
  const mk = ctx.mappings[source]?.entities.partner.match_key;
  if (!mk || mk.canonical !== ctx.mappings[target]!.entities.partner.match_key.canonical) return null;
  const raw = side.fields[mk.crm_field];
  if (raw === undefined) return null;
  const key = normalizeKey(raw, defaultNormalizer(ctx.mappings[source]!.entities.partner));
  return key?.ok ? key.value : null;
}

/**
 * Match key → record, for the CRM's partner records whose read was quarantined (they are in
 * the CRM but not linked to any partner). Read by id, 100 per call, only when there are some.
 * A dry run persisted none of this run's quarantines, so it sees only earlier runs' ones.
 */
async function quarantinedTwins(
  ctx: RunContext,
  crm: CrmName,
  object: string,
): Promise<Map<string, { id: string; code: string }>> {
  const out = new Map<string, { id: string; code: string }>();
  const prefix = linkKey(crm, object, "");
  const held = new Map<string, string>();
  // From the store, not the run's start-of-run copy: this run's own reads may have quarantined it.
  for (const [key, errors] of await loadOpenErrors(ctx.store)) {
    const inbound = errors.find((e) => e.code.startsWith("inbound."));
    if (key.startsWith(prefix) && inbound) held.set(key.slice(prefix.length), inbound.code);
  }
  if (held.size === 0) return out;
  const entity = ctx.mappings[crm]!.entities.partner;
  const spec = readSpecFor(ctx.mappings[crm]!, "partner");
  const ids = [...held.keys()];
  for (let i = 0; i < ids.length; i += 100) {
    const records = await ctx.connectors[crm]!.readByIds(object, ids.slice(i, i + 100), spec.fields);
    for (const r of records) {
      const raw = r.fields[entity.match_key.crm_field];
      if (r.deleted || raw === undefined || raw === null) continue;
      const key = normalizeKey(raw, defaultNormalizer(entity));
      if (key?.ok) out.set(key.value, { id: r.id, code: held.get(r.id) ?? "inbound" });
    }
  }
  return out;
}

/** One CRM's creates in this run: where they go and what checking its unlinked partners found. */
interface Mirror {
  ctx: RunContext;
  crm: CrmName;
  object: string;
  describe: ObjectDescription;
  /** Records that passed every check, to create. */
  ready: Ready[];
  /** Quarantine rows from the checks, reported before any create is sent. */
  quarantine: QuarantineInput[];
  /** Partners linked since a create of theirs was quarantined: those errors are resolved. */
  clean: string[];
}

/** What a partner's create record is built from besides the partner. */
interface CreateSource {
  computed: ComputeResult;
  scale: number;
  now: string;
}

async function createIn(
  ctx: RunContext,
  crm: CrmName,
  computed: ComputeResult,
  describes: Map<string, ObjectDescription>,
  scale: number,
): Promise<void> {
  const m = await startMirror(ctx, crm, describes);
  const input: CreateSource = { computed, scale, now: ctx.now.toISOString() };
  const twins = await quarantinedTwins(ctx, crm, m.object);
  for (const entry of ctx.ws.partners.values()) checkPartner(m, entry, twins, input);
  if (ctx.dryRun) {
    planCreates(m);
    return;
  }
  await recordChecks(m);
  await sendCreates(m);
}

/** The CRM's partner object and its describe (read once per run, shared with the write-back). */
async function startMirror(
  ctx: RunContext,
  crm: CrmName,
  describes: Map<string, ObjectDescription>,
): Promise<Mirror> {
  const object = ctx.mappings[crm]!.entities.partner.object;
  const dk = planKey(crm, object);
  let describe = describes.get(dk);
  if (!describe) {
    describe = await ctx.connectors[crm]!.describe(object);
    describes.set(dk, describe);
  }
  return { ctx, crm, object, describe, ready: [], quarantine: [], clean: [] };
}

/**
 * Whether the partner is to be created in this CRM: held in exactly one other CRM, never created
 * or removed here, not quarantined, no quarantined twin, and a record that passes the describe.
 * Adds it to `ready`, or the reason it is not to the counts and the quarantine.
 */
function checkPartner(
  m: Mirror,
  entry: Entry,
  twins: Map<string, { id: string; code: string }>,
  input: CreateSource,
): void {
  const { ctx, crm, object } = m;
  if (entry.deleted) return;
  const errorKey = linkKey(crm, object, entry.id);
  if (entry.raw.sides[crm]) {
    // Linked since (created, or read with its key): a create quarantined earlier is settled.
    if (ctx.openErrors.get(errorKey)?.some((e) => e.code.startsWith("outbound.create.")))
      m.clean.push(entry.id);
    return;
  }
  const sources = Object.keys(entry.raw.sides) as CrmName[];
  if (sources.length !== 1) return;
  // Created once already, or the partner's record in this CRM went away: a person deleted it
  // or moved it out of scope, and creating it again would undo that on every run.
  if (Object.keys(entry.raw.createdIn ?? {}).length > 0 || entry.raw.removed?.[crm]) {
    bump(ctx.counts, "skipped.mirror_removed");
    return;
  }
  if (blockedFor(ctx, errorKey, "outbound.create.write.")) {
    bump(ctx.counts, "skipped.quarantined");
    return;
  }
  const source = sources[0]!;
  const matchKey = matchKeyOf(ctx, crm, source, entry.raw.sides[source]!);
  const twin = matchKey ? twins.get(matchKey) : undefined;
  if (matchKey && twin) {
    quarantineTwin(m, entry, matchKey, twin);
    return;
  }
  const record = toCreateRecord(
    ctx.mappings[crm]!,
    {
      data: entry.data,
      computed: partnerDesired(entry, input.computed, input.scale, input.now),
      matchKey,
    },
    m.describe,
  );
  if (record.problems.length > 0) {
    quarantineProblems(m, entry, source, record.problems);
    return;
  }
  m.ready.push({ entry, fields: record.fields, after: record.after, values: record.values });
}

/**
 * The CRM already holds this partner, in a record that failed to map: creating another would
 * duplicate it. Fixed, that record is read and linked instead.
 */
function quarantineTwin(m: Mirror, entry: Entry, matchKey: string, twin: { id: string; code: string }): void {
  m.quarantine.push({
    crm: m.crm,
    object: m.object,
    recordId: entry.id,
    field: m.ctx.mappings[m.crm]!.entities.partner.match_key.crm_field,
    code: "outbound.create.check.twin_quarantined",
    reason: `not creating ${entry.id}: ${m.crm} ${m.object} ${twin.id} has ${matchKey} but is quarantined (${twin.code}); fix it there and it is linked instead`,
    class: "permanent",
  });
  bump(m.ctx.counts, "skipped.mirror_twin_quarantined");
}

/** The create record failed the describe: one quarantine row per problem, no API call. */
function quarantineProblems(m: Mirror, entry: Entry, source: CrmName, problems: CreateProblem[]): void {
  for (const p of problems) {
    m.quarantine.push({
      crm: m.crm,
      object: m.object,
      recordId: entry.id,
      field: p.crm_field,
      code: `outbound.create.check.${p.code}`,
      reason: `creating ${entry.id} from ${source}: ${p.field} (${p.crm_field}): ${p.reason}`,
      class: p.class,
    });
  }
  bump(m.ctx.counts, "quarantined.outbound");
}

/** A dry run: each create as a planned change (every field from nothing), nothing written. */
function planCreates(m: Mirror): void {
  for (const r of m.ready) {
    m.ctx.planned.push({
      crm: m.crm,
      object: m.object,
      id: r.entry.id,
      action: "create",
      fields: Object.fromEntries(Object.entries({ ...r.fields, ...r.after }).map(([f, v]) => [f, [null, v]])),
    });
  }
}

/** The checks' quarantine rows and settled creates, in one store transaction. */
async function recordChecks(m: Mirror): Promise<void> {
  const { ctx, crm, object, quarantine, clean } = m;
  if (quarantine.length === 0 && clean.length === 0) return;
  await ctx.store.transaction(async (tx) => {
    for (const q of quarantine) await tx.recordErrors.report({ ...q, runId: ctx.runId });
    for (const id of clean) await resolveOutbound(ctx, tx.recordErrors, crm, object, id);
  });
}

/** The ready records, chunk by chunk, until done or the CRM's budget or the run stops. */
async function sendCreates(m: Mirror): Promise<void> {
  const { ctx, crm, object, ready } = m;
  if (ready.length === 0) return;
  ctx.progress.start(`create ${crm} ${object}`, ready.length);
  for (let i = 0; i < ready.length; i += CHUNK) {
    if (ctx.budgetStopped.has(crm) || ctx.signal?.aborted) break;
    const chunk = ready.slice(i, i + CHUNK);
    await createChunk(ctx, crm, object, chunk);
    ctx.progress.tick(chunk.length);
  }
  ctx.progress.done();
}

/** One chunk of creates in flight: where its records go and the failures they collect. */
interface Chunk {
  ctx: RunContext;
  crm: CrmName;
  object: string;
  /** The unique field the create upserts on (the service's key). */
  keyField: string;
  /** Quarantine rows, reported in the chunk's store transaction. */
  failures: QuarantineInput[];
}

/** A record the CRM accepted: its CRM id and whether the upsert made it (or found it). */
interface Created {
  ready: Ready;
  id: string;
  isNew: boolean;
}

/** The new side and raw document of a created record, before the store links it. */
interface CreatedUpdate {
  entry: Entry;
  raw: RawDoc;
  id: string;
  isNew: boolean;
}

async function createChunk(ctx: RunContext, crm: CrmName, object: string, chunk: Ready[]): Promise<void> {
  const mapping = ctx.mappings[crm]!;
  const c: Chunk = {
    ctx,
    crm,
    object,
    keyField: mapping.entities.partner.fields.incentive_key!.crm_field,
    failures: [],
  };
  const created = await upsertChunk(c, chunk);
  await sendUpdateOnlyFields(c, created);
  const { updates, written } = newSides(c, created);
  const linked = await recordCreated(c, updates, written);
  for (const u of linked) {
    u.entry.raw = u.raw;
    ctx.ws.links.set(linkKey(crm, object, u.id), u.entry.id);
    // `adopted`: the upsert found a record already holding the key (an earlier create whose
    // run died before recording it, and which no read has linked since).
    const what = u.isNew ? "created" : "adopted";
    bump(ctx.counts, `${what}.${crm}`);
    bump(ctx.counts, `${what}.${crm}.${object}`);
  }
  checkpoint("outbound.mirror");
}

function failCreate(
  c: Chunk,
  r: Ready,
  f: { fields: string[]; code: string; message: string; class: QuarantineInput["class"] },
): void {
  c.failures.push({
    crm: c.crm,
    object: c.object,
    recordId: r.entry.id,
    field: f.fields[0] ?? "",
    fields: f.fields,
    code: `outbound.create.write.${f.code}`,
    reason: f.message,
    class: f.class,
  });
  bump(c.ctx.counts, "quarantined.outbound");
}

/** The create itself: one upsert on the key field; what the CRM refused is quarantined. */
async function upsertChunk(c: Chunk, chunk: Ready[]): Promise<Map<string, Created>> {
  const result = await writeToCrm(c.ctx, c.crm, {
    object: c.object,
    operation: "upsert",
    externalIdField: c.keyField,
    records: chunk.map((r) => ({ key: r.entry.id, fields: r.fields })),
  });
  checkpoint("outbound.created");
  const byKey = new Map(chunk.map((r) => [r.entry.id, r]));
  const created = new Map<string, Created>();
  for (const res of result.results) {
    const r = byKey.get(res.key);
    if (!r) continue;
    if (res.ok) created.set(r.entry.id, { ready: r, id: res.id, isNew: res.created });
    else failCreate(c, r, res.failure);
  }
  return created;
}

/**
 * Fields the CRM lets the service update but not set on create (Salesforce's IsPartner in some
 * orgs): sent right after, by id. Until that succeeds the record is not recorded (dropped from
 * `created`), so the next run upserts it again (updating the same record) and retries this.
 */
async function sendUpdateOnlyFields(c: Chunk, created: Map<string, Created>): Promise<void> {
  const followUp = [...created.values()].filter((x) => Object.keys(x.ready.after).length > 0);
  if (followUp.length === 0) return;
  if (c.ctx.budgetStopped.has(c.crm)) {
    for (const x of followUp) created.delete(x.ready.entry.id);
    return;
  }
  const after = await writeToCrm(c.ctx, c.crm, {
    object: c.object,
    operation: "update",
    records: followUp.map((x) => ({ key: x.id, fields: x.ready.after })),
  });
  const byId = new Map(followUp.map((x) => [x.id, x]));
  const done = new Set<string>();
  for (const res of after.results) {
    const x = byId.get(res.key);
    if (!x) continue;
    if (res.ok) done.add(x.ready.entry.id);
    else failCreate(c, x.ready, res.failure);
  }
  for (const x of followUp) if (!done.has(x.ready.entry.id)) created.delete(x.ready.entry.id);
}

/**
 * Each created record's new side and the values written. The side holds what the next read of
 * the record will return (scope constants such as IsPartner are not read), so that read is
 * recognized as this write's echo.
 */
function newSides(
  c: Chunk,
  created: Map<string, Created>,
): { updates: CreatedUpdate[]; written: WrittenValue[] } {
  const { ctx, crm, object } = c;
  const readable = new Set(readSpecFor(ctx.mappings[crm]!, "partner").fields);
  const modifiedBy = ctx.integrationUsers[crm] ?? null;
  const now = ctx.now.toISOString();
  const updates: CreatedUpdate[] = [];
  const written: WrittenValue[] = [];
  for (const { ready: r, id, isNew } of created.values()) {
    const sent = { ...r.fields, ...r.after };
    const side: Side = {
      id,
      object,
      modifiedAt: now,
      modifiedBy,
      fields: Object.fromEntries(Object.entries(sent).filter(([f]) => readable.has(f))),
      values: r.values,
    };
    const raw: RawDoc = {
      ...r.entry.raw,
      sides: { ...r.entry.raw.sides, [crm]: side },
      createdIn: { ...r.entry.raw.createdIn, [crm]: now },
    };
    updates.push({ entry: r.entry, raw, id, isNew });
    for (const [field, value] of Object.entries(sent)) {
      written.push({ crm, object, recordId: id, field, value, hash: valueHash(value) });
    }
  }
  return { updates, written };
}

/**
 * One store transaction for the chunk: the links, the partners' new sides, the written values
 * and the quarantine rows. Returns the records it linked; one whose CRM record is already linked
 * to another partner is quarantined instead.
 */
async function recordCreated(
  c: Chunk,
  updates: CreatedUpdate[],
  written: WrittenValue[],
): Promise<CreatedUpdate[]> {
  const { ctx, crm, object } = c;
  const linked: CreatedUpdate[] = [];
  await ctx.store.transaction(async (tx) => {
    for (const u of updates) {
      const outcome = await tx.crmLinks.link({ canonicalId: u.entry.id, crm, object, crmId: u.id });
      if (outcome !== "conflict") {
        linked.push(u);
        continue;
      }
      // The record the upsert landed on is linked to another partner: do not give this partner a
      // side no link backs (the sweep and the next read would not know it).
      ctx.log.warn(
        { partner: u.entry.id, crm, id: u.id },
        "created record already linked to another partner",
      );
      c.failures.push({
        crm,
        object,
        recordId: u.entry.id,
        field: c.keyField,
        code: "outbound.create.write.link_conflict",
        reason: `${crm} ${object} ${u.id}, found by the key ${u.entry.id}, is already linked to another partner`,
        class: "permanent",
      });
      bump(ctx.counts, "quarantined.outbound");
    }
    await tx.partners.upsert(linked.map((u) => partnerInput({ ...u.entry, raw: u.raw })));
    const linkedIds = new Set(linked.map((u) => u.id));
    await tx.writeback.record(written.filter((w) => linkedIds.has(w.recordId)));
    for (const f of c.failures) await tx.recordErrors.report({ ...f, runId: ctx.runId });
    for (const u of linked) {
      if (ctx.openErrors.has(linkKey(crm, object, u.entry.id))) {
        await resolveOutbound(ctx, tx.recordErrors, crm, object, u.entry.id);
      }
    }
  });
  return linked;
}
