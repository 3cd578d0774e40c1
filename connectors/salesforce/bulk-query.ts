// Bulk API 2.0 query for large reads: create job → poll → fetch CSV results page by page with
// the Sforce-Locator header, so only one page is in memory at a time. Not jsforce's
// bulk2.query(): 3.10 fails on a second results page (issue #1546, ERR_STREAM_WRITE_AFTER_END).
// A page may hold fewer rows than maxRecords; only `Sforce-Locator: null` ends the results.
// Bulk 2.0 does not allow ORDER BY, so rows are unordered within the job. Pages before the last
// therefore carry the cursor the read started from (a crash re-reads the job window, which is
// safe because applying a record is idempotent), and the last page carries the greatest
// (SystemModstamp, Id) seen: the job is a snapshot, so anything changed later sorts after it.
import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import type { ReadPage } from "../types.ts";
import { makeCursor, type SalesforceCursor } from "./cursor.ts";
import { SalesforceConnectorError } from "./errors.ts";
import { type MapOptions, mapRecord } from "./record-mapper.ts";
import type { Runtime } from "./runtime.ts";

const jobInfo = z.object({
  id: z.string(),
  state: z.string(),
  errorMessage: z.string().nullish(),
});

const RESULT_PAGE = 2_000;
const EPOCH = "1970-01-01T00:00:00.000Z";

function rowsOf(body: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(body)) return body as Array<Record<string, unknown>>;
  if (typeof body === "string") {
    if (body.trim() === "") return [];
    return parseCsv(body, { columns: true, skip_empty_lines: true }) as Array<Record<string, unknown>>;
  }
  throw new SalesforceConnectorError("BULK_RESULT_UNREADABLE", "Bulk query results were not CSV");
}

export async function waitForJob(rt: Runtime, path: string, signal: AbortSignal | undefined): Promise<void> {
  const started = rt.now();
  for (;;) {
    const info = jobInfo.parse(await rt.call("read", () => rt.conn.request(path)));
    if (info.state === "JobComplete") return;
    if (info.state === "Failed" || info.state === "Aborted") {
      throw new SalesforceConnectorError(
        "BULK_JOB_FAILED",
        `Bulk job ${info.id} ${info.state}: ${info.errorMessage ?? "no message"}`,
      );
    }
    if (rt.now() - started > rt.config.bulkPollTimeoutMs) {
      throw new SalesforceConnectorError("BULK_JOB_TIMEOUT", `Bulk job ${info.id} still ${info.state}`);
    }
    if (signal?.aborted) throw new SalesforceConnectorError("ABORTED", "Salesforce read aborted");
    await rt.sleep(rt.config.bulkPollIntervalMs, signal);
  }
}

/** (SystemModstamp, Id) order as SOQL sorts it: text, and so Ids, compare case-insensitively. */
function later(a: { since: string; id: string } | null, since: string, id: string): boolean {
  if (a === null) return true;
  if (since !== a.since) return since > a.since;
  return id.toLowerCase() > a.id.toLowerCase();
}

export async function* readBulkQuery(
  rt: Runtime,
  soql: string,
  scanAll: boolean,
  mapOptions: MapOptions,
  start: SalesforceCursor | null,
  signal: AbortSignal | undefined,
): AsyncGenerator<ReadPage> {
  rt.guardBudget();
  // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_create_job.htm
  const job = jobInfo.parse(
    await rt.call("read", () =>
      rt.conn.request({
        method: "POST",
        url: "/jobs/query",
        body: JSON.stringify({ operation: scanAll ? "queryAll" : "query", query: soql }),
        headers: { "Content-Type": "application/json" },
      }),
    ),
  );
  // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm
  await waitForJob(rt, `/jobs/query/${job.id}`, signal);

  const startCursor = start ?? makeCursor(EPOCH, null);
  let max: { since: string; id: string } | null = start?.lastId
    ? { since: start.since, id: start.lastId }
    : null;
  let locator: string | undefined;
  for (;;) {
    rt.guardBudget();
    const query = `maxRecords=${RESULT_PAGE}${locator ? `&locator=${encodeURIComponent(locator)}` : ""}`;
    // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
    const outcome = await rt.callWithResponses("read", () =>
      rt.conn.request({ method: "GET", url: `/jobs/query/${job.id}/results?${query}` }),
    );
    const headers = outcome.scope.responses.at(-1)?.headers ?? {};
    const next = headers["sforce-locator"];
    const done = next === undefined || next === "" || next === "null";
    const records = rowsOf(outcome.result).map((raw) => mapRecord(raw, mapOptions));
    for (const r of records) if (later(max, r.modifiedAt, r.id)) max = { since: r.modifiedAt, id: r.id };
    const cursor = done && max ? makeCursor(max.since, max.id) : startCursor;
    if (records.length > 0 || done) yield { records, cursor };
    if (done) return;
    locator = next;
    if (signal?.aborted) throw new SalesforceConnectorError("ABORTED", "Salesforce read aborted");
  }
}
