// Issue #21 (spec §6) with the sandbox seed's partner changes: a store that watched the CRMs
// during the year (src/cli/demo-year.ts, what `incentives demo` does on a fresh store) records
// each change dated by the CRM records' last-modified date, and every period is judged by the
// values in effect on its last day: the ladder by the type then, eligibility by the agreement
// and compliance then.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoPartnerChange, demoPartners } from "../../../sandbox/demo-data.ts";
import { replayYear } from "../../../src/cli/demo-year.ts";
import { BASE, type Harness, startHarness } from "./harness.ts";

let h: Harness;
// 200 partners: ten changes, among them type changes that move a partner to the other ladder.
const SEED = { partners: 200, deals: 300, mirrorEvery: 5 };
const QUARTER_ENDS = { "2026-Q1": "2026-03-31", "2026-Q2": "2026-06-30", "2026-Q3": "2026-09-30" } as const;
const ladderOf = (type: string) =>
  type === "reseller" || type === "var" ? "Resale" : "Alliances & Services";

beforeAll(async () => {
  h = await startHarness("pglite", SEED, {
    programPath: "programs/archetypes.yaml",
    start: Date.parse("2026-01-01T09:00:00.000Z"),
  });
});
afterAll(async () => {
  await h?.close();
});

describe("the demo's year of partner changes (spec §6)", () => {
  it("records each change on its date and judges each period by the values in effect then", async () => {
    const replay = await replayYear(h.sandbox, h.runtime, "2026-01-01", h.setNow);
    expect(replay.first.outcome).toBe("ok");
    expect(replay.first.period).toBe("2026-Q1");
    h.setNow(BASE);
    const today = await h.runtime.reconcile();
    expect(today.outcome).toBe("ok");
    expect(today.period).toBe("2026-Q4");

    const changes: DemoPartnerChange[] = h.sandbox.partnerChanges();
    expect(changes.length).toBe(10);
    let carried = 0;
    expect(new Set(changes.flatMap((c) => Object.keys(c.before))).size).toBeGreaterThan(1);
    const names = new Map([...demoPartners(SEED)].map((p) => [p.id, p]));
    const stored = await h.store.partners.list();
    for (const c of changes) {
      const demo = names.get(c.partner_id)!;
      const partner = stored.find((p) => p.data.name === demo.name)!;
      // First seen on the first day (with the earlier values), then the change on its date.
      const history = await h.store.partnerHistory.list(partner.id);
      expect(history.map((e) => [e.effectiveFrom, e.source])).toEqual([
        ["2026-01-01", "first_seen"],
        [c.date, expect.stringMatching(/^(salesforce|hubspot)$/)],
      ]);
      for (const [k, v] of Object.entries(c.before)) expect(history[0]![k as keyof typeof c.before]).toBe(v);
      for (const [k, v] of Object.entries(c.after)) expect(history[1]![k as keyof typeof c.after]).toBe(v);

      for (const [period, lastDay] of Object.entries(QUARTER_ENDS)) {
        const values = { ...demo, ...(lastDay < c.date ? c.before : {}) };
        const s = (await h.store.ledger.statement(partner.id, period))!.partner as {
          ladder: string;
          eligible: boolean;
          notes?: string[];
        };
        expect(s.ladder, `${c.partner_id} ${period}`).toBe(ladderOf(values.type));
        expect(s.eligible, `${c.partner_id} ${period}`).toBe(values.agreement_signed && values.compliance_ok);
        const moved = c.before.type !== undefined && ladderOf(c.before.type) !== ladderOf(demo.type);
        // The period whose last day first sees the new type; the program's first period (Q1)
        // has no earlier ladder to carry a tier from.
        const previousEnd = Object.values(QUARTER_ENDS)
          .filter((d) => d < lastDay)
          .at(-1);
        const changedIn = previousEnd !== undefined && lastDay >= c.date && c.date > previousEnd;
        if (moved && changedIn) {
          expect(s.notes?.[0]).toMatch(/^moved to ladder .*carried over/);
          carried++;
        }
      }
    }
    // Two reseller → integrator moves after Q1 (the integrator → reseller one is in Q1).
    expect(carried).toBe(2);
  }, 300_000);
});
