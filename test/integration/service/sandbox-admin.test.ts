// The admin API against the real adapters, on the service composed in sandbox mode: mappings
// (a bad one refused, the file untouched), programs (validate, publish), simulate, statements,
// ledger, runs and quarantine.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QuarantinedRecord, RunSummary, SimulationResult } from "../../../src/service/ports.ts";
import { type SandboxService, startSandboxService } from "./sandbox-harness.ts";

let s: SandboxService;
let exampleProgram: string;

beforeAll(async () => {
  exampleProgram = await readFile("programs/example.yaml", "utf8");
  s = await startSandboxService();
  const res = await s.api("/api/reconcile", { method: "POST", body: {} });
  if (res.status === 409) {
    // The start-up reconcile is still going: wait for it.
    await s.eventually(
      "the start-up reconcile",
      async () => {
        const page = (await (await s.api("/api/runs?kind=reconcile")).json()) as { items: RunSummary[] };
        return page.items.find((r) => r.trigger === "startup" && r.outcome !== "running");
      },
      60_000,
    );
  } else expect(res.status).toBe(200);
}, 90_000);

afterAll(async () => {
  await s?.close();
});

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
type ErrorBody = {
  error: { code: string; message: string; errors?: Array<{ path: string; message: string }> };
};

describe("mappings", () => {
  it("gets both mappings", async () => {
    const res = await s.api("/api/mappings");
    expect(res.status).toBe(200);
    const body = await json<{ mapping: Record<string, { crm: string }> }>(res);
    expect(body.mapping.salesforce?.crm).toBe("salesforce");
    expect(body.mapping.hubspot?.crm).toBe("hubspot");
  });

  it("refuses a bad mapping with its problems and keeps the file as it was", async () => {
    const file = join(s.mappingsDir, "hubspot.yaml");
    const before = await readFile(file, "utf8");
    const bad = { hubspot: { crm: "hubspot", version: 1, entities: { partner: { object: "companies" } } } };
    const validate = await s.api("/api/mappings/validate", { method: "POST", body: { mapping: bad } });
    expect(validate.status).toBe(200);
    const verdict = await json<{ valid: boolean; problems: Array<{ path: string }> }>(validate);
    expect(verdict.valid).toBe(false);
    expect(verdict.problems.length).toBeGreaterThan(0);
    const res = await s.api("/api/mappings", { method: "PUT", body: { mapping: bad } });
    expect(res.status).toBe(400);
    const body = await json<ErrorBody>(res);
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.errors?.every((e) => e.path.startsWith("body.mapping.hubspot"))).toBe(true);
    expect(await readFile(file, "utf8")).toBe(before);
    // Pair rules across both files count too: a different partner match key is refused.
    const text = before.replace(
      "match_key: { canonical: domain, crm_field: domain",
      "match_key: { canonical: name, crm_field: name",
    );
    expect(text).not.toBe(before);
    const pair = await s.api("/api/mappings", { method: "PUT", body: { mapping: { hubspot: text } } });
    expect(pair.status).toBe(400);
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("replaces a valid mapping (YAML text kept as sent) and the next run uses it", async () => {
    const file = join(s.mappingsDir, "hubspot.yaml");
    const text = `${await readFile(file, "utf8")}\n# replaced through the admin API\n`;
    const res = await s.api("/api/mappings", { method: "PUT", body: { mapping: { hubspot: text } } });
    expect(res.status).toBe(200);
    expect(await readFile(file, "utf8")).toBe(text);
    const sync = await s.api("/api/sync", { method: "POST", body: {} });
    expect(sync.status).toBe(200);
    expect((await json<{ run: RunSummary }>(sync)).run.outcome).not.toBe("failed");
  });
});

describe("programs", () => {
  it("lists the version the first run registered", async () => {
    const res = await s.api("/api/programs");
    expect(res.status).toBe(200);
    const body = await json<{
      versions: Array<{ version: number; effectiveFrom: string; program: { program: string } }>;
    }>(res);
    expect(body.versions.length).toBeGreaterThanOrEqual(1);
    expect(body.versions[0]!.program.program).toBe("FY26 Partner Program");
  });

  it("validates: an invalid program lists its problems", async () => {
    const res = await s.api("/api/programs/validate", {
      method: "POST",
      body: { program: { program: "x" } },
    });
    expect(res.status).toBe(200);
    const body = await json<{ valid: boolean; problems: unknown[] }>(res);
    expect(body.valid).toBe(false);
    expect(body.problems.length).toBeGreaterThan(0);
    const ok = await s.api("/api/programs/validate", { method: "POST", body: { program: exampleProgram } });
    expect(await json<{ valid: boolean }>(ok)).toMatchObject({ valid: true });
  });

  it("publishes a new version with an effective date; an invalid one publishes nothing", async () => {
    const count = async () =>
      (await json<{ versions: unknown[] }>(await s.api("/api/programs"))).versions.length;
    const n = await count();
    const bad = await s.api("/api/programs", {
      method: "POST",
      body: { program: "program: broken\n", effectiveFrom: "2027-01-01" },
    });
    expect(bad.status).toBe(400);
    expect(await count()).toBe(n);
    const renamed = await s.api("/api/programs", {
      method: "POST",
      body: {
        program: exampleProgram.replace("FY26 Partner Program", "Another"),
        effectiveFrom: "2027-01-01",
      },
    });
    expect(renamed.status).toBe(400);
    const next = exampleProgram.replace('rate: "0.05"', 'rate: "0.06"');
    const res = await s.api("/api/programs", {
      method: "POST",
      body: { program: next, effectiveFrom: "2027-01-01" },
    });
    expect(res.status).toBe(201);
    const body = await json<{ version: { version: number; effectiveFrom: string } }>(res);
    expect(body.version.effectiveFrom).toBe("2027-01-01");
    expect(await count()).toBe(n + 1);
    const stored = await s.composed.store.programVersions.effectiveOn("FY26 Partner Program", "2027-02-01");
    expect(stored?.id).toBe(body.version.version);
  });
});

describe("simulate, statements, ledger, runs", () => {
  const period = "2026-Q4";

  it("simulates a draft against stored data: per-partner before/after and totals, nothing written", async () => {
    const rows = await s.composed.store.ledger.count();
    const draft = exampleProgram
      .replace('rate: "0.05"', 'rate: "0.08"')
      .replace('rate: "0.07"', 'rate: "0.10"');
    const res = await s.api("/api/simulate", { method: "POST", body: { program: draft, period } });
    expect(res.status).toBe(200);
    const body = await json<SimulationResult>(res);
    expect(body.period).toBe(period);
    expect(body.currency).toBe("USD");
    expect(body.partners.length).toBe(20);
    expect(body.partners.some((p) => p.after.payout !== p.before.payout)).toBe(true);
    expect(Number(body.totals.after)).toBeGreaterThan(Number(body.totals.before));
    expect(body.totals.delta).toMatch(/^-?\d+\.\d{2}$/);
    // "before" is what the ledger holds for the version in force.
    const somePartner = body.partners.find((p) => p.before.payout !== "0.00")!;
    const statement = await s.composed.store.ledger.statement(somePartner.partnerId, period);
    expect(statement?.partner.payable).toBe(somePartner.before.payout);
    expect(await s.composed.store.ledger.count()).toBe(rows);
    const wrong = await s.api("/api/simulate", {
      method: "POST",
      body: { program: draft, period: "2026-05" },
    });
    expect(wrong.status).toBe(400);
  });

  it("answers a partner's statement with explanations, 404 when none", async () => {
    const [partner] = await s.composed.store.partners.list();
    const res = await s.api(`/api/partners/${encodeURIComponent(partner!.id)}/statements/${period}`);
    expect(res.status).toBe(200);
    const body = await json<{
      statement: { period: string; partner: { partner_id: string; lines: Array<{ explanation: string }> } };
    }>(res);
    const statement = body.statement;
    expect(statement.period).toBe(period);
    expect(statement.partner.partner_id).toBe(partner!.id);
    for (const line of statement.partner.lines) expect(line.explanation.length).toBeGreaterThan(0);
    expect((await s.api(`/api/partners/P-NOPE/statements/${period}`)).status).toBe(404);
  });

  it("pages through the ledger", async () => {
    const first = await json<{ items: Array<{ id: string }>; nextCursor: string | null }>(
      await s.api("/api/ledger?limit=3"),
    );
    expect(first.items.length).toBe(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await json<{ items: Array<{ id: string }> }>(
      await s.api(`/api/ledger?limit=3&cursor=${first.nextCursor}`),
    );
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    expect((await s.api("/api/ledger?cursor=abc")).status).toBe(400);
  });

  it("lists runs newest first with their trigger", async () => {
    const body = await json<{ items: RunSummary[] }>(await s.api("/api/runs?limit=50"));
    expect(body.items.length).toBeGreaterThanOrEqual(2);
    expect(Number(body.items[0]!.runId)).toBeGreaterThan(Number(body.items[1]!.runId));
    expect(body.items.some((r) => r.kind === "reconcile" && r.trigger === "startup")).toBe(true);
    expect(body.items.some((r) => r.kind === "sync" && r.trigger === "api")).toBe(true);
  });
});

describe("quarantine", () => {
  it("lists open records, queues one for retry and dismisses another", async () => {
    const open = await json<{ items: QuarantinedRecord[] }>(await s.api("/api/quarantine?status=open"));
    // The sandbox seeds a few records that cannot be mapped.
    expect(open.items.length).toBeGreaterThanOrEqual(2);
    const [a, b] = open.items;
    expect(a!.failure.message.length).toBeGreaterThan(0);
    const retry = await s.api(`/api/quarantine/${a!.id}/retry`, { method: "POST" });
    expect(retry.status).toBe(202);
    const dismiss = await s.api(`/api/quarantine/${b!.id}/dismiss`, {
      method: "POST",
      body: { reason: "test" },
    });
    expect(dismiss.status).toBe(200);
    const dismissed = await json<{ items: QuarantinedRecord[] }>(
      await s.api("/api/quarantine?status=dismissed"),
    );
    expect(dismissed.items.map((r) => r.id)).toContain(b!.id);
    expect((await s.api(`/api/quarantine/${b!.id}/dismiss`, { method: "POST", body: {} })).status).toBe(404);
    expect((await s.api("/api/quarantine/not-a-number/retry", { method: "POST" })).status).toBe(404);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/incentives_quarantined_records\{crm="(salesforce|hubspot)"\} \d/);
  });
});
