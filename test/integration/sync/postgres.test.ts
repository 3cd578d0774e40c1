// The same sync on the local PostgreSQL server (own schema, dropped afterwards), plus a
// retryable write failure that is retried automatically on the next run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../../../src/sync/model.ts";
import { counted, type Harness, startHarness, writesOf } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("postgres", { partners: 8, deals: 80, mirrorEvery: 4 });
});
afterAll(async () => {
  await h?.close();
});

describe("sync on PostgreSQL", () => {
  it("reconciles, then makes zero writes when nothing changed", async () => {
    const first = await counted(h, () => h.runtime.reconcile());
    expect(first.report.outcome).toBe("ok");
    expect(h.store.backend).toBe("postgres");
    expect(writesOf(first.calls)).toBeGreaterThan(0);
    const second = await counted(h, () => h.runtime.reconcile());
    expect(writesOf(second.calls)).toBe(0);
    const third = await counted(h, () => h.runtime.sync());
    expect(writesOf(third.calls)).toBe(0);
  });

  it("a write failing with a lock error is quarantined as retryable and retried on the next run", async () => {
    const deal = (await h.store.deals.list())
      .map((d) => ({ id: d.id, data: d.data, raw: d.raw as Entry["raw"] }))
      .find((d) => d.raw.sides.salesforce && d.data.stage === "won" && d.data.attribution === "sourced")!;
    const sfId = deal.raw.sides.salesforce!.id;
    h.sandbox.salesforce.org.update("Opportunity", sfId, { Amount: 654321 });
    h.sandbox.salesforce.org.setFaults({ lockRowRate: 1 });
    const failed = await counted(h, () => h.runtime.sync());
    expect(failed.report.outcome).toBe("partial");
    // Every Salesforce record the change touched failed to lock: quarantined, retryable.
    const open = await h.runtime.quarantine.list({ status: "open" });
    expect(open.length).toBe(failed.report.counts["quarantined.outbound"]);
    expect(open.length).toBeGreaterThan(0);
    for (const e of open) {
      expect(e).toMatchObject({
        class: "retryable",
        crm: "salesforce",
        code: "outbound.write.UNABLE_TO_LOCK_ROW",
      });
    }
    h.sandbox.salesforce.org.setFaults({ lockRowRate: 0 });
    const retried = await counted(h, () => h.runtime.sync());
    expect(retried.report.outcome).toBe("ok");
    for (const e of open) expect((await h.store.recordErrors.get(e.id))!.status).toBe("resolved");
    expect(await h.runtime.quarantine.list({ status: "open" })).toEqual([]);
    const idle = await counted(h, () => h.runtime.sync());
    expect(writesOf(idle.calls)).toBe(0);
  });
});
