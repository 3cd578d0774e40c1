// Debian's Chromium, headless, driven by playwright-core, with a fresh profile per test file
// (no cookies, cache or history carried between runs).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every response body the browser received, for the "no token in any body" check. */
  bodies: string[];
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), "incentives-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1440, height: 1000 },
  });
  const bodies: string[] = [];
  context.on("response", async (res) => {
    try {
      bodies.push(await res.text());
    } catch {
      // redirects and aborted loads have no body
    }
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    bodies,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export async function signIn(page: Page, url: string, token: string, name = "Ada Admin"): Promise<void> {
  await page.goto(`${url}/admin/`);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Admin token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("signed-in-user").waitFor();
}

/**
 * Replaces the whole text of the first editor line containing `hasText` (after its
 * indentation) with `replacement`, the way a person would: scroll the editor until the line
 * shows (CodeMirror only renders the lines in view), click it, select it, type over it.
 */
export async function retypeLine(page: Page, hasText: string, replacement: string): Promise<void> {
  const line = page.locator(".cm-line", { hasText }).first();
  const scroller = page.locator(".cm-scroller").first();
  await scroller.hover();
  for (let i = 0; i < 80 && (await line.count()) === 0; i++) {
    await page.mouse.wheel(0, 250);
    await page.waitForTimeout(30);
  }
  await line.scrollIntoViewIfNeeded();
  await line.click();
  await page.keyboard.press("End");
  await page.keyboard.press("Shift+Home");
  await page.keyboard.type(replacement);
  // Close any completion list the typing left open.
  await page.keyboard.press("Escape");
}
