// The CLI's run summary names the open-deal projections a run computed (and those it could not).
import { expect, it } from "vitest";
import { formatReport } from "../../../src/cli/sync-report.ts";
import type { SyncReport } from "../../../src/sync/runtime.ts";

const report = (counts: Record<string, number>): SyncReport => ({
  runId: 7,
  kind: "sync",
  dryRun: false,
  outcome: "ok",
  startedAt: "2026-11-20T12:00:00.000Z",
  finishedAt: "2026-11-20T12:00:01.000Z",
  counts,
  message: null,
  planned: [],
  conflicts: [],
  period: "2026-Q4",
  summary: null,
  api: {},
});

it("prints the projected open deals, and nothing when the run projected none", () => {
  expect(formatReport(report({ "projection.deals": 12, "projection.skipped": 2 }))).toContain(
    "  open-deal projections: 12 open deal(s) projected, 2 without one (no partner, amount or fx rate)",
  );
  expect(formatReport(report({}))).not.toContain("open-deal projections");
});
