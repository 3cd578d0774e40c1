import { afterEach, describe, expect, it } from "vitest";
import type { WriteRequest } from "../../../connectors/types.ts";
import { type Harness, readAll, startHarness } from "./setup.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

const batchUpdates = (x: Harness) =>
  x.emulator.portal.calls().byEndpoint["POST /crm/v3/objects/deals/batch/update"] ?? 0;

async function seeded(): Promise<{ h: Harness; ids: string[] }> {
  const harness = await startHarness({ rateLimits: { enabled: false } });
  const report = await harness.connector.provision({ check: false });
  expect(report.problems).toEqual([]);
  const ids = harness.emulator.portal.createMany(
    "deals",
    Array.from({ length: 250 }, (_, i) => ({ dealname: `Deal ${i}`, amount: "1000" })),
  );
  await harness.connector.describe("deals"); // property definitions cached before counting
  harness.emulator.portal.resetCalls();
  return { h: harness, ids };
}

describe("HubSpot connector writes against the emulator", () => {
  it("batch-creates tasks associated with a company; a bad input fails alone, named by its key", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const company = h.emulator.portal.create("companies", { name: "Acme", domain: "acme.example" }).id;
    h.emulator.portal.resetCalls();
    const result = await h.connector.write({
      object: "tasks",
      operation: "create",
      records: [
        {
          key: "n-1",
          fields: { hs_task_subject: "Acme is $12,300 from Gold", hs_timestamp: "2026-12-31T00:00:00.000Z" },
          associations: [{ toObject: "companies", toId: company }],
        },
        {
          key: "n-2",
          fields: { hs_task_subject: "Bad", hs_task_status: "HALF_DONE" },
          associations: [{ toObject: "companies", toId: company }],
        },
      ],
    });
    const byKey = new Map(result.results.map((r) => [r.key, r]));
    expect(byKey.get("n-2")).toMatchObject({ ok: false, failure: { fields: ["hs_task_status"] } });
    const created = byKey.get("n-1")!;
    if (!created.ok) throw new Error(JSON.stringify(created.failure));
    expect(created.created).toBe(true);
    const task = h.emulator.portal.state.stores.tasks.records.get(created.id)!;
    expect(task.props.hs_task_subject).toBe("Acme is $12,300 from Gold");
    expect([...(task.assoc?.companies?.keys() ?? [])]).toEqual([company]);
    expect(h.emulator.portal.calls().byEndpoint["POST /crm/v3/objects/tasks/batch/create"]).toBe(1);
  });

  // A create is not idempotent: after an answer that leaves it unknown whether HubSpot applied it
  // (a 5xx, a timeout) the connector must not send it again — the nudge sync looks it up on its
  // next run instead. Faults are set through the emulator's own POST /__sandbox/faults.
  const taskCreates = (x: Harness) =>
    x.emulator.portal.calls().byEndpoint["POST /crm/v3/objects/tasks/batch/create"] ?? 0;
  const faults = async (x: Harness, body: unknown) => {
    const r = await fetch(`${x.emulator.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(r.status).toBe(200);
  };
  const nudge = (company: string, key: string): WriteRequest => ({
    object: "tasks",
    operation: "create",
    records: [
      {
        key,
        fields: {
          hs_task_subject: `Acme is $12,300 from Gold (${key})`,
          hs_timestamp: "2026-12-31T00:00:00.000Z",
        },
        associations: [{ toObject: "companies", toId: company }],
      },
    ],
  });

  it("never resends a task create after a 503 (it may have been applied): reported as unconfirmed", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const company = h.emulator.portal.create("companies", { name: "Acme" }).id;
    h.emulator.portal.resetCalls();
    // One 503 only: a resend would succeed, so a connector that retried would report ok.
    await faults(h, { next: [{ status: 503, count: 1, pathPattern: "/tasks/batch/create" }] });
    const result = await h.connector.write(nudge(company, "nudge-1"));
    expect(taskCreates(h)).toBe(1);
    expect(result.results).toEqual([
      expect.objectContaining({
        key: "nudge-1",
        ok: false,
        failure: expect.objectContaining({ class: "retryable", code: "CREATE_UNCONFIRMED" }),
      }),
    ]);
    expect(h.emulator.portal.state.stores.tasks.records.size).toBe(0);
  });

  it("never resends a task create after a timeout: unconfirmed, and HubSpot holds exactly one task", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    const company = h.emulator.portal.create("companies", { name: "Acme" }).id;
    h.emulator.portal.resetCalls();
    // The emulator answers after 600 ms, the connector gives up after 150 ms: the task is created
    // anyway, which is exactly why it must not be sent again.
    const connector = h.newConnector({ timeouts: { connectMs: 1_000, responseMs: 150 } });
    await connector.describe("tasks"); // property definitions cached: only the create is slow
    h.emulator.portal.resetCalls();
    await faults(h, { latencyMs: 600 });
    const result = await connector.write(nudge(company, "nudge-2"));
    expect(result.results[0]).toMatchObject({
      key: "nudge-2",
      ok: false,
      failure: { class: "retryable", code: "CREATE_UNCONFIRMED" },
    });
    // Let the emulator finish every request it got (a resend would have made a second task). The
    // emulator counts a call when its answer is sent, and nobody was listening for this one.
    await new Promise((r) => setTimeout(r, 1_500));
    const tasks = [...h.emulator.portal.state.stores.tasks.records.values()];
    expect(tasks.map((t) => t.props.hs_task_subject)).toEqual(["Acme is $12,300 from Gold (nudge-2)"]);
  });

  it("batch update of 250 with 3 invalid: 3 quarantined, 247 written, 3 calls", async () => {
    const s = await seeded();
    h = s.h;
    const bad = new Set([s.ids[10], s.ids[120], s.ids[249]]);
    const request: WriteRequest = {
      object: "deals",
      operation: "update",
      records: s.ids.map((id, i) => ({
        key: id,
        fields:
          id === s.ids[10]
            ? { incentive_status: "not-a-status" }
            : id === s.ids[120]
              ? { incentive_amount: "lots" }
              : id === s.ids[249]
                ? { closedate: "yesterday", incentive_amount: "1.00" }
                : { incentive_amount: `${i}.25`, incentive_status: "earned" },
      })),
    };
    const result = await h.connector.write(request);
    expect(batchUpdates(h)).toBe(3);
    expect(h.emulator.portal.calls().total).toBe(3);
    expect(result.calls).toBe(3);
    const failed = result.results.filter((r) => !r.ok);
    expect(failed.map((r) => r.key).sort()).toEqual([...bad].sort());
    expect(failed.map((r) => !r.ok && [r.failure.class, r.failure.fields])).toEqual([
      ["permanent", ["incentive_status"]],
      ["permanent", ["incentive_amount"]],
      ["permanent", ["closedate"]],
    ]);
    expect(result.results.filter((r) => r.ok)).toHaveLength(247);
    expect(h.emulator.portal.get("deals", s.ids[7] as string)?.properties.incentive_amount).toBe("7.25");
    expect(
      h.emulator.portal.get("deals", s.ids[10] as string)?.properties.incentive_status ?? null,
    ).toBeNull();
  });

  it("records HubSpot rejects itself (207) are quarantined with the rest written, still 3 calls", async () => {
    const s = await seeded();
    h = s.h;
    const rejected = [s.ids[0], s.ids[150], s.ids[200]] as string[];
    h.emulator.portal.setFaults({
      recordFailures: [
        { objectType: "deals", ids: rejected, code: "INVALID_OPTION", message: "rejected by a rule" },
      ],
    });
    const result = await h.connector.write({
      object: "deals",
      operation: "update",
      records: s.ids.map((id) => ({ key: id, fields: { incentive_status: "paid" } })),
    });
    expect(batchUpdates(h)).toBe(3);
    const failed = result.results.filter((r) => !r.ok);
    expect(failed.map((r) => r.key).sort()).toEqual([...rejected].sort());
    expect(failed[0]).toMatchObject({ failure: { class: "permanent", code: "INVALID_OPTION" } });
    expect(result.results.filter((r) => r.ok)).toHaveLength(247);
  });

  it("a batch HubSpot rejects whole (409 unique conflict) is split in halves until the bad record is isolated", async () => {
    const s = await seeded();
    h = s.h;
    h.emulator.portal.update("deals", s.ids[0] as string, { incentive_key: "TAKEN" });
    h.emulator.portal.resetCalls();
    const records = s.ids
      .slice(1, 17)
      .map((id, i) => ({ key: id, fields: { incentive_key: i === 9 ? "TAKEN" : `K-${i}` } }));
    const result = await h.connector.write({ object: "deals", operation: "update", records });
    // 16 → 8 → 4 → 2 → 1: the spoiled half is halved each time, the clean halves go through.
    expect(batchUpdates(h)).toBe(9);
    expect(result.calls).toBe(9);
    const failed = result.results.filter((r) => !r.ok);
    expect(failed).toEqual([
      {
        key: s.ids[10],
        ok: false,
        failure: expect.objectContaining({ class: "permanent", code: "CONFLICT", fields: ["incentive_key"] }),
      },
    ]);
    expect(result.results.filter((r) => r.ok)).toHaveLength(15);
  });

  it("upserts by incentive_key: creates then updates the same records", async () => {
    h = await startHarness({ rateLimits: { enabled: false } });
    await h.connector.provision({ check: false });
    const records = Array.from({ length: 5 }, (_, i) => ({
      key: `INC-${i}`,
      fields: { partner_score: `${70 + i}.5` },
    }));
    const first = await h.connector.write({
      object: "companies",
      operation: "upsert",
      externalIdField: "incentive_key",
      records,
    });
    expect(first.results.every((r) => r.ok && r.created)).toBe(true);
    const second = await h.connector.write({
      object: "companies",
      operation: "upsert",
      externalIdField: "incentive_key",
      records,
    });
    expect(second.results.every((r) => r.ok && !r.created)).toBe(true);
    expect(h.emulator.portal.count("companies")).toBe(5);
  });

  it("a 429 storm (≥ 30% of calls) still finishes with the same result", async () => {
    const run = async (stormy: boolean) => {
      const x = await startHarness({ rateLimits: { enabled: false } });
      await x.connector.provision({ check: false });
      const ids = x.emulator.portal.createMany(
        "deals",
        Array.from({ length: 1_200 }, (_, i) => ({ dealname: `S${i}`, amount: `${i}` })),
      );
      await x.connector.describe("deals");
      x.emulator.portal.resetCalls();
      if (stormy)
        x.emulator.portal.setFaults({ rate: 0.4, statuses: [429], rateLimitPolicy: "SECONDLY", seed: 7 });
      const read = await readAll(x.connector, {
        object: "deals",
        fields: ["dealname", "amount"],
        mode: "incremental",
        cursor: null,
      });
      const write = await x.connector.write({
        object: "deals",
        operation: "update",
        records: ids.slice(0, 300).map((id, i) => ({ key: id, fields: { incentive_amount: `${i}.10` } })),
      });
      const calls = x.emulator.portal.calls();
      await x.emulator.close();
      return {
        read: read.records.map((r) => `${r.id}:${r.fields.amount}`).sort(),
        written: write.results.filter((r) => r.ok).length,
        failures: write.results.filter((r) => !r.ok).slice(0, 2),
        calls,
        stats: x.connector.stats(),
      };
    };
    const calm = await run(false);
    const storm = await run(true);
    expect(storm.read).toEqual(calm.read);
    expect(storm.written, JSON.stringify(storm.failures)).toBe(300);
    expect(calm.written).toBe(300);
    const throttled = storm.calls.byStatus["429"] ?? 0;
    expect(throttled / storm.calls.total).toBeGreaterThanOrEqual(0.3);
    expect(storm.stats.retries).toBe(throttled);
  });
});
