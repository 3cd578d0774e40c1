// How /api/sync and /api/reconcile answer with a finished run.
import type { Response } from "express";
import { HttpError } from "../../errors.ts";
import type { RunSummary } from "../../ports.ts";

export function sendRun(res: Response, summary: RunSummary): void {
  // Nothing was attempted: say so with 501 rather than a 200 that reads like work was done.
  if (summary.outcome === "unavailable") {
    throw new HttpError("NOT_AVAILABLE", summary.message ?? `${summary.kind} is not available yet`);
  }
  res.json({ run: summary });
}
