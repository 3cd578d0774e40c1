import { afterEach, describe, expect, it } from "vitest";
import { type ErrorBody, PortUnavailableError } from "../../../../src/service/errors.ts";
import type {
  JsonValue,
  ProgramVersion,
  QuarantinedRecord,
  SimulationJob,
} from "../../../../src/service/ports.ts";
import type { TestApp } from "../helpers.ts";
import { jsonInit, startTestApp } from "../helpers.ts";

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

/** A mappings port double with real state, so "the old one stays" can be observed. */
function mappingsStore(initial: JsonValue) {
  let current = initial;
  const problemsOf = (doc: JsonValue) =>
    typeof doc === "object" && doc !== null && !Array.isArray(doc) && typeof doc.objects === "object"
      ? []
      : [{ path: "objects", message: "is required" }];
  return {
    get: async () => current,
    validate: async (doc: JsonValue) => {
      const problems = problemsOf(doc);
      return problems.length ? { ok: false as const, problems } : { ok: true as const };
    },
    replace: async (doc: JsonValue) => {
      const problems = problemsOf(doc);
      if (problems.length) return { ok: false as const, problems };
      current = doc;
      return { ok: true as const, mapping: current };
    },
  };
}

describe("mappings", () => {
  it("gets, validates and replaces; an invalid mapping is refused with its problems and the old one stays", async () => {
    app = await startTestApp({ admin: { mappings: mappingsStore({ objects: { deal: "v1" } }) } });
    expect(await (await app.admin("/api/mappings")).json()).toEqual({ mapping: { objects: { deal: "v1" } } });

    const check = await app.admin("/api/mappings/validate", jsonInit("POST", { mapping: { nope: 1 } }));
    expect(check.status).toBe(200);
    expect(await check.json()).toEqual({
      valid: false,
      problems: [{ path: "objects", message: "is required" }],
    });

    const bad = await app.admin("/api/mappings", jsonInit("PUT", { mapping: { nope: 1 } }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        code: "VALIDATION_FAILED",
        message: "the mapping is invalid; the current mapping is unchanged",
        errors: [{ path: "body.mapping.objects", message: "is required" }],
      },
    });
    expect(await (await app.admin("/api/mappings")).json()).toEqual({ mapping: { objects: { deal: "v1" } } });

    const good = await app.admin("/api/mappings", jsonInit("PUT", { mapping: { objects: { deal: "v2" } } }));
    expect(good.status).toBe(200);
    expect(await (await app.admin("/api/mappings")).json()).toEqual({ mapping: { objects: { deal: "v2" } } });
  });

  it("rejects an envelope with unknown keys or a missing document, listing every problem", async () => {
    app = await startTestApp({ admin: { mappings: mappingsStore({}) } });
    const res = await app.admin("/api/mappings", jsonInit("PUT", { mapings: {}, extra: true }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; errors: Array<{ path: string }> } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.errors.map((e) => e.path).sort()).toEqual(["body", "body.mapping"]);
  });

  it("answers 400 INVALID_JSON for a body that is not JSON", async () => {
    app = await startTestApp({ admin: { mappings: mappingsStore({}) } });
    const res = await app.admin("/api/mappings", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("INVALID_JSON");
  });

  it("answers 413 PAYLOAD_TOO_LARGE above BODY_LIMIT and never calls the port", async () => {
    let replaced = 0;
    app = await startTestApp({
      admin: {
        mappings: {
          ...mappingsStore({}),
          replace: async () => {
            replaced++;
            return { ok: true, mapping: {} };
          },
        },
      },
    });
    const res = await app.admin(
      "/api/mappings",
      jsonInit("PUT", { mapping: { objects: "x".repeat(2_000) } }),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", message: "the request body is larger than the configured limit" },
    });
    expect(replaced).toBe(0);
  });
});

