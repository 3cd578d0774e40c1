// Bulk API 2.0 ingest jobs: create, upload CSV (201, empty body), UploadComplete, poll, results.
// https://developer.salesforce.com/docs/platform/api-asynch/guide/create-job.html
// https://developer.salesforce.com/docs/platform/api-asynch/guide/upload-job-data.md
// https://developer.salesforce.com/docs/platform/api-asynch/guide/close-job.html
// https://developer.salesforce.com/docs/platform/api-asynch/guide/get-job-info.html
// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_failed_results.htm
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { type ApiRequest, type ApiResponse, apiError, json, type Router } from "../http.ts";
import type { WriteResult } from "../org-state.ts";
import type { Runtime } from "../runtime.ts";
import { recordError } from "../values.ts";
import {
  baseInfo,
  DELIMITERS,
  invalidJob,
  type JobBase,
  type JobState,
  jobNotFound,
  lineEndingOf,
} from "./bulk2-common.ts";
import { bulkCounters } from "./limits.ts";

const OPERATIONS = ["insert", "update", "upsert", "delete", "hardDelete"];

interface IngestJob extends JobBase {
  externalIdFieldName: string | null;
  uploads: string[];
  header: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
}

function jobs(rt: Runtime): Map<string, IngestJob> {
  let map = rt.bulk.get("ingest") as Map<string, IngestJob> | undefined;
  if (!map) {
    map = new Map();
    rt.bulk.set("ingest", map);
  }
  return map;
}

