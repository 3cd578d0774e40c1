// Sync health's "Running now" in a real browser: a sync started from the page is held open at
// each page it persists (run-gate.ts), and the page shows the running run — kind, trigger, phase,
// the phases done so far — then the outcome and no running run once it ends.
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LiveRun, RunSummary } from "../../../src/service/ports.ts";
import { shutRunGate } from "../../integration/service/run-gate.ts";
import {
  ADMIN_TOKEN,
  type SandboxService,
  startSandboxService,
} from "../../integration/service/sandbox-harness.ts";
import { type Browser, openBrowser, signIn } from "./browser.ts";

let s: SandboxService;
let b: Browser;

beforeAll(async () => {
  s = await startSandboxService();
  await s.eventually(
    "the start-up reconcile",
    async () => {
      const page = (await (await s.api("/api/runs?kind=reconcile")).json()) as { items: RunSummary[] };
      return page.items.find((r) => r.outcome !== "running");
    },
    60_000,
  );
  b = await openBrowser();
}, 90_000);

afterEach(async (ctx) => {
  const dir = process.env.E2E_SHOTS;
  if (dir && ctx.task.result?.state === "fail") {
    await b?.page.screenshot({ path: join(dir, `${ctx.task.name.slice(0, 40)}.png`), fullPage: true });
  }
});

afterAll(async () => {
  await b?.close();
  await s?.close();
});

const current = async () =>
  ((await (await s.api("/api/runs/current")).json()) as { run: LiveRun | null }).run;

// The page polls every 5 s while idle and every second while a run goes on.
const shown = { timeout: 20_000, interval: 200 };

describe("sync health, running now", () => {
  it("shows the running sync's progress while it runs, and its outcome once it ends", async () => {
    const page = b.page;
    await signIn(page, s.url, ADMIN_TOKEN, "Ada Admin");
    expect(page.url()).toBe(`${s.url}/admin/sync`);
    await page.getByText("No run is going on in this service right now.").waitFor();
    const org = s.composed.sandbox!.salesforce.org;
    for (const o of org.query("SELECT Id FROM Opportunity LIMIT 3").records) {
      org.update("Opportunity", String(o.Id), { Description: "live progress in the browser" });
    }

    // The start-up reconcile's writes to HubSpot come back as webhooks: their syncs may still run.
    await s.eventually("no run going on", async () => ((await current()) === null ? true : undefined));
    const gate = shutRunGate(s.composed.store);
    // Until ours (started from the page: trigger api) waits at the gate inside a phase; a
    // webhook's sync queued before it is let through.
    const heldInPhase = async (): Promise<LiveRun> => {
      for (;;) {
        await gate.held();
        const run = await current();
        if (run?.trigger === "api" && run.phase !== null) return run;
        gate.step();
      }
    };
    const live = page.getByTestId("live-run");
    try {
      await page.getByRole("button", { name: "Run sync now" }).click();
      const first = await heldInPhase();
      expect(first).toMatchObject({ kind: "sync", trigger: "api" });
      expect(first.phase).not.toBeNull();
      await expect.poll(() => live.textContent(), shown).toContain(`sync (api) running since`);
      await expect.poll(() => live.textContent(), shown).toContain(first.phase!);
      expect(await page.getByRole("button", { name: "Syncing…" }).isDisabled()).toBe(true);

      // Let the run go on until a later phase is held; the page follows it.
      for (;;) {
        gate.step();
        const later = await heldInPhase();
        if (later.phasesDone.length > 0) {
          await expect.poll(() => live.textContent(), shown).toContain(later.phase);
          await expect
            .poll(() => live.textContent(), shown)
            .toContain(`Done: ${later.phasesDone.join(" · ")}`);
          break;
        }
      }
    } finally {
      gate.open();
    }

    await expect
      .poll(() => page.getByTestId("run-result").textContent(), shown)
      .toMatch(/^sync (succeeded|partial)/);
    await expect.poll(() => live.count(), shown).toBe(0);
    await page.getByText("No run is going on in this service right now.").waitFor();
    expect(await current()).toBeNull();
  }, 120_000);
});
