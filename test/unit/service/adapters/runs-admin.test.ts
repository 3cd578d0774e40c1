// The run listing names each run's trigger: every trigger a run can be started with (the store's
// RUN_TRIGGERS) shows as itself, so a demo or bench run is never listed as "unknown"; only a run
// from before triggers were kept (null) is.
import { describe, expect, it } from "vitest";
import { createRunsAdmin } from "../../../../src/service/adapters/runs-admin.ts";
import { RUN_TRIGGERS, type Run, type Store } from "../../../../src/store/index.ts";

function runOf(id: number, trigger: string | null): Run {
  return {
    id,
    kind: "reconcile",
    startedAt: "2026-12-01T00:00:00.000Z",
    finishedAt: "2026-12-01T00:00:01.000Z",
    counts: {},
    outcome: "ok",
    message: null,
    owner: "host:1",
    heartbeatAt: null,
    trigger,
  };
}

function adminOver(runs: Run[]) {
  const store = { runs: { list: async () => runs } } as unknown as Store;
  return createRunsAdmin({ store });
}

describe("runs admin: triggers", () => {
  it("lists a demo run with trigger demo", async () => {
    const page = await adminOver([runOf(2, "demo")]).list({ limit: 50 });
    expect(page.items.map((r) => r.trigger)).toEqual(["demo"]);
  });

  it("lists every trigger a run can be recorded with as itself, and a run without one as unknown", async () => {
    const runs = [...RUN_TRIGGERS.map((t, i) => runOf(i + 10, t)), runOf(1, null)];
    const page = await adminOver(runs).list({ limit: 50 });
    expect(page.items.map((r) => r.trigger)).toEqual([...RUN_TRIGGERS, "unknown"]);
    expect(RUN_TRIGGERS).toEqual(expect.arrayContaining(["demo", "bench", "cli", "startup"]));
  });
});
