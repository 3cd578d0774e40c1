// The console's program analytics page (issue #17) in a real browser against the service on the
// sandbox CRMs: the figures it shows are the API's, exactly as sent, and a bad period shows the
// API's problem instead of figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProgramAnalytics } from "../../../src/analytics/index.ts";
import { periodOf } from "../../../src/period/index.ts";
import type { RunSummary } from "../../../src/service/ports.ts";
import {
  ADMIN_TOKEN,
  type SandboxService,
  startSandboxService,
} from "../../integration/service/sandbox-harness.ts";
import { type Browser, openBrowser, signIn } from "./browser.ts";

let s: SandboxService;
let b: Browser;
const period = periodOf("quarter", new Date().toISOString().slice(0, 10));

beforeAll(async () => {
  s = await startSandboxService();
  await s.eventually("the start-up reconcile", async () => {
    const page = (await (await s.api("/api/runs?kind=reconcile")).json()) as { items: RunSummary[] };
    return page.items.find((r) => r.outcome !== "running");
  });
  b = await openBrowser();
  await signIn(b.page, s.url, ADMIN_TOKEN, "Ada Admin");
}, 120_000);
afterAll(async () => {
  await b?.close();
  await s?.close();
});

const grouped = (v: string) => v.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

describe("program analytics page", () => {
  it("shows the period's figures as the API sends them", async () => {
    const { analytics: a } = (await (await s.api(`/api/analytics?period=${period}`)).json()) as {
      analytics: ProgramAnalytics;
    };
    const page = b.page;
    await page.getByRole("link", { name: "Analytics" }).click();
    await page.getByTestId("analytics").waitFor();
    const text = (await page.getByTestId("analytics").textContent()) ?? "";
    expect(text).toContain(`Partners: ${a.partners.total.value}`);
    const [int, frac] = a.cost.total.value.split(".");
    expect(text).toContain(`Incentive cost: ${grouped(int!)}.${frac} USD`);
    expect(text).toContain(`cost-to-incentive${a.cost.costToIncentive}%`);
    const funnel = page.getByRole("table", { name: "Activation funnel" });
    await expect.poll(() => funnel.textContent()).toContain(`active${a.activation.active.value}`);
  });

  it("shows the API's problem for a period of another granularity", async () => {
    const page = b.page;
    await page.getByLabel("Period").fill("2026-05");
    await page.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("quarters");
  });
});
