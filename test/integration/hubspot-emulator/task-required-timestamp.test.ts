// HubSpot refuses a task created without hs_timestamp (its due date); the emulator must too, so
// a connector that forgets it fails here instead of in a customer's portal.
import type { Client } from "@hubspot/api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubSpotEmulator } from "../../../sandbox/hubspot/server.ts";
import { apiError, clientFor, raw, startEmulator } from "./helpers.ts";

let emulator: HubSpotEmulator;
let client: Client;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimits: { enabled: false } });
  client = clientFor(emulator);
});
afterAll(async () => {
  await emulator.close();
});

const taskCount = () => emulator.portal.state.stores.tasks.records.size;

/** HubSpot's answer, as observed on the real API (see sandbox/hubspot/properties/required.ts). */
function expectRequiredError(status: number, body: Record<string, unknown>): void {
  expect(status).toBe(400);
  expect(body).toMatchObject({
    status: "error",
    category: "VALIDATION_ERROR",
    message: "Error creating TASK. Some required properties were not set.",
    context: { properties: ["hs_timestamp"] },
  });
  expect(typeof body.correlationId).toBe("string");
}

describe("task create requires hs_timestamp", () => {
  it("refuses a single create without it (or with it empty) and creates nothing", async () => {
    const before = taskCount();
    const missing = await raw(emulator, "POST", "/crm/v3/objects/tasks", {
      properties: { hs_task_subject: "Call Acme", hs_task_status: "NOT_STARTED" },
    });
    expectRequiredError(missing.status, missing.body);
    expect(missing.headers.get("content-type")).toBe("application/json;charset=utf-8");
    const empty = await raw(emulator, "POST", "/crm/v3/objects/0-27", {
      properties: { hs_task_subject: "Call Acme", hs_timestamp: "" },
    });
    expectRequiredError(empty.status, empty.body);
    // The real client surfaces the same body on its ApiException.
    const viaClient = await apiError(
      client.crm.objects.basicApi.create("tasks", {
        properties: { hs_task_subject: "Call Acme" },
        associations: [],
      }),
    );
    expectRequiredError(viaClient.code, viaClient.body);
    expect(taskCount()).toBe(before);
  });

  it("refuses a whole batch when one input lacks it, and nothing of the batch is created", async () => {
    const before = taskCount();
    const batch = await raw(emulator, "POST", "/crm/v3/objects/tasks/batch/create", {
      inputs: [
        {
          properties: { hs_task_subject: "Good", hs_timestamp: "2026-12-31T00:00:00.000Z" },
          objectWriteTraceId: "t-1",
        },
        { properties: { hs_task_subject: "No due date" }, objectWriteTraceId: "t-2" },
      ],
    });
    expectRequiredError(batch.status, batch.body);
    expect(taskCount()).toBe(before);
  });

  it("still creates tasks that carry it, single and batch (epoch ms or ISO)", async () => {
    const before = taskCount();
    const single = await client.crm.objects.basicApi.create("tasks", {
      properties: { hs_task_subject: "Call Acme", hs_timestamp: "1798675200000" },
      associations: [],
    });
    expect(single.properties.hs_timestamp).toBe("2026-12-31T00:00:00.000Z");
    const batch = await client.crm.objects.batchApi.create("tasks", {
      inputs: [
        { properties: { hs_task_subject: "A", hs_timestamp: "2026-12-31T00:00:00.000Z" }, associations: [] },
        { properties: { hs_task_subject: "B", hs_timestamp: "2026-12-31" }, associations: [] },
      ],
    });
    expect(batch.results.map((r) => r.properties.hs_task_subject).sort()).toEqual(["A", "B"]);
    expect(taskCount()).toBe(before + 3);
  });

  it("is not required of other object types, nor of task updates", async () => {
    const deal = await raw(emulator, "POST", "/crm/v3/objects/deals", { properties: { dealname: "x" } });
    expect(deal.status).toBe(201);
    const task = emulator.portal.create("tasks", {
      hs_task_subject: "Back door (UI) task",
      hs_timestamp: "2026-12-31T00:00:00.000Z",
    });
    const update = await raw(emulator, "PATCH", `/crm/v3/objects/tasks/${task.id}`, {
      properties: { hs_task_status: "COMPLETED" },
    });
    expect(update.status).toBe(200);
  });
});
