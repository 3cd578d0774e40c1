// One chunk of write-back through sObject Collections (write.ts picks the path): 200 records a call, allOrNone false, one result per
// record in request order. jsforce retries neither PATCH nor 403 REQUEST_LIMIT_EXCEEDED and
// ignores Retry-After, so this module owns the retry policy (updates and external-id upserts
// are idempotent, so resending them is safe):
// - whole-call failures (429, 5xx, REQUEST_LIMIT_EXCEEDED, network) resend the chunk;
// - per-record transient errors (UNABLE_TO_LOCK_ROW …) resend only those records;
// - validation and field errors are final: a RecordFailure naming the fields and message.
// Before every call the API budget is checked; past the stop share the rest is reported as
// not sent (retryable, code API_BUDGET_STOP) and `stoppedForBudget` is set.
import { z } from "zod";
import type { FieldValue, RecordFailure, RecordWriteResult, WriteRequest } from "../types.ts";
import { classifySalesforceError, errorCodeOf, isTransient } from "./errors.ts";
import { retryAfterMs } from "./http-observer.ts";
import { backoffDelayMs } from "./retry.ts";
import type { Runtime } from "./runtime.ts";
import { field as fieldName, objectName } from "./soql.ts";
import { toWire } from "./values.ts";

/** Records per sObject Collections call. */
export const COLLECTION_MAX = 200;
const MAX_BISECT_CALLS = 20;
/** Whole-request 400s that one record's data or field can cause. */
const RECORD_CAUSED = new Set([
  "INVALID_FIELD",
  "INVALID_TYPE_ON_FIELD_IN_RECORD",
  "JSON_PARSER_ERROR",
  "MALFORMED_ID",
  "INVALID_ID_FIELD",
  "STRING_TOO_LONG",
  "NUMBER_OUTSIDE_VALID_RANGE",
]);

const saveResult = z.object({
  id: z.string().nullish(),
  success: z.boolean(),
  created: z.boolean().nullish(),
  errors: z
    .array(
      z.object({
        statusCode: z.string().nullish(),
        errorCode: z.string().nullish(),
        message: z.string().nullish(),
        fields: z.array(z.string()).nullish(),
      }),
    )
    .nullish(),
});
const saveResults = z.array(saveResult);

export interface PendingRecord {
  key: string;
  fields: Record<string, FieldValue>;
}

export function failure(code: string, message: string, fields: string[], httpStatus?: number): RecordFailure {
  return { class: classifySalesforceError(code, httpStatus), code, message, fields };
}

export function budgetStopFailure(): RecordFailure {
  return {
    class: "retryable",
    code: "API_BUDGET_STOP",
    message: "not sent: the Salesforce API budget reached its stop share",
    fields: [],
  };
}

function resultFailure(r: z.infer<typeof saveResult>): RecordFailure {
  const first = r.errors?.[0];
  const code = first?.statusCode ?? first?.errorCode ?? "UNKNOWN_ERROR";
  const message = (r.errors ?? []).map((e) => e.message ?? "").join("; ") || "record not saved";
  const fields = [...new Set((r.errors ?? []).flatMap((e) => e.fields ?? []))];
  return failure(code, message, fields);
}

function body(request: WriteRequest, records: PendingRecord[]) {
  return {
    allOrNone: false,
    records: records.map((r) => {
      const wire: Record<string, unknown> = { attributes: { type: request.object } };
      for (const [name, value] of Object.entries(r.fields)) wire[fieldName(name)] = toWire(value);
      if (request.operation === "update") wire.id = r.key;
      else if (request.operation === "upsert") wire[request.externalIdField!] = r.key;
      return wire;
    }),
  };
}

/** `No such column 'Bogus__c' on sobject of type Account` → `Bogus__c`. */
function unknownColumn(err: CallError): string | undefined {
  if (err.code !== "INVALID_FIELD") return undefined;
  return /No such column '([A-Za-z0-9_]+)'/.exec(err.message)?.[1];
}

interface CallError {
  code: string;
  message: string;
  status: number | undefined;
  retryAfter: number | undefined;
}

function describeCallError(
  error: unknown,
  status: number | undefined,
  retryAfter: number | undefined,
): CallError {
  const message = error instanceof Error ? error.message : String(error);
  return { code: errorCodeOf(error), message, status, retryAfter };
}

/** True when Salesforce refused the whole call before doing anything (so nothing was created). */
function refusedBeforeWork(err: CallError): boolean {
  return err.status === 429 || err.code === "REQUEST_LIMIT_EXCEEDED";
}

