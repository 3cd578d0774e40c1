// Runs from the store's run log, newest first, each with the trigger the store kept for it
// (whichever process started it; "unknown" only for runs from before triggers were kept). Store
// runs of other kinds (CLI compute/post) are left out, so a page may hold fewer than `limit`
// items and still have a next page.
import { RUN_TRIGGERS, type Run, type Store } from "../../store/index.ts";
import { HttpError } from "../errors.ts";
import type { RunOutcome, RunSummary, RunsAdmin, RunTrigger } from "../ports.ts";

const OUTCOMES: Record<Run["outcome"], RunOutcome> = {
  ok: "succeeded",
  partial: "partial",
  failed: "failed",
  running: "running",
};

const TRIGGERS: ReadonlySet<string> = new Set<RunTrigger>(RUN_TRIGGERS);

export function createRunsAdmin(deps: { store: Store }): RunsAdmin {
  return {
    async list({ limit, cursor, kind }) {
      if (cursor !== undefined && !/^\d{1,15}$/.test(cursor)) {
        throw new HttpError("VALIDATION_FAILED", "invalid cursor", {
          problems: [{ path: "query.cursor", message: "pass back a nextCursor from a previous page" }],
        });
      }
      const runs = await deps.store.runs.list({
        limit,
        ...(kind ? { kind } : {}),
        ...(cursor !== undefined ? { beforeId: Number(cursor) } : {}),
      });
      const items: RunSummary[] = [];
      for (const run of runs) {
        if (run.kind !== "sync" && run.kind !== "reconcile") continue;
        const summary: RunSummary = {
          runId: String(run.id),
          kind: run.kind,
          trigger:
            run.trigger !== null && TRIGGERS.has(run.trigger) ? (run.trigger as RunTrigger) : "unknown",
          outcome: OUTCOMES[run.outcome],
          startedAt: run.startedAt,
          finishedAt: run.finishedAt ?? run.startedAt,
          counts: run.counts,
        };
        if (run.message) summary.message = run.message;
        items.push(summary);
      }
      const last = runs.at(-1);
      return { items, nextCursor: runs.length === limit && last ? String(last.id) : null };
    },
  };
}
