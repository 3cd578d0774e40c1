// Batched write-back. Values are validated against the property definitions first, so a bad
// value is quarantined without costing a call; valid records go 100 to a batch. A 207 is handled
// record by record (transient → re-sent, invalid → permanent failure with the property); a batch
// HubSpot rejects whole with a 400 is split in halves until the bad input is isolated. Creates
// (nudge tasks) carry their associations inline and are never resent when their outcome is unknown.
import type {
  CreateAssociation,
  FieldValue,
  RecordFailure,
  RecordWriteResult,
  WriteRequest,
  WriteResult,
} from "../types.ts";
import { type HubSpotContext, objectTypeOf } from "./context.ts";
import { HubSpotError } from "./errors.ts";
import { toWire } from "./values.ts";
import { batchResponseSchema, type WireProperty } from "./wire.ts";
import { idsOf, recordFailureOf } from "./write-errors.ts";

interface Prepared {
  key: string;
  properties: Record<string, string>;
  associations?: CreateAssociation[] | undefined;
}

/**
 * HubSpot-defined default association type ids for what a create may associate
 * (https://developers.hubspot.com/docs/api/crm/associations#association-type-id-values).
 */
const DEFAULT_ASSOCIATION: Record<string, Record<string, number>> = {
  tasks: { companies: 192, deals: 216, contacts: 204 },
  deals: { companies: 341, contacts: 3 },
};

function associationsKnown(objectType: string, list: CreateAssociation[] | undefined): boolean {
  return (list ?? []).every((a) => DEFAULT_ASSOCIATION[objectType]?.[objectTypeOf(a.toObject)] !== undefined);
}

function wireAssociations(objectType: string, list: CreateAssociation[] | undefined) {
  return (list ?? []).map((a) => ({
    to: { id: a.toId },
    types: [
      {
        associationCategory: "HUBSPOT_DEFINED" as const,
        associationTypeId: DEFAULT_ASSOCIATION[objectType]?.[objectTypeOf(a.toObject)] ?? 0,
      },
    ],
  }));
}

const fail = (key: string, failure: RecordFailure): RecordWriteResult => ({ key, ok: false, failure });

export function prepareRecord(
  ctx: HubSpotContext,
  props: Map<string, WireProperty>,
  key: string,
  fields: Record<string, FieldValue>,
): { ok: true; prepared: Prepared } | { ok: false; failure: RecordFailure } {
  const properties: Record<string, string> = {};
  const failures: RecordFailure[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const r = toWire(name, value, props.get(name), ctx.fx);
    if (r.ok) properties[name] = r.value;
    else failures.push(r.failure);
  }
  if (failures.length === 0) return { ok: true, prepared: { key, properties } };
  const first = failures[0] as RecordFailure;
  return {
    ok: false,
    failure: {
      class: failures.some((f) => f.class === "config") ? "config" : first.class,
      code: first.code,
      message: failures.map((f) => f.message).join("; "),
      fields: failures.flatMap((f) => f.fields),
    },
  };
}

/** One write request in flight: what each of its batches needs, and where results go. */
interface WriteRun {
  ctx: HubSpotContext;
  req: WriteRequest;
  objectType: string;
  /** The unique property upserts match on; undefined for updates by HubSpot id. */
  idProperty: string | undefined;
  results: RecordWriteResult[];
  /** Set once the call budget or daily limit stopped the run: what is unsent then fails as API_BUDGET. */
  stoppedForBudget: boolean;
}

export async function writeRecords(ctx: HubSpotContext, req: WriteRequest): Promise<WriteResult> {
  const objectType = objectTypeOf(req.object);
  const callsBefore = ctx.policy.usage().callsMade;
  if (req.operation === "upsert" && !req.externalIdField) {
    const results = req.records.map((r) =>
      fail(r.key, {
        class: "config",
        code: "MISSING_ID_PROPERTY",
        message: "upsert needs externalIdField",
        fields: [],
      }),
    );
    return { results, calls: 0, stoppedForBudget: false };
  }
  const run: WriteRun = {
    ctx,
    req,
    objectType,
    idProperty: req.externalIdField,
    results: [],
    stoppedForBudget: false,
  };
  const ready = await prepareAll(run);
  await sendInBatches(run, ready);
  return {
    results: run.results,
    calls: ctx.policy.usage().callsMade - callsBefore,
    stoppedForBudget: run.stoppedForBudget,
  };
}

/**
 * Validates every record against the property definitions before any call, so a bad value costs
 * nothing; the bad ones get their failure now, the rest are returned ready to send.
 */
