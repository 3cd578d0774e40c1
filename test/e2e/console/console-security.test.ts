// The console's session rules in a real browser: a forged session cookie lands on sign-in, a
// state-changing request without the CSRF token is refused with 403, signing out ends the
// session, and no response the browser received ever contains the admin token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  b = await openBrowser();
});

afterAll(async () => {
  await b?.close();
  await s?.close();
});

describe("console sessions in the browser", () => {
  it("a bad session cookie shows the sign-in page", async () => {
    const host = new URL(s.url).hostname;
    await b.context.addCookies([
      {
        name: "incentives_session",
        value: "A".repeat(43),
        domain: host,
        path: "/",
        httpOnly: true,
        sameSite: "Strict",
      },
    ]);
    await b.page.goto(`${s.url}/admin/partners`);
    await b.page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await b.page.getByTestId("signed-in-user").count()).toBe(0);
  });

  it("the session cookie is HttpOnly and SameSite=Strict; a POST without the CSRF token gets 403", async () => {
    await signIn(b.page, s.url, ADMIN_TOKEN);
    const cookie = (await b.context.cookies()).find((c) => c.name === "incentives_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000);
    expect(await b.page.evaluate("document.cookie")).not.toContain("incentives_session");
    const status = await b.page.evaluate(async () => {
      const res = await fetch("/api/quarantine/retry", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ids: ["1"] }),
      });
      return { status: res.status, body: await res.json() };
    });
    expect(status).toMatchObject({ status: 403, body: { error: { code: "CSRF_TOKEN_MISSING" } } });
  });

  it("signing out ends the session; no response body ever held the token", async () => {
    for (const p of ["mappings", "programs", "sync", "partners"]) {
      await b.page.goto(`${s.url}/admin/${p}`);
      await b.page.getByTestId("signed-in-user").waitFor();
      await b.page.waitForLoadState("networkidle");
    }
    await b.page.getByRole("button", { name: "Sign out" }).click();
    await b.page.getByRole("button", { name: "Sign in" }).waitFor();
    const after = await b.page.evaluate(async () => (await fetch("/api/runs")).status);
    expect(after).toBe(401);
    expect(b.bodies.length).toBeGreaterThan(20);
    expect(b.bodies.filter((body) => body.includes(ADMIN_TOKEN))).toEqual([]);
  });
});
