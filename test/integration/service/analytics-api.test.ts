// GET /api/analytics on the service composed in sandbox mode (issue #17): same auth as every
// /api route, a zod-validated query, and figures that agree with the store they drill into.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import type { ProgramAnalytics } from "../../../src/analytics/index.ts";
import { periodOf } from "../../../src/period/index.ts";
import type { RunSummary } from "../../../src/service/ports.ts";
import { type SandboxService, startSandboxService } from "./sandbox-harness.ts";

let s: SandboxService;
const period = periodOf("quarter", new Date().toISOString().slice(0, 10));

beforeAll(async () => {
  s = await startSandboxService();
  // The start-up reconcile posts the statements the analytics read.
  await s.eventually(
    "the start-up reconcile",
    async () => {
      const page = (await (await s.api("/api/runs?kind=reconcile")).json()) as { items: RunSummary[] };
      return page.items.find((r) => r.outcome !== "running");
    },
    90_000,
  );
}, 120_000);
afterAll(async () => s?.close());

describe("GET /api/analytics", () => {
  it("refuses a request without credentials like every /api route", async () => {
    const res = await fetch(`${s.url}/api/analytics?period=${period}`);
    expect(res.status).toBe(401);
  });

  it("validates the query: a period is required, must be a label, and of the program's granularity", async () => {
    for (const q of ["", "?period=2026-13", "?period=2026-Q4&x=1", "?period=2026-05"]) {
      const res = await s.api(`/api/analytics${q}`);
      expect(res.status, q).toBe(400);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("answers the period's figures, each drillable to partners and deals the store holds", async () => {
    const res = await s.api(`/api/analytics?period=${period}`);
    expect(res.status).toBe(200);
    const { analytics: a } = (await res.json()) as { analytics: ProgramAnalytics };
    expect(a.period).toBe(period);
    expect(a.currency).toBe("USD");
    const partners = new Set((await s.composed.store.partners.list()).map((p) => p.id));
    expect(Number(a.partners.total.value)).toBe(partners.size);
    expect(a.partners.total.partners.every((id) => partners.has(id))).toBe(true);
    // Segments and tiers partition the partners; the funnel narrows.
    const seg = a.partners.bySegment;
    expect(Number(seg.top.value) + Number(seg.middle.value) + Number(seg.bottom.value)).toBe(partners.size);
    expect(Number(a.activation.firstSale.value)).toBeLessThanOrEqual(Number(a.activation.registered.value));
    expect(Number(a.activation.active.value)).toBeLessThanOrEqual(Number(a.activation.firstSale.value));
    // Cost by component adds up to the total, exactly.
    const byComponent = a.cost.byComponent.reduce((t, c) => t.plus(c.value), new Dec(0));
    expect(byComponent.toFixed(2)).toBe(a.cost.total.value);
    expect(new Dec(a.cost.attributedRevenue.value).greaterThan(0)).toBe(true);
    // Every deal behind the revenue is a stored deal of a stored partner.
    const deals = await s.composed.store.deals.getMany(a.cost.attributedRevenue.deals);
    expect(deals).toHaveLength(a.cost.attributedRevenue.deals.length);
    expect(deals.every((d) => d.partnerId !== null && partners.has(d.partnerId))).toBe(true);
    // Reproducible: asking again gives the same document.
    const again = (await (await s.api(`/api/analytics?period=${period}`)).json()) as { analytics: unknown };
    expect(again.analytics).toEqual(a);
  });
});
