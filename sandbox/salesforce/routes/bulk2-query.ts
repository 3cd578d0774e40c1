// Bulk API 2.0 query jobs: create, poll, results as CSV pages with Sforce-Locator /
// Sforce-NumberOfRecords; the last page carries `Sforce-Locator: null`.
// https://developer.salesforce.com/docs/platform/api-asynch/guide/query-create-job.html
// https://developer.salesforce.com/docs/platform/api-asynch/guide/query-get-job-results.md
// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
import { stringify } from "csv-stringify/sync";
import { type ApiRequest, apiError, json, type Router } from "../http.ts";
import type { Runtime } from "../runtime.ts";
import type { Rec } from "../schema/types.ts";
import { Compiler, type FieldPath, SoqlError } from "../soql/compile.ts";
import { execute } from "../soql/execute.ts";
import { toCsvCell } from "../values.ts";
import { baseInfo, DELIMITERS, invalidJob, type JobBase, jobNotFound, lineEndingOf } from "./bulk2-common.ts";
import { bulkCounters } from "./limits.ts";

interface QueryJob extends JobBase {
  query: string;
  columns: { name: string; path: FieldPath }[];
  rows: Rec[];
}

function jobs(rt: Runtime): Map<string, QueryJob> {
  let map = rt.bulk.get("query") as Map<string, QueryJob> | undefined;
  if (!map) {
    map = new Map();
    rt.bulk.set("query", map);
  }
  return map;
}

function info(job: QueryJob): Record<string, unknown> {
  return {
    ...baseInfo(job),
    jobType: "V2Query",
    numberRecordsProcessed: job.numberRecordsProcessed,
    retries: 0,
    totalProcessingTime: job.totalProcessingTime,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}

function get(req: ApiRequest, rt: Runtime): QueryJob | undefined {
  return jobs(rt).get(req.params.id ?? "");
}

/** Opaque locator: base64 of the next row offset, like Salesforce's `MTAwMDA`. */
const encodeLocator = (offset: number) => Buffer.from(String(offset)).toString("base64").replace(/=+$/, "");
function decodeLocator(locator: string): number | null {
  const n = Number(Buffer.from(locator, "base64").toString("utf8"));
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export function registerBulkQuery(router: Router): void {
  router.add("POST", "/jobs/query", (req, rt) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.operation !== "query" && body.operation !== "queryAll") {
      return invalidJob(`InvalidJob : Invalid operation: ${String(body.operation)}`);
    }
    if (typeof body.query !== "string") return invalidJob("InvalidJob : query is required");
    const lineEnding = lineEndingOf(body.lineEnding);
    const delimiter = body.columnDelimiter === undefined ? "COMMA" : String(body.columnDelimiter);
    if (!lineEnding || !(delimiter in DELIMITERS))
      return invalidJob("InvalidJob : Invalid lineEnding or columnDelimiter");
    let plan: ReturnType<Compiler["compile"]>;
    try {
      plan = new Compiler(rt.org, body.query, rt.now()).compile();
    } catch (error) {
      if (error instanceof SoqlError) return apiError(400, error.errorCode, error.message);
      throw error;
    }
    if (
      plan.aggregate ||
      plan.countOnly ||
      plan.offset !== undefined ||
      plan.select.some((s) => s.kind !== "field")
    ) {
      return apiError(
        400,
        "API_ERROR",
        "Aggregate queries, OFFSET and nested subqueries are not supported by Bulk API 2.0 query jobs",
      );
    }
    const outcome = execute(rt.org, plan, body.operation === "queryAll");
    const now = rt.now();
    const job: QueryJob = {
      id: rt.org.ids.next("750"),
      object: plan.object.name,
      operation: body.operation,
      state: "UploadComplete",
      createdById: req.userId,
      createdDate: now,
      systemModstamp: now,
      apiVersion: Number(req.version.slice(1)),
      columnDelimiter: delimiter,
      lineEnding,
      numberRecordsProcessed: 0,
      numberRecordsFailed: 0,
      errorMessage: null,
      totalProcessingTime: 0,
      query: body.query,
      columns: plan.select.flatMap((s) =>
        s.kind === "field"
          ? [
              {
                name: [...s.path.steps.map((st) => st.relationshipName), s.path.field.name].join("."),
                path: s.path,
              },
            ]
          : [],
      ),
      rows: outcome.rows as Rec[],
    };
    jobs(rt).set(job.id, job);
    bulkCounters(rt).queryJobs++;
    setImmediate(() => {
      if (job.state !== "UploadComplete") return;
      job.state = "JobComplete";
      job.numberRecordsProcessed = job.rows.length;
      job.systemModstamp = rt.now();
    });
    // No Sforce-Locator header here: jsforce would take it for the results cursor.
    return json(200, info(job));
  });

  router.add("GET", "/jobs/query", (_req, rt) =>
    json(200, { done: true, records: [...jobs(rt).values()].map(info), nextRecordsUrl: null }),
  );

  router.add("GET", "/jobs/query/:id", (req, rt) => {
    const job = get(req, rt);
    return job ? json(200, info(job)) : jobNotFound();
  });

  router.add("PATCH", "/jobs/query/:id", (req, rt) => {
    const job = get(req, rt);
    if (!job) return jobNotFound();
    if ((req.body as { state?: unknown } | undefined)?.state !== "Aborted")
      return invalidJob("InvalidJob : Invalid state");
    if (job.state === "JobComplete" || job.state === "Failed") {
      return apiError(409, "INVALIDJOBSTATE", `Job cannot be aborted in state ${job.state}`);
    }
    job.state = "Aborted";
    return json(200, info(job));
  });

  router.add("DELETE", "/jobs/query/:id", (req, rt) => {
    const job = get(req, rt);
    if (!job) return jobNotFound();
    jobs(rt).delete(job.id);
    return { status: 204, type: "empty" };
  });

  router.add("GET", "/jobs/query/:id/results", (req, rt) => {
    const job = get(req, rt);
    if (!job) return jobNotFound();
    if (Number(req.version.slice(1)) !== job.apiVersion) {
      return apiError(
        409,
        "INVALIDJOBSTATE",
        "Results must be requested with the API version the job was created with",
      );
    }
    if (job.state !== "JobComplete")
      return apiError(412, "JOB_NOT_COMPLETE", `Job ${job.id} is not complete`);
    const offset = req.query.locator ? decodeLocator(req.query.locator) : 0;
    if (offset === null || offset > job.rows.length)
      return apiError(400, "INVALID_LOCATOR", "Invalid locator");
    const asked = req.query.maxRecords ? Number(req.query.maxRecords) : rt.opts.bulkQueryPageSize;
    if (!Number.isInteger(asked) || asked <= 0)
      return apiError(400, "INVALIDJOB", "maxRecords must be a positive integer");
    // maxRecords is an upper bound: a page may hold fewer rows (Salesforce also caps by size).
    const max = Math.min(asked, rt.opts.bulkQueryPageSize);
    const end = Math.min(job.rows.length, offset + max);
    const rows = job.rows
      .slice(offset, end)
      .map((rec) => job.columns.map((c) => toCsvCell(c.path.field, c.path.get(rec))));
    const body = stringify([job.columns.map((c) => c.name), ...rows], {
      delimiter: DELIMITERS[job.columnDelimiter] ?? ",",
      record_delimiter: job.lineEnding === "CRLF" ? "windows" : "unix",
    });
    return {
      status: 200,
      type: "csv",
      body,
      headers: {
        "Sforce-NumberOfRecords": String(end - offset),
        "Sforce-Locator": end < job.rows.length ? encodeLocator(end) : "null",
      },
    };
  });
}