/** Sends one chunk (≤200) with retries; returns one result per record, in order. */
export async function sendChunk(
  rt: Runtime,
  request: WriteRequest,
  chunk: PendingRecord[],
  bisect: { callsLeft: number } = { callsLeft: MAX_BISECT_CALLS },
): Promise<{ results: RecordWriteResult[]; stopped: boolean; calls: number }> {
  // Keyed by the record object, not its key, so a repeated key cannot mix up results.
  const results = new Map<PendingRecord, RecordWriteResult>();
  const lastTransient = new Map<PendingRecord, RecordFailure>();
  let calls = 0;
  let pending = chunk;
  const policy = rt.config.retry;
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm
  const url =
    request.operation === "upsert"
      ? `/composite/sobjects/${objectName(request.object)}/${fieldName(request.externalIdField!)}`
      : "/composite/sobjects";
  const method = request.operation === "create" ? "POST" : "PATCH";
  let stopped = false;
  let attempt = 0;
  while (pending.length > 0) {
    if (rt.budget.exhausted()) {
      stopped = true;
      for (const r of pending) results.set(r, { key: r.key, ok: false, failure: budgetStopFailure() });
      break;
    }
    attempt += 1;
    if (attempt > 1) rt.stats.retries += 1;
    const outcome = await rt.callScoped("write", () =>
      rt.conn.request({
        method,
        url,
        body: JSON.stringify(body(request, pending)),
        headers: { "Content-Type": "application/json" },
      }),
    );
    calls += outcome.scope.responses.length;
    const last = outcome.scope.responses.at(-1);
    let retryAfter: number | undefined;
    let transient: PendingRecord[] = [];
    let lastError: CallError | undefined;
    if ("error" in outcome) {
      const err = describeCallError(
        outcome.error,
        last?.status,
        last ? retryAfterMs(last.headers, rt.now()) : undefined,
      );
      if (!isTransient(err.code, err.status)) {
        // A whole-call rejection (400) caused by one record must not fail the others.
        const column = unknownColumn(err);
        const culprits = column ? pending.filter((r) => column in r.fields) : [];
        if (culprits.length > 0 && culprits.length < pending.length) {
          for (const r of culprits) {
            results.set(r, { key: r.key, ok: false, failure: failure(err.code, err.message, [column!]) });
          }
          pending = pending.filter((r) => !culprits.includes(r));
          attempt -= 1; // not a retry of the same request: the rest is sent once more
          continue;
        }
        if (
          culprits.length === 0 &&
          pending.length > 1 &&
          RECORD_CAUSED.has(err.code) &&
          bisect.callsLeft >= 2
        ) {
          // Unknown culprit: halve until it is isolated (one bad record in 200 costs ~16 calls);
          // a shared allowance stops a request-wide error from costing 2n calls.
          bisect.callsLeft -= 2;
          const half = Math.ceil(pending.length / 2);
          for (const part of [pending.slice(0, half), pending.slice(half)]) {
            const sub = await sendChunk(rt, request, part, bisect);
            calls += sub.calls;
            stopped ||= sub.stopped;
            for (const [i, r] of part.entries()) results.set(r, sub.results[i]!);
          }
          break;
        }
        const fields = column ? [column] : [];
        for (const r of pending) {
          results.set(r, {
            key: r.key,
            ok: false,
            failure: failure(err.code, err.message, fields, err.status),
          });
        }
        break;
      }
      // A create whose call failed may have been committed (a 5xx, a lost connection): resending
      // it could create the records twice. Only a refusal before any work (429, the org's
      // request limit) is safe to resend; anything else is reported as not confirmed.
      if (request.operation === "create" && !refusedBeforeWork(err)) {
        for (const r of pending) {
          results.set(r, {
            key: r.key,
            ok: false,
            failure: {
              ...failure(err.code, err.message, [], err.status),
              class: "retryable",
              code: "CREATE_UNCONFIRMED",
            },
          });
        }
        break;
      }
      transient = pending;
      lastError = err;
      retryAfter = err.retryAfter;
    } else {
      const parsed = saveResults.safeParse(outcome.result);
      if (!parsed.success || parsed.data.length !== pending.length) {
        const f = failure("UNEXPECTED_RESPONSE", "sObject Collections returned an unreadable result", []);
        for (const r of pending)
          results.set(r, { key: r.key, ok: false, failure: { ...f, class: "retryable" } });
        break;
      }
      for (const [i, r] of parsed.data.entries()) {
        const record = pending[i]!;
        if (r.success) {
          results.set(record, {
            key: record.key,
            ok: true,
            id: r.id ?? record.key,
            created: r.created ?? false,
          });
          continue;
        }
        const f = resultFailure(r);
        if (f.class === "retryable") {
          transient.push(record);
          lastTransient.set(record, f);
        } else results.set(record, { key: record.key, ok: false, failure: f });
      }
      if (last) retryAfter = retryAfterMs(last.headers, rt.now());
    }
    if (transient.length === 0) break;
    const delay =
      attempt < policy.maxAttempts ? backoffDelayMs(attempt, policy, rt.random, retryAfter) : undefined;
    if (delay === undefined) {
      for (const r of transient) {
        const f = lastError
          ? failure(lastError.code, lastError.message, [], lastError.status)
          : lastTransient.get(r)!;
        results.set(r, { key: r.key, ok: false, failure: f });
      }
      break;
    }
    rt.logger.warn(
      { object: request.object, records: transient.length, attempt, delay },
      "salesforce write retry",
    );
    await rt.sleep(delay, request.signal);
    pending = transient;
  }
  return { results: chunk.map((r) => results.get(r)!), stopped, calls };
}