async function prepareAll(run: WriteRun): Promise<Prepared[]> {
  const { ctx, req, idProperty } = run;
  const props = await ctx.properties(run.objectType);
  const ready: Prepared[] = [];
  for (const r of req.records) {
    if (Object.keys(r.fields).length === 0) {
      // Nothing changed: nothing to send. An update of nothing has succeeded; an upsert of
      // nothing has no HubSpot id to report, so it gets no result.
      if (req.operation === "update") run.results.push({ key: r.key, ok: true, id: r.key, created: false });
      continue;
    }
    const p = prepareRecord(ctx, props, r.key, r.fields);
    if (!p.ok) run.results.push(fail(r.key, p.failure));
    else if (req.operation === "create" && !associationsKnown(run.objectType, r.associations)) {
      run.results.push(
        fail(r.key, {
          class: "config",
          code: "INVALID_ASSOCIATION",
          message: `no default association from ${run.objectType} to ${(r.associations ?? []).map((a) => a.toObject).join(", ")}`,
          fields: [],
        }),
      );
    } else {
      if (idProperty) p.prepared.properties[idProperty] = r.key;
      if (r.associations) p.prepared.associations = r.associations;
      ready.push(p.prepared);
    }
  }
  return ready;
}

/** Sends `batchSize` records a call; a budget stop fails what was not sent yet, any other error is thrown. */
async function sendInBatches(run: WriteRun, ready: Prepared[]): Promise<void> {
  const { batchSize } = run.ctx.config;
  let i = 0;
  try {
    for (; i < ready.length; i += batchSize) await sendBatch(run, ready.slice(i, i + batchSize), 1);
  } catch (error) {
    if (!run.stoppedForBudget) throw error;
    // The batch the stop hit may have settled some records already (a re-send round or a split
    // half): those keep their result.
    const done = new Set(run.results.map((r) => r.key));
    for (const b of ready.slice(i)) {
      if (done.has(b.key)) continue;
      run.results.push(
        fail(b.key, {
          class: "retryable",
          code: "API_BUDGET",
          message: (error as Error).message,
          fields: [],
        }),
      );
    }
  }
}

/** One batch call (round 1, or a re-send round of the records that failed transiently). */
async function sendBatch(run: WriteRun, batch: Prepared[], round: number): Promise<void> {
  if (batch.length === 0) return;
  let raw: unknown;
  try {
    raw = await callBatchApi(run, batch);
  } catch (error) {
    await batchFailed(run, batch, round, error);
    return;
  }
  const transient = settleBatch(run, batch, raw, round);
  if (transient.length > 0) {
    const { ctx, req } = run;
    ctx.logger.warn(
      { object: run.objectType, count: transient.length, round },
      "re-sending records that failed transiently",
    );
    await ctx.sleep(
      Math.min(ctx.config.retry.baseDelayMs * 2 ** (round - 1), ctx.config.retry.maxDelayMs),
      req.signal,
    );
    await sendBatch(run, transient, round + 1);
  }
}

function callBatchApi(run: WriteRun, batch: Prepared[]): Promise<unknown> {
  const { ctx, req, objectType, idProperty } = run;
  return ctx.policy.run(
    "write",
    `batch ${req.operation} ${objectType}`,
    (): Promise<unknown> =>
      req.operation === "create"
        ? // https://developers.hubspot.com/docs/api-reference/crm-tasks-v3/batch/post-crm-v3-objects-tasks-batch-create
          // objectWriteTraceId carries our key: per-record errors name it.
          ctx.apis.objects.batchApi.create(objectType, {
            inputs: batch.map((b) => ({
              properties: b.properties,
              associations: wireAssociations(objectType, b.associations),
              objectWriteTraceId: b.key,
            })) as never,
          })
        : req.operation === "upsert"
          ? // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/batch/post-crm-v3-objects-0-3-batch-upsert
            ctx.apis.objects.batchApi.upsert(objectType, {
              inputs: batch.map((b) => ({
                id: b.key,
                idProperty: idProperty as string,
                properties: b.properties,
              })),
            })
          : // https://developers.hubspot.com/docs/api-reference/crm-deals-v3/batch/post-crm-v3-objects-0-3-batch-update
            ctx.apis.objects.batchApi.update(objectType, {
              inputs: batch.map((b) => ({ id: b.key, properties: b.properties })),
            }),
    req.signal,
    // A create is not idempotent: never resent after a 5xx or a lost connection.
    req.operation !== "create",
  );
}

/**
 * A batch call that failed as a whole. A budget stop ends the run (rethrown); a batch HubSpot
 * rejected for one bad input is split in halves until that input stands alone; anything else
 * fails every record of the batch with the same failure.
 */