describe("programs", () => {
  const v1: ProgramVersion = {
    version: 1,
    effectiveFrom: "2026-01-01",
    publishedAt: "2025-12-20T10:00:00Z",
    program: { tiers: [] },
  };

  it("lists versions, validates, and publishes with an effective date", async () => {
    const published: Array<{ program: JsonValue; effectiveFrom: string }> = [];
    app = await startTestApp({
      admin: {
        programs: {
          list: async () => [v1],
          validate: async () => ({ ok: true }),
          publish: async (request) => {
            published.push(request);
            return {
              ok: true,
              version: { ...v1, version: 2, effectiveFrom: request.effectiveFrom, program: request.program },
            };
          },
        },
      },
    });
    expect(await (await app.admin("/api/programs")).json()).toEqual({ versions: [v1] });
    expect(
      await (await app.admin("/api/programs/validate", jsonInit("POST", { program: { tiers: [] } }))).json(),
    ).toEqual({
      valid: true,
      problems: [],
    });
    const res = await app.admin(
      "/api/programs",
      jsonInit("POST", { program: { tiers: [1] }, effectiveFrom: "2026-07-01" }),
    );
    expect(res.status).toBe(201);
    expect(((await res.json()) as { version: ProgramVersion }).version.version).toBe(2);
    expect(published).toEqual([{ program: { tiers: [1] }, effectiveFrom: "2026-07-01" }]);
  });

  it("refuses a bad effective date before calling the port, and an invalid program with its problems", async () => {
    let calls = 0;
    app = await startTestApp({
      admin: {
        programs: {
          list: async () => [],
          validate: async () => ({ ok: true }),
          publish: async () => {
            calls++;
            return { ok: false, problems: [{ path: "tiers.0.rate", message: "must be a decimal string" }] };
          },
        },
      },
    });
    const badDate = await app.admin(
      "/api/programs",
      jsonInit("POST", { program: {}, effectiveFrom: "2026-13-01" }),
    );
    expect(badDate.status).toBe(400);
    expect(calls).toBe(0);
    const invalid = await app.admin(
      "/api/programs",
      jsonInit("POST", { program: {}, effectiveFrom: "2026-07-01" }),
    );
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { errors: unknown } }).error.errors).toEqual([
      { path: "body.program.tiers.0.rate", message: "must be a decimal string" },
    ]);
  });
});

