// Bulk API 2.0 ingest for large write-backs: open job → upload CSV → UploadComplete → poll →
// read successful and failed rows. Failed rows are mapped like collection failures; transient
// ones (UNABLE_TO_LOCK_ROW …) are resent through sObject Collections with the same retry policy.
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { RecordWriteResult, WriteRequest } from "../types.ts";
import { waitForJob } from "./bulk-query.ts";
import { budgetStopFailure, failure, type PendingRecord, sendChunk } from "./collections-write.ts";
import { SalesforceConnectorError } from "./errors.ts";
import type { Runtime } from "./runtime.ts";
import { field as fieldName, objectName } from "./soql.ts";

const jobInfo = z.object({ id: z.string(), state: z.string().optional() });
const JOB_MAX = 100_000;

function rows(body: unknown): Array<Record<string, string>> {
  if (Array.isArray(body)) return body as Array<Record<string, string>>;
  if (typeof body === "string" && body.trim() !== "") {
    throw new SalesforceConnectorError("BULK_RESULT_UNREADABLE", "Bulk ingest results were not CSV");
  }
  return [];
}

/**
 * `sf__Error` is `CODE:message:fields --`, e.g.
 * `REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --`, and just `--` when no
 * field is blamed.
 */
export function parseSfError(text: string): { code: string; message: string; fields: string[] } {
  const first = text.indexOf(":");
  if (first < 0) return { code: "UNKNOWN_ERROR", message: text, fields: [] };
  const code = text.slice(0, first);
  const rest = text.slice(first + 1);
  const lastColon = rest.lastIndexOf(":");
  if (lastColon < 0) return { code, message: rest, fields: [] };
  const tail = rest
    .slice(lastColon + 1)
    .replace(/\s*--\s*$/, "")
    .trim();
  const fields = tail === "" ? [] : tail.split(",").map((f) => f.trim());
  return { code, message: rest.slice(0, lastColon), fields };
}

function toCsv(records: PendingRecord[], keyColumn: string): string {
  const columns = [keyColumn, ...new Set(records.flatMap((r) => Object.keys(r.fields).map(fieldName)))];
  const data = records.map((r) =>
    columns.map((c) => {
      if (c === keyColumn) return r.key;
      if (!(c in r.fields)) return ""; // empty cell = leave unchanged
      const v = r.fields[c];
      return v === null || v === undefined ? "#N/A" : String(v); // #N/A = set to null
    }),
  );
  return stringify([columns, ...data]);
}

export async function writeBulk(
  rt: Runtime,
  request: WriteRequest,
  records: PendingRecord[],
): Promise<{ results: RecordWriteResult[]; stopped: boolean; calls: number }> {
  const keyColumn = request.operation === "update" ? "Id" : fieldName(request.externalIdField!);
  const results = new Map<string, RecordWriteResult>();
  let calls = 0;
  let stopped = false;
  const count = async <T>(fn: () => Promise<T>): Promise<T> => {
    const outcome = await rt.callScoped("write", fn);
    calls += outcome.scope.responses.length;
    if ("error" in outcome) throw outcome.error;
    return outcome.result as T;
  };

  for (let i = 0; i < records.length; i += JOB_MAX) {
    const slice = records.slice(i, i + JOB_MAX);
    if (stopped || rt.budget.exhausted()) {
      stopped = true;
      for (const r of slice) results.set(r.key, { key: r.key, ok: false, failure: budgetStopFailure() });
      continue;
    }
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm
    const job = jobInfo.parse(
      await count(() =>
        rt.conn.request({
          method: "POST",
          url: "/jobs/ingest",
          body: JSON.stringify({
            object: objectName(request.object),
            operation: request.operation,
            ...(request.operation === "upsert" ? { externalIdFieldName: keyColumn } : {}),
            contentType: "CSV",
            lineEnding: "LF",
            columnDelimiter: "COMMA",
          }),
          headers: { "Content-Type": "application/json" },
        }),
      ),
    );
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/upload_job_data.htm
    await count(() =>
      rt.conn.request({
        method: "PUT",
        url: `/jobs/ingest/${job.id}/batches`,
        body: toCsv(slice, keyColumn),
        headers: { "Content-Type": "text/csv" },
      }),
    );
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/close_job.htm
    await count(() =>
      rt.conn.request({
        method: "PATCH",
        url: `/jobs/ingest/${job.id}`,
        body: JSON.stringify({ state: "UploadComplete" }),
        headers: { "Content-Type": "application/json" },
      }),
    );
    const before = rt.stats.reads + rt.stats.writes;
    await waitForJob(rt, `/jobs/ingest/${job.id}`, request.signal);
    calls += rt.stats.reads + rt.stats.writes - before;
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm
    const ok = rows(await count(() => rt.conn.request(`/jobs/ingest/${job.id}/successfulResults/`)));
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_failed_results.htm
    const failed = rows(await count(() => rt.conn.request(`/jobs/ingest/${job.id}/failedResults/`)));
    for (const row of ok) {
      const key = row[keyColumn] ?? row.sf__Id ?? "";
      results.set(key, { key, ok: true, id: row.sf__Id ?? key, created: row.sf__Created === "true" });
    }
    const retry: PendingRecord[] = [];
    const byKey = new Map(slice.map((r) => [r.key, r]));
    for (const row of failed) {
      const key = row[keyColumn] ?? "";
      const parsed = parseSfError(row.sf__Error ?? "");
      const f = failure(parsed.code, parsed.message, parsed.fields);
      const original = byKey.get(key);
      if (f.class === "retryable" && original) retry.push(original);
      else results.set(key, { key, ok: false, failure: f });
    }
    for (let j = 0; j < retry.length; j += 200) {
      const sent = await sendChunk(rt, request, retry.slice(j, j + 200));
      calls += sent.calls;
      for (const r of sent.results) results.set(r.key, r);
      if (sent.stopped) stopped = true;
    }
  }
  return {
    results: records.map(
      (r) =>
        results.get(r.key) ?? {
          key: r.key,
          ok: false,
          failure: {
            class: "retryable" as const,
            code: "BULK_UNPROCESSED",
            message: "the Bulk job did not report this record",
            fields: [],
          },
        },
    ),
    stopped,
    calls,
  };
}
