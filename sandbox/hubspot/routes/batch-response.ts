// The envelope every HubSpot batch endpoint answers with: `status: COMPLETE`, the results, start
// and completion times, and — when some inputs failed — `numErrors` and `errors` with a 207.
// https://developers.hubspot.com/docs/api-reference/crm-companies-v3/batch/post-crm-v3-objects-companies-batch-update
import type { Response } from "express";
import { sendJson } from "../errors.ts";

export function sendBatch(
  res: Response,
  okStatus: number,
  results: unknown[],
  errors: unknown[] = [],
  startedAt: string = new Date().toISOString(),
): void {
  const body: Record<string, unknown> = {
    status: "COMPLETE",
    results,
    startedAt,
    completedAt: new Date().toISOString(),
  };
  if (errors.length > 0) {
    body.numErrors = errors.length;
    body.errors = errors;
  }
  sendJson(res, errors.length > 0 ? 207 : okStatus, body);
}
