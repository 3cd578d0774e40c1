// Publishing a new program version with an effective date: each period is computed with the
// version in effect at its start, so earlier periods' ledger rows stay as they were.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../../src/store/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("pglite");
});
afterAll(async () => {
  await h?.close();
});

async function allEntries(): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await h.store.ledger.list({ limit: 10_000, ...(afterId ? { afterId } : {}) });
    out.push(...page.items);
    if (!page.nextAfterId) return out;
    afterId = page.nextAfterId;
  }
}

describe("program versions", () => {
  it("computes each period with the version in effect at its start", async () => {
    const first = await h.runtime.reconcile();
    expect(first.outcome).not.toBe("failed");
    const [v1] = await h.store.programVersions.list();
    const before = await allEntries();
    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before.map((e) => e.programVersion))).toEqual(new Set([v1!.id]));

    // v2 doubles the resale bands' rates from Q3 on.
    const yaml = (await readFile("programs/example.yaml", "utf8"))
      .replace('rate: "0.05"', 'rate: "0.10"')
      .replace('rate: "0.07"', 'rate: "0.14"');
    const { version: v2, created } = await h.store.programVersions.save({
      name: v1!.name,
      yaml,
      effectiveFrom: "2026-07-01",
      createdBy: "test",
    });
    expect(created).toBe(true);

    const second = await h.runtime.reconcile();
    expect(second.outcome).not.toBe("failed");
    const added = (await allEntries()).filter((e) => e.runId === second.runId);
    expect(added.length).toBeGreaterThan(0);
    // Only periods from the new version's start changed, and they were posted under v2.
    expect(new Set(added.map((e) => e.period)).has("2026-Q1")).toBe(false);
    expect(new Set(added.map((e) => e.period)).has("2026-Q2")).toBe(false);
    expect(new Set(added.map((e) => e.programVersion))).toEqual(new Set([v2.id]));
    expect(added.some((e) => e.component === "resale")).toBe(true);
  });
});
