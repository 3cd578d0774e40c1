// Batched write-back. Values are validated against the property definitions first, so a bad
// value is quarantined without costing a call; valid records go 100 to a batch. A 207 is handled
// record by record (transient → re-sent, invalid → permanent failure with the property); a batch
// HubSpot rejects whole with a 400 is split in halves until the bad input is isolated.
import type { FieldValue, RecordFailure, RecordWriteResult, WriteRequest, WriteResult } from "../types.ts";
import { type HubSpotContext, objectTypeOf } from "./context.ts";
import { HubSpotError } from "./errors.ts";
import { toWire } from "./values.ts";
import { batchResponseSchema, type WireProperty } from "./wire.ts";
import { idsOf, recordFailureOf } from "./write-errors.ts";

interface Prepared {
  key: string;
  properties: Record<string, string>;
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
    else {
      if (idProperty) p.prepared.properties[idProperty] = r.key;
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
      req.operation === "upsert"
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
  const failure: RecordFailure =
    wholeBatchRejected && error.body
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
