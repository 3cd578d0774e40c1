// Screenshots of every console page for docs/console/: the service composed in sandbox mode (the
// same harness the browser tests use), Debian's Chromium headless, signed in as "Ada Admin".
// Run: node scripts/console-screenshots.ts   (needs the console built: npm run build)
import { mkdirSync } from "node:fs";
import type { RunSummary } from "../src/service/ports.ts";
import { openBrowser, retypeLine, signIn } from "../test/e2e/console/browser.ts";
import { ADMIN_TOKEN, startSandboxService } from "../test/integration/service/sandbox-harness.ts";

const out = "docs/console";
mkdirSync(out, { recursive: true });
const s = await startSandboxService({ partners: 60, deals: 1500 });
const b = await openBrowser();
try {
  await s.eventually(
    "the start-up reconcile",
    async () => {
      const page = (await (await s.api("/api/runs?kind=reconcile")).json()) as { items: RunSummary[] };
      return page.items.find((r) => r.outcome !== "running");
    },
    120_000,
  );
  await s.api("/api/sync", { method: "POST", body: {} });
  const page = b.page;
  await page.goto(`${s.url}/admin/`);
  await page.screenshot({ path: `${out}/sign-in.png` });
  await signIn(page, s.url, ADMIN_TOKEN);
  const shoot = async (path: string, name: string, ready: () => Promise<unknown>) => {
    await page.goto(`${s.url}/admin${path}`);
    await ready();
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
    console.log(`${out}/${name}.png`);
  };
  await shoot("/sync", "sync-health", () => page.getByTestId("usage-chart-salesforce").waitFor());
  await shoot("/mappings", "mappings", async () => {
    await page.getByTestId("field-picker").getByRole("button").first().waitFor();
    await page.getByRole("button", { name: "Validate" }).click();
    await page
      .getByText(/No problems|problem/)
      .first()
      .waitFor();
  });
  await shoot("/programs", "programs", async () => {
    await page.locator(".cm-content").first().waitFor();
    // A draft that changes something, so the picture shows deltas (the top resale band 7% → 9%).
    await retypeLine(page, 'rate: "0.07"', '- { from: "100000", rate: "0.09" }');
    await page.getByLabel("Simulate for period").fill("2026-Q1");
    await page.getByRole("button", { name: "Simulate against stored history" }).click();
    await page.getByTestId("component-chart").waitFor({ timeout: 60_000 });
  });
  await shoot("/partners", "partners", () => page.getByTestId("partner-count").waitFor());
  const first = (await (await s.api("/api/partners?limit=1")).json()) as { items: Array<{ id: string }> };
  await shoot(`/partners/${first.items[0]!.id}`, "partner", () => page.getByTestId("statement").waitFor());
} finally {
  await b.close();
  await s.close();
}
