// Shared Bulk API 2.0 pieces: job-info rendering, delimiters, error bodies.
// https://developer.salesforce.com/docs/platform/api-asynch/guide/bulk-api-2-0.html
import { type ApiResponse, apiError } from "../http.ts";
import { formatDateTime } from "../values.ts";

export const DELIMITERS: Record<string, string> = {
  BACKQUOTE: "`",
  CARET: "^",
  COMMA: ",",
  PIPE: "|",
  SEMICOLON: ";",
  TAB: "\t",
};

export type JobState = "Open" | "UploadComplete" | "InProgress" | "JobComplete" | "Aborted" | "Failed";

export interface JobBase {
  id: string;
  object: string;
  operation: string;
  state: JobState;
  createdById: string;
  createdDate: number;
  systemModstamp: number;
  apiVersion: number;
  columnDelimiter: string;
  lineEnding: "LF" | "CRLF";
  numberRecordsProcessed: number;
  numberRecordsFailed: number;
  errorMessage: string | null;
  totalProcessingTime: number;
}

export function baseInfo(job: JobBase): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: job.createdById,
    createdDate: formatDateTime(job.createdDate),
    systemModstamp: formatDateTime(job.systemModstamp),
    state: job.state,
    concurrencyMode: "Parallel",
    contentType: "CSV",
    apiVersion: job.apiVersion,
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
  };
}

export const jobNotFound = (): ApiResponse =>
  apiError(404, "NOT_FOUND", "The requested resource does not exist");

export const invalidJob = (message: string): ApiResponse => apiError(400, "INVALIDJOB", message);

export function lineEndingOf(value: unknown): "LF" | "CRLF" | null {
  if (value === undefined) return "LF";
  return value === "LF" || value === "CRLF" ? value : null;
}
