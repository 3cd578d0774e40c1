// The connector conformance suite: the contract of connectors/types.ts, written once and run
// against every connector on its sandbox emulator (like the standard tests Singer SDK and
// Airbyte's CDK run against every tap/source). A third CRM gets these tests by writing a harness.
import { afterEach, describe, expect, it } from "vitest";
import type {
  CrmConnector,
  CrmRecord,
  ReadPage,
  ReadRequest,
  SyncCursor,
} from "../../../connectors/types.ts";

/** What a CRM's emulator offers the suite, through its back door (no API calls counted). */
export interface ConformanceSandbox {
  connector: CrmConnector;
  /** Creates records of `object` with these text values; ids in the same order. */
  seed(values: string[]): string[];
  /** Moves the emulator's (and connector's) clock forward. */
  advance(ms: number): void;
  change(id: string, value: string): void;
  remove(id: string): void;
  /** From now on, writes that set the text field to `value` fail validation. */
  rejectWrites(value: string): void;
  close(): Promise<void>;
}

export interface ConformanceHarness {
  name: string;
  /** A partner-like object and one writable text field on it. */
  object: string;
  textField: string;
  start(): Promise<ConformanceSandbox>;
  /** A sandbox whose API budget is already past the connector's stop share. */
  startNearBudget(recordCount: number): Promise<{ sandbox: ConformanceSandbox; ids: string[] }>;
}

async function readAll(connector: CrmConnector, request: ReadRequest): Promise<ReadPage[]> {
  const pages: ReadPage[] = [];
  for await (const page of connector.read(request)) pages.push(page);
  return pages;
}

export function connectorConformance(h: ConformanceHarness): void {
  describe(`connector conformance: ${h.name}`, () => {
    let sandbox: ConformanceSandbox | null = null;
    afterEach(async () => {
      await sandbox?.close();
      sandbox = null;
    });
    const read = (s: ConformanceSandbox, mode: "full" | "incremental", cursor: SyncCursor | null) =>
      readAll(s.connector, { object: h.object, fields: [h.textField], mode, cursor });
    const recordsOf = (pages: ReadPage[]): CrmRecord[] => pages.flatMap((p) => p.records);

    it("describes the object with its writable text field", async () => {
      sandbox = await h.start();
      const d = await sandbox.connector.describe(h.object);
      expect(d.object).toBe(h.object);
      const field = d.fields.find((f) => f.name === h.textField);
      expect(field).toMatchObject({ name: h.textField, type: expect.stringMatching(/^(string|textarea)$/) });
    });

    it("a full read returns every record once, each page with a cursor, values as strings", async () => {
      sandbox = await h.start();
      const values = Array.from({ length: 230 }, (_, i) => `conf-${i}`);
      const ids = sandbox.seed(values);
      const pages = await read(sandbox, "full", null);
      expect(pages.length).toBeGreaterThan(0);
      for (const p of pages) expect(p.cursor).toBeTypeOf("object");
      const records = recordsOf(pages).filter((r) => ids.includes(r.id));
      expect(records.map((r) => r.id).sort()).toEqual([...ids].sort());
      expect(new Set(recordsOf(pages).map((r) => r.id)).size).toBe(recordsOf(pages).length);
      const r = records.find((x) => x.id === ids[7]);
      expect(r).toMatchObject({ object: h.object, deleted: false, fields: { [h.textField]: "conf-7" } });
      expect(r?.modifiedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    });

    it("an incremental read from the cursor returns exactly the changes, deletions as tombstones", async () => {
      sandbox = await h.start();
      const ids = sandbox.seed(["a", "b", "c", "d"]);
      const full = await read(sandbox, "full", null);
      sandbox.advance(60_000);
      sandbox.change(ids[1]!, "b-changed");
      sandbox.advance(1_000);
      sandbox.remove(ids[2]!);
      sandbox.advance(1_000);
      const inc = recordsOf(await read(sandbox, "incremental", full.at(-1)!.cursor));
      const byId = new Map(inc.map((r) => [r.id, r]));
      expect(byId.get(ids[1]!)).toMatchObject({ deleted: false, fields: { [h.textField]: "b-changed" } });
      expect(byId.get(ids[2]!)).toMatchObject({ deleted: true });
      expect(byId.has(ids[0]!)).toBe(false);
      expect(byId.has(ids[3]!)).toBe(false);
    });

    // One result per record, matched by key (the contract does not promise request order: the
    // Salesforce connector keeps it, the HubSpot connector lists failures after the batch's successes).
    it("a batch write answers every record once, by key; one rejected record does not stop the others", async () => {
      sandbox = await h.start();
      const ids = sandbox.seed(["w0", "w1", "w2", "w3"]);
      sandbox.rejectWrites("REJECT-ME");
      const result = await sandbox.connector.write({
        object: h.object,
        operation: "update",
        records: ids.map((id, i) => ({
          key: id,
          fields: { [h.textField]: i === 2 ? "REJECT-ME" : `new-${i}` },
        })),
      });
      expect(result.stoppedForBudget).toBe(false);
      expect(result.calls).toBeGreaterThan(0);
      expect(result.results.map((r) => r.key).sort()).toEqual([...ids].sort());
      const byKey = new Map(result.results.map((r) => [r.key, r]));
      expect(ids.map((id) => byKey.get(id)!.ok)).toEqual([true, true, false, true]);
      const failed = byKey.get(ids[2]!)!;
      if (!failed.ok) {
        expect(failed.failure.class).toBe("permanent");
        expect(failed.failure.code).not.toBe("");
        expect(failed.failure.message).not.toBe("");
      }
      const after = await sandbox.connector.readByIds(h.object, [ids[0]!, ids[2]!], [h.textField]);
      const text = new Map(after.map((r) => [r.id, r.fields[h.textField]]));
      expect(text.get(ids[0]!)).toBe("new-0");
      expect(text.get(ids[2]!)).toBe("w2");
    });

    it("past the budget stop share, a write stops, says so, and reports the rest as retryable", async () => {
      const started = await h.startNearBudget(300);
      sandbox = started.sandbox;
      const result = await sandbox.connector.write({
        object: h.object,
        operation: "update",
        records: started.ids.map((id) => ({ key: id, fields: { [h.textField]: "budget" } })),
      });
      expect(result.stoppedForBudget).toBe(true);
      expect(result.results.map((r) => r.key).sort()).toEqual([...started.ids].sort());
      const stopped = result.results.filter((r) => !r.ok);
      expect(stopped.length).toBeGreaterThan(0);
      for (const r of stopped) if (!r.ok) expect(r.failure.class).toBe("retryable");
      const budget = await sandbox.connector.budget();
      expect(budget.used / budget.limit).toBeGreaterThanOrEqual(budget.stopAtShare);
    });
  });
}