function info(job: IngestJob): Record<string, unknown> {
  return {
    ...baseInfo(job),
    ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
    jobType: "V2Ingest",
    contentUrl: `services/data/v${job.apiVersion.toFixed(1)}/jobs/ingest/${job.id}/batches`,
    retries: 0,
    numberRecordsProcessed: job.numberRecordsProcessed,
    numberRecordsFailed: job.numberRecordsFailed,
    totalProcessingTime: job.totalProcessingTime,
    apiActiveProcessingTime: job.totalProcessingTime,
    apexProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}

function errorCell(result: Extract<WriteResult, { ok: false }>): string {
  return result.errors
    .map((e) => `${e.statusCode}:${e.message}:${e.fields.length ? `${e.fields.join(",")} --` : "--"}`)
    .join(";");
}

/** Rows processed between yields to the event loop, so polls see InProgress and stay responsive. */
const CHUNK = 2_000;

async function runJob(rt: Runtime, job: IngestJob): Promise<void> {
  const started = Date.now();
  job.state = "InProgress";
  const delimiter = DELIMITERS[job.columnDelimiter] ?? ",";
  let rows: string[][] = [];
  let header: string[] = [];
  for (const upload of job.uploads) {
    const parsed = parse(upload, {
      delimiter,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
    }) as string[][];
    const [head, ...body] = parsed;
    if (!head) continue;
    if (header.length === 0) header = head;
    rows = rows.concat(body);
  }
  job.header = header;
  const table = rt.org.table(job.object)!;
  const unknown = header.find((col) => !table.def.byName.has(col.toLowerCase()));
  if (unknown !== undefined) {
    job.state = "Failed";
    job.errorMessage = `InvalidBatch : Field name not found : ${unknown}`;
    job.unprocessed = rows;
    job.systemModstamp = rt.now();
    return;
  }
  const idCol = header.findIndex((c) => c.toLowerCase() === "id");
  const extCol = job.externalIdFieldName
    ? header.findIndex((c) => c.toLowerCase() === job.externalIdFieldName!.toLowerCase())
    : -1;
  const ctx = { userId: job.createdById, mode: "csv" as const };
  for (const [n, row] of rows.entries()) {
    if (n > 0 && n % CHUNK === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      if ((job.state as JobState) === "Aborted") {
        job.unprocessed = rows.slice(n);
        return;
      }
    }
    const input: Record<string, unknown> = {};
    header.forEach((col, i) => {
      input[col] = row[i] ?? "";
    });
    let result: WriteResult | { ok: false; ambiguous: string[] };
    const rowId = idCol >= 0 ? (row[idCol] ?? "") : "";
    if (rt.faults.recordFault()) {
      result = {
        ok: false,
        fatal: false,
        errors: [recordError("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record")],
      };
    } else if (job.operation === "insert") result = rt.org.create(job.object, input, ctx);
    else if (job.operation === "update") {
      delete input[header[idCol] ?? "Id"];
      result = idCol < 0 ? missing("Id") : rt.org.update(job.object, rowId, input, ctx);
    } else if (job.operation === "upsert") {
      const value = extCol >= 0 ? (row[extCol] ?? "") : "";
      result =
        value === ""
          ? missing(job.externalIdFieldName ?? "")
          : rt.org.upsert(job.object, job.externalIdFieldName ?? "Id", value, input, ctx);
    } else result = idCol < 0 ? missing("Id") : rt.org.remove(job.object, rowId, ctx);
    if ("ambiguous" in result) {
      result = {
        ok: false,
        fatal: false,
        errors: [recordError("DUPLICATE_EXTERNAL_ID", "Duplicate external id specified")],
      };
    }
    job.numberRecordsProcessed++;
    if (result.ok) job.successful.push([result.id, String(result.created), ...row]);
    else {
      job.numberRecordsFailed++;
      job.failed.push([result.id ?? (rowId || ""), errorCell(result), ...row]);
    }
  }
  job.state = "JobComplete";
  job.totalProcessingTime = Date.now() - started;
  job.systemModstamp = rt.now();
}

function missing(field: string): WriteResult {
  return { ok: false, fatal: false, errors: [recordError("MISSING_ARGUMENT", `${field} not specified`)] };
}

function csv(job: IngestJob, prefix: string[], rows: string[][]): ApiResponse {
  const header = [...prefix, ...job.header];
  const body = stringify([header, ...rows], {
    delimiter: DELIMITERS[job.columnDelimiter] ?? ",",
    record_delimiter: job.lineEnding === "CRLF" ? "windows" : "unix",
  });
  return { status: 200, type: "csv", body };
}

function get(req: ApiRequest, rt: Runtime): IngestJob | undefined {
  return jobs(rt).get(req.params.id ?? "");
}

export function registerBulkIngest(router: Router): void {
  router.add("POST", "/jobs/ingest", (req, rt) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const object = typeof body.object === "string" ? rt.org.table(body.object) : undefined;
    if (typeof body.object !== "string") return invalidJob("InvalidJob : Object is required");
    if (!object)
      return apiError(400, "INVALIDENTITY", `Entity '${body.object}' is not supported by the Bulk API.`);
    if (typeof body.operation !== "string" || !OPERATIONS.includes(body.operation)) {
      return invalidJob(`InvalidJob : Invalid operation: ${String(body.operation)}`);
    }
    const ext = typeof body.externalIdFieldName === "string" ? body.externalIdFieldName : null;
    if (body.operation === "upsert") {
      const f = ext ? object.def.byName.get(ext.toLowerCase()) : undefined;
      if (!f || !(f.externalId || f.idLookup)) {
        return invalidJob(
          `InvalidJob : Field name provided, ${ext ?? ""} does not match an External ID, Salesforce Id, or indexed field for ${object.def.name}`,
        );
      }
    }
    const lineEnding = lineEndingOf(body.lineEnding);
    const delimiter = body.columnDelimiter === undefined ? "COMMA" : String(body.columnDelimiter);
    if (!lineEnding || !(delimiter in DELIMITERS))
      return invalidJob("InvalidJob : Invalid lineEnding or columnDelimiter");
    if (body.contentType !== undefined && body.contentType !== "CSV")
      return invalidJob("InvalidJob : contentType must be CSV");
    const now = rt.now();
    const job: IngestJob = {
      id: rt.org.ids.next("750"),
      object: object.def.name,
      operation: body.operation,
      externalIdFieldName: ext,
      state: "Open",
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
      uploads: [],
      header: [],
      successful: [],
      failed: [],
      unprocessed: [],
    };
    jobs(rt).set(job.id, job);
    bulkCounters(rt).ingestJobs++;
    return json(200, info(job));
  });

  router.add("GET", "/jobs/ingest", (_req, rt) =>
    json(200, { done: true, records: [...jobs(rt).values()].map(info), nextRecordsUrl: null }),
  );

  router.add("PUT", "/jobs/ingest/:id/batches", (req, rt) => {
    const job = get(req, rt);
    if (!job) return jobNotFound();
    if (job.state !== "Open")
      return apiError(409, "INVALIDJOBSTATE", `Job is not open for data upload (state: ${job.state})`);
    if (typeof req.body !== "string" || req.body === "") {
      return apiError(400, "INVALIDJOB", "InvalidJob : CSV data is required (Content-Type: text/csv)");
    }
    // One upload per job: a second PUT is refused (clients split large loads across jobs).
    if (job.uploads.length > 0) {
      return apiError(
        400,
        "BULK_API_ERROR",
        `Found multiple contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
      );
    }
    job.uploads.push(req.body);
    // 201 Created with an empty body.
    return { status: 201, type: "empty" };
  });

  router.add("PATCH", "/jobs/ingest/:id", (req, rt) => {
    const job = get(req, rt);
    if (!job) return jobNotFound();
    const state = (req.body as { state?: unknown } | undefined)?.state;
    if (state === "UploadComplete") {
      if (job.state !== "Open")
        return apiError(409, "INVALIDJOBSTATE", `Job cannot move from ${job.state} to UploadComplete`);
      job.state = "UploadComplete";
      job.systemModstamp = rt.now();
      setImmediate(() => {
        runJob(rt, job).catch((error: unknown) => {
          job.state = "Failed";
          job.errorMessage = `InternalError : ${String(error)}`;
        });
      });
      return json(200, info(job));
    }
    if (state === "Aborted") {
      if (job.state === "JobComplete" || job.state === "Failed") {
        return apiError(409, "INVALIDJOBSTATE", `Job cannot be aborted in state ${job.state}`);
      }
      job.state = "Aborted";
      job.systemModstamp = rt.now();
      return json(200, info(job));
    }
    return invalidJob(`InvalidJob : Invalid state: ${String(state)}`);
  });

  router.add("GET", "/jobs/ingest/:id", (req, rt) => {
    const job = get(req, rt);
    return job ? json(200, info(job)) : jobNotFound();
  });

  router.add("DELETE", "/jobs/ingest/:id", (req, rt) => {
    const job = get(req, rt);
    if (!job) return jobNotFound();
    if (job.state === "Open" || job.state === "InProgress") {
      return apiError(400, "INVALIDJOBSTATE", `Job cannot be deleted in state ${job.state}`);
    }
    jobs(rt).delete(job.id);
    return { status: 204, type: "empty" };
  });

  router.add("GET", "/jobs/ingest/:id/successfulResults", (req, rt) => {
    const job = get(req, rt);
    return job ? csv(job, ["sf__Id", "sf__Created"], job.successful) : jobNotFound();
  });
  router.add("GET", "/jobs/ingest/:id/failedResults", (req, rt) => {
    const job = get(req, rt);
    return job ? csv(job, ["sf__Id", "sf__Error"], job.failed) : jobNotFound();
  });
  router.add("GET", "/jobs/ingest/:id/unprocessedrecords", (req, rt) => {
    const job = get(req, rt);
    if (!job) return jobNotFound();
    if (job.header.length === 0 && job.state !== "JobComplete") {
      const first = job.uploads[0];
      return { status: 200, type: "csv", body: first ?? "" };
    }
    return csv(job, [], job.unprocessed);
  });
}
