// The service's `Jobs` port over the sync runtime: a thin mapping of requests and reports.
import type { ChangedRecord, Jobs, ReconcileRequest, RunSummary, SyncRequest } from "../service/ports.ts";
import type { SyncReport, SyncRuntime } from "./runtime.ts";

export function toRunSummary(report: SyncReport, trigger: RunSummary["trigger"]): RunSummary {
  return {
    runId: String(report.runId ?? "dry-run"),
    kind: report.kind,
    trigger,
    outcome: report.outcome === "ok" ? "succeeded" : report.outcome,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    counts: report.counts,
    ...(report.message ? { message: report.message } : {}),
  };
}

/**
 * `records` from webhooks name the object as the mapping does; the CRM is the request's, or —
 * when absent — guessed from the object name (Salesforce objects are capitalized).
 */
function withCrm(request: SyncRequest, r: ChangedRecord) {
  const crm = request.crm ?? (/^[A-Z]/.test(r.object) ? "salesforce" : "hubspot");
  return { crm, object: r.object, id: r.id } as const;
}

export function createJobs(runtime: SyncRuntime): Jobs {
  return {
    async sync(request: SyncRequest) {
      const report = await runtime.sync({
        ...(request.crm ? { crm: request.crm } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.records ? { records: request.records.map((r) => withCrm(request, r)) } : {}),
      });
      return toRunSummary(report, request.trigger);
    },
    async reconcile(request: ReconcileRequest) {
      const report = await runtime.reconcile(request.signal ? { signal: request.signal } : {});
      return toRunSummary(report, request.trigger);
    },
  };
}