async function batchFailed(run: WriteRun, batch: Prepared[], round: number, error: unknown): Promise<void> {
  if (!(error instanceof HubSpotError)) throw error;
  if (error.code === "HUBSPOT_BUDGET_STOP" || error.code === "HUBSPOT_DAILY_LIMIT") {
    run.stoppedForBudget = true;
    throw error;
  }
  // 400 (invalid input), 409 (duplicate unique value), 422: one input spoils the batch.
  const wholeBatchRejected =
    error.code === "HUBSPOT_API_ERROR" &&
    (error.status === 400 || error.status === 409 || error.status === 422);
  if (wholeBatchRejected && batch.length > 1) {
    const mid = Math.ceil(batch.length / 2);
    await sendBatch(run, batch.slice(0, mid), round);
    await sendBatch(run, batch.slice(mid), round);
    return;
  }
  // A create that failed for any other reason may have been applied (5xx, lost connection,
  // timeout): reported as unconfirmed, never resent here.
  const unconfirmed =
    run.req.operation === "create" &&
    (error.code === "HUBSPOT_SERVER_ERROR" ||
      error.code === "HUBSPOT_NETWORK" ||
      error.code === "HUBSPOT_UNREACHABLE");
  const failure: RecordFailure = unconfirmed
    ? { class: "retryable", code: "CREATE_UNCONFIRMED", message: error.message, fields: [] }
    : wholeBatchRejected && error.body
      ? recordFailureOf(error.body, "VALIDATION_ERROR")
      : {
          class:
            error.code === "HUBSPOT_AUTH"
              ? "config"
              : error.code === "HUBSPOT_API_ERROR"
                ? "permanent"
                : "retryable",
          code: error.category ?? error.code,
          message: error.message,
          fields: [],
        };
  for (const b of batch) run.results.push(fail(b.key, failure));
}

/**
 * Matches a 200/207 answer to the batch record by record: results succeed, named errors fail
 * (or come back for another round when transient), records nothing named are tried again.
 * Returns the records to re-send.
 */
function settleBatch(run: WriteRun, batch: Prepared[], raw: unknown, round: number): Prepared[] {
  const { ctx, req, idProperty } = run;
  const parsed = batchResponseSchema.safeParse(raw);
  if (!parsed.success)
    throw new HubSpotError("HUBSPOT_BAD_RESPONSE", `unexpected batch ${req.operation} response`);
  const pending = new Map(batch.map((b) => [b.key, b]));
  if (req.operation === "create") {
    settleCreate(run, batch, parsed.data, pending);
    return [];
  }
  for (const r of parsed.data.results) {
    // Upsert results are matched by the unique property (the input's key), updates by id.
    const key = idProperty ? (r.properties[idProperty] ?? undefined) : r.id;
    const match = key !== undefined && pending.has(key) ? key : undefined;
    if (match === undefined) continue;
    pending.delete(match);
    run.results.push({ key: match, ok: true, id: r.id, created: r._new === true || r.new === true });
  }
  const canRetry = round < ctx.config.retry.maxAttempts;
  const transient: Prepared[] = [];
  for (const e of parsed.data.errors ?? []) {
    const failure = recordFailureOf(e);
    for (const id of idsOf(e)) {
      const b = pending.get(id);
      if (!b) continue;
      pending.delete(id);
      if (failure.class === "retryable" && canRetry) transient.push(b);
      else run.results.push(fail(id, failure));
    }
  }
  for (const b of pending.values()) {
    // Neither a result nor an error named it (an unnamed error): try again, then give up.
    if (canRetry) transient.push(b);
    else
      run.results.push(
        fail(b.key, {
          class: "retryable",
          code: "NO_RESULT",
          message: "HubSpot returned no result for this record",
          fields: [],
        }),
      );
  }
  return transient;
}

/**
 * A batch create's answer: errors name the input by its objectWriteTraceId (our key), results
 * come back in input order for the inputs that were created. Nothing is re-sent: a record the
 * answer does not account for is reported unconfirmed.
 */
function settleCreate(
  run: WriteRun,
  batch: Prepared[],
  data: {
    results: Array<{ id: string }>;
    errors?: Parameters<typeof recordFailureOf>[0][] | null | undefined;
  },
  pending: Map<string, Prepared>,
): void {
  const failed = new Set<string>();
  for (const e of data.errors ?? []) {
    const context = (e.context ?? {}) as Record<string, unknown>;
    const traces = Array.isArray(context.objectWriteTraceId) ? context.objectWriteTraceId : [];
    for (const key of traces) {
      if (typeof key !== "string" || !pending.has(key)) continue;
      failed.add(key);
      pending.delete(key);
      run.results.push(fail(key, recordFailureOf(e)));
    }
  }
  const created = batch.filter((b) => !failed.has(b.key));
  for (const [i, r] of data.results.entries()) {
    const b = created[i];
    if (!b) break;
    pending.delete(b.key);
    run.results.push({ key: b.key, ok: true, id: r.id, created: true });
  }
  for (const b of pending.values())
    run.results.push(
      fail(b.key, {
        class: "retryable",
        code: "CREATE_UNCONFIRMED",
        message: "HubSpot returned no result for this record",
        fields: [],
      }),
    );
}