describe("simulate, statements, ledger, runs", () => {
  it("simulates a draft program for a period", async () => {
    const result = {
      period: "2026-Q2",
      currency: "EUR",
      partners: [
        {
          partnerId: "p-1",
          before: { payout: "100.00", tier: "silver" },
          after: { payout: "150.00", tier: "gold" },
        },
      ],
      totals: { before: "100.00", after: "150.00", delta: "50.00" },
    };
    app = await startTestApp({
      admin: {
        simulate: {
          simulate: async () => ({ ok: true, result }),
          start: async () => {
            throw new Error("not used");
          },
          job: () => null,
        },
      },
    });
    const res = await app.admin(
      "/api/simulate",
      jsonInit("POST", { program: { tiers: [] }, period: "2026-Q2" }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(result);
    const bad = await app.admin("/api/simulate", jsonInit("POST", { program: {}, period: "Q2 2026" }));
    expect(bad.status).toBe(400);
  });

  it("starts a simulation job at once (202), answers a cached one with 200, and reads a job back", async () => {
    const job = (status: SimulationJob["status"]): SimulationJob => ({
      id: "6f1c1b8e-6a3b-4f0e-9d55-0c8f3a2b7e11",
      status,
      period: "2026-Q2",
      draftHash: "ab".repeat(32),
      dataVersion: "v1",
      requestedBy: "api token",
      cached: status === "done",
      progress: { phase: status === "done" ? "done" : "queued", done: null, total: null },
      baseline: null,
      startedAt: "2026-06-01T00:00:00.000Z",
      finishedAt: null,
      durationMs: null,
    });
    const requests: Array<{ period: string; by: string }> = [];
    let next: SimulationJob["status"] = "queued";
    app = await startTestApp({
      admin: {
        simulate: {
          simulate: async () => {
            throw new Error("not used");
          },
          start: async ({ program, period, by }) => {
            requests.push({ period, by });
            if (typeof program === "string" && program.includes("broken"))
              return { ok: false, problems: [{ path: "components[0].rate", message: "not a decimal" }] };
            return { ok: true, job: job(next) };
          },
          job: (id) => (id === job("running").id ? job("running") : null),
        },
      },
    });
    const started = await app.admin(
      "/api/simulations",
      jsonInit("POST", { program: "x: 1", period: "2026-Q2" }),
    );
    expect(started.status).toBe(202);
    expect(((await started.json()) as { job: SimulationJob }).job.status).toBe("queued");
    expect(requests).toEqual([{ period: "2026-Q2", by: "api token" }]);
    next = "done";
    const cached = await app.admin(
      "/api/simulations",
      jsonInit("POST", { program: "x: 1", period: "2026-Q2" }),
    );
    expect(cached.status).toBe(200);
    const bad = await app.admin(
      "/api/simulations",
      jsonInit("POST", { program: "broken", period: "2026-Q2" }),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.errors).toEqual([
      { path: "body.program.components[0].rate", message: "not a decimal" },
    ]);
    const read = await app.admin(`/api/simulations/${job("running").id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { job: SimulationJob }).job.status).toBe("running");
    expect((await app.admin("/api/simulations/0b7e3c52-2f4e-4c1a-8e0f-5d6a7b8c9d0e")).status).toBe(404);
    expect((await app.admin("/api/simulations/not-an-id")).status).toBe(400);
  });

  it("returns a statement, or 404 when there is none", async () => {
    app = await startTestApp({
      admin: {
        statements: {
          get: async ({ partnerId, period }) =>
            partnerId === "p-1"
              ? { partnerId, period, total: "150.00", lines: [{ explanation: "10% of 1500.00" }] }
              : null,
        },
      },
    });
    const found = await app.admin("/api/partners/p-1/statements/2026-Q2");
    expect(found.status).toBe(200);
    expect(((await found.json()) as { statement: { total: string } }).statement.total).toBe("150.00");
    const missing = await app.admin("/api/partners/p-2/statements/2026-Q2");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });

  it("pages the ledger with a parsed limit and refuses unknown or malformed query parameters", async () => {
    const seen: unknown[] = [];
    app = await startTestApp({
      admin: {
        ledger: {
          list: async (request) => {
            seen.push(request);
            return { items: [{ id: "l-1", amount: "10.00" }], nextCursor: "c2" };
          },
        },
      },
    });
    expect(await (await app.admin("/api/ledger?partnerId=p-1&limit=10")).json()).toEqual({
      items: [{ id: "l-1", amount: "10.00" }],
      nextCursor: "c2",
    });
    await app.admin("/api/ledger");
    expect(seen).toEqual([{ partnerId: "p-1", limit: 10 }, { limit: 50 }]);
    const bad = await app.admin("/api/ledger?limit=abc&sort=desc");
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { errors: Array<{ path: string }> } };
    expect(body.error.errors.map((e) => e.path).sort()).toEqual(["query", "query.limit"]);
    expect(seen).toHaveLength(2);
  });

  it("lists runs by kind", async () => {
    app = await startTestApp({
      admin: { runs: { list: async ({ kind, limit }) => ({ items: [], nextCursor: `${kind}:${limit}` }) } },
    });
    expect(await (await app.admin("/api/runs?kind=reconcile&limit=5")).json()).toEqual({
      items: [],
      nextCursor: "reconcile:5",
    });
    expect((await app.admin("/api/runs?kind=nightly")).status).toBe(400);
  });
});

describe("quarantine", () => {
  const record: QuarantinedRecord = {
    id: "q-1",
    crm: "salesforce",
    object: "Opportunity",
    recordId: "0065e00000AbCdEAAV",
    status: "open",
    failure: {
      class: "permanent",
      code: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
      message: "Amount must be positive",
      fields: ["Amount"],
    },
    firstSeenAt: "2026-05-01T00:00:00Z",
    lastAttemptAt: "2026-05-01T00:05:00Z",
    attempts: 2,
  };

  it("lists, retries and dismisses; unknown ids are 404", async () => {
    const dismissed: Array<[string, string | null]> = [];
    app = await startTestApp({
      admin: {
        quarantine: {
          list: async ({ crm, status }) => ({
            items: crm === "salesforce" && status === "open" ? [record] : [],
            nextCursor: null,
          }),
          retry: async (id) => id === "q-1",
          dismiss: async (id, reason) => {
            dismissed.push([id, reason]);
            return id === "q-1";
          },
        },
      },
    });
    expect(await (await app.admin("/api/quarantine?crm=salesforce&status=open")).json()).toEqual({
      items: [record],
      nextCursor: null,
    });
    expect((await app.admin("/api/quarantine?crm=pipedrive")).status).toBe(400);
    const retried = await app.admin("/api/quarantine/q-1/retry", { method: "POST" });
    expect(retried.status).toBe(202);
    expect((await app.admin("/api/quarantine/q-9/retry", { method: "POST" })).status).toBe(404);
    expect(
      (await app.admin("/api/quarantine/q-1/dismiss", jsonInit("POST", { reason: "test deal" }))).status,
    ).toBe(200);
    expect((await app.admin("/api/quarantine/q-1/dismiss", { method: "POST" })).status).toBe(200);
    expect((await app.admin("/api/quarantine/q-1/dismiss", jsonInit("POST", { why: "x" }))).status).toBe(400);
    expect(dismissed).toEqual([
      ["q-1", "test deal"],
      ["q-1", null],
    ]);
  });
});

describe("POST /api/sync and /api/reconcile", () => {
  it("runs a sync with the requested CRM and records and answers with the run summary", async () => {
    app = await startTestApp();
    const res = await app.admin(
      "/api/sync",
      jsonInit("POST", { crm: "hubspot", records: [{ object: "deals", id: "1234" }] }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { run: { kind: string; outcome: string } }).run).toMatchObject({
      kind: "sync",
      outcome: "succeeded",
      trigger: "api",
    });
    expect(app.jobs.syncCalls).toHaveLength(1);
    expect(app.jobs.syncCalls[0]).toMatchObject({
      crm: "hubspot",
      records: [{ object: "deals", id: "1234" }],
      trigger: "api",
    });
    expect(app.jobs.syncCalls[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it("refuses an invalid body with every problem and runs nothing", async () => {
    app = await startTestApp();
    const res = await app.admin(
      "/api/sync",
      jsonInit("POST", { crm: "pipedrive", records: [], force: true }),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { errors: Array<{ path: string }> } };
    expect(body.error.errors.map((e) => e.path).sort()).toEqual(["body", "body.crm", "body.records"]);
    expect(app.jobs.syncCalls).toHaveLength(0);
  });

  it("answers 409 RUN_IN_PROGRESS while a run of the same kind is going", async () => {
    app = await startTestApp();
    let release!: () => void;
    app.jobs.gate = new Promise((resolve) => {
      release = resolve;
    });
    const first = app.admin("/api/reconcile", { method: "POST" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await app.admin("/api/reconcile", { method: "POST" });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe("RUN_IN_PROGRESS");
    release();
    expect((await first).status).toBe(200);
    expect(app.jobs.reconcileCalls).toBe(1);
  });

  it("says 501 NOT_AVAILABLE, not 200, when the run could not be attempted", async () => {
    app = await startTestApp();
    app.jobs.next = { outcome: "unavailable", message: "the sync layer is not wired" };
    const res = await app.admin("/api/reconcile", { method: "POST" });
    expect(res.status).toBe(501);
    expect(await res.json()).toEqual({
      error: { code: "NOT_AVAILABLE", message: "the sync layer is not wired" },
    });
  });
});

describe("port failures", () => {
  it("maps an unavailable port to 501 and an unexpected error to a generic 500 that leaks nothing", async () => {
    app = await startTestApp({
      admin: {
        runs: {
          list: async () => {
            throw new PortUnavailableError("runs");
          },
        },
        ledger: {
          list: async () => {
            throw new Error("connection to db-password-42 failed");
          },
        },
      },
    });
    const unavailable = await app.admin("/api/runs");
    expect(unavailable.status).toBe(501);
    const crash = await app.admin("/api/ledger");
    expect(crash.status).toBe(500);
    const body = await crash.text();
    expect(JSON.parse(body)).toEqual({
      error: { code: "INTERNAL", message: "internal error; the request id identifies it in the logs" },
    });
    expect(body).not.toContain("db-password-42");
    const logged = app.logs.lines.find((l) => l.msg === "unhandled error");
    expect(logged?.reqId).toBe(crash.headers.get("x-request-id"));
  });
});
