// Write-back to Salesforce: field names checked, empty updates skipped, then either Bulk API 2.0
// ingest (above the bulk threshold, bulk-ingest.ts) or sObject Collections chunks of 200
// (collections-write.ts), results in request order whatever path each record took.
import type { RecordWriteResult, WriteRequest, WriteResult } from "../types.ts";
import { writeBulk } from "./bulk-ingest.ts";
import {
  budgetStopFailure,
  COLLECTION_MAX,
  failure,
  type PendingRecord,
  sendChunk,
} from "./collections-write.ts";
import { SalesforceConnectorError } from "./errors.ts";
import type { Runtime } from "./runtime.ts";

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export async function writeRecords(rt: Runtime, request: WriteRequest): Promise<WriteResult> {
  if (request.operation === "upsert" && !request.externalIdField) {
    throw new SalesforceConnectorError("INVALID_WRITE", "upsert needs externalIdField");
  }
  // An update with nothing to change is not sent (the sync layer already diffed); it is reported
  // as written, since Salesforce already holds those values. An upsert with no fields is still
  // sent: it makes sure the record exists under its key.
  const isEmpty = (r: PendingRecord) => request.operation === "update" && Object.keys(r.fields).length === 0;
  // Results come back in request order whatever path each record took.
  const byRecord = new Map<PendingRecord, RecordWriteResult>();
  const records: PendingRecord[] = [];
  for (const r of request.records) {
    const badNames = Object.keys(r.fields).filter((name) => !FIELD_NAME.test(name));
    if (badNames.length > 0) {
      // Rejected here so no record can smuggle text into the request; the others still go.
      byRecord.set(r, {
        key: r.key,
        ok: false,
        failure: failure("INVALID_FIELD", "field name rejected", badNames),
      });
    } else if (isEmpty(r)) {
      byRecord.set(r, { key: r.key, ok: true, id: r.key, created: false });
    } else {
      records.push(r);
    }
  }
  const ordered = () => request.records.map((r) => byRecord.get(r)!);
  let stoppedForBudget = false;
  let calls = 0;

  // Creates always take sObject Collections: a Bulk job's partial outcome after a failure is
  // harder to tell apart, and the records created (tasks) are few.
  if (records.length > rt.config.bulkWriteThreshold && request.operation !== "create") {
    const bulk = await writeBulk(rt, request, records);
    for (const [i, result] of bulk.results.entries()) byRecord.set(records[i]!, result);
    return { results: ordered(), calls: bulk.calls, stoppedForBudget: bulk.stopped };
  }

  for (let i = 0; i < records.length; i += COLLECTION_MAX) {
    const chunk = records.slice(i, i + COLLECTION_MAX);
    if (stoppedForBudget) {
      for (const r of chunk) byRecord.set(r, { key: r.key, ok: false, failure: budgetStopFailure() });
      continue;
    }
    const sent = await sendChunk(rt, request, chunk);
    for (const [j, result] of sent.results.entries()) byRecord.set(chunk[j]!, result);
    calls += sent.calls;
    stoppedForBudget = sent.stopped;
  }
  return { results: ordered(), calls, stoppedForBudget };
}
