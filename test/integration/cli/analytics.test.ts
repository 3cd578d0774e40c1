// `incentives analytics` against a store a real reconcile filled (both sandbox CRMs, PostgreSQL):
// the JSON is the analytics module's report for that store, its figures add up and drill into
// stored records; the table shows every measure with bar charts; bad arguments exit 2.
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import { sandboxFx } from "../../../sandbox/index.ts";
import { computeAnalytics, loadAnalyticsInput, type ProgramAnalytics } from "../../../src/analytics/index.ts";
import { TEST_DATABASE_URL } from "../store/helpers.ts";
import { type Harness, startHarness } from "../sync/harness.ts";

const exec = promisify(execFile);
const MAIN = resolve(import.meta.dirname, "../../../src/cli/main.ts");
let h: Harness;

async function cli(...args: string[]) {
  // No CRM credentials: the CLI converts amounts with the sandbox's rates, as the runs did.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SALESFORCE_|HUBSPOT_|DATA_DIR|INCENTIVES_)/.test(k)),
  );
  try {
    const { stdout, stderr } = await exec(process.execPath, [MAIN, "analytics", ...args], {
      env: { ...env, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: h.db.schema },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  h = await startHarness("postgres");
  const r = await h.runtime.reconcile();
  expect(r.outcome).not.toBe("failed");
}, 120_000);
afterAll(async () => h?.close());

describe("incentives analytics", () => {
  it("--format json prints the module's report for the store, figures adding up", async () => {
    const r = await cli("--period", "2026-Q4", "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as ProgramAnalytics;
    const expected = computeAnalytics(
      await loadAnalyticsInput(h.store, { period: "2026-Q4", fx: sandboxFx() }),
    );
    expect(a).toEqual(JSON.parse(JSON.stringify(expected.program)));
    const total = a.cost.byTier.reduce((t, x) => t.plus(x.value), new Dec(0));
    expect(total.toFixed(2)).toBe(a.cost.total.value);
    const revenue = new Dec(a.cost.sourcedRevenue.value).plus(a.cost.influencedRevenue.value);
    expect(revenue.toFixed(2)).toBe(a.cost.attributedRevenue.value);
    expect(a.partners.total.value).toBe("12");
  });

  it("prints a readable table with a bar chart per comparable block", async () => {
    const r = await cli("--period", "2026-Q4");
    expect(r.code, r.stderr).toBe(0);
    for (const heading of [
      "Program analytics: FY26 Partner Program, 2026-Q4 (open; USD)",
      "Activation funnel",
      "Incentive cost (USD)",
      "cost-to-incentive",
      "ROI",
      "Budgets",
      "SPIF launch-spif",
      "fund coop",
      "Payout accuracy",
      "Trends (2026-Q4 vs 2026-Q3)",
    ])
      expect(r.stdout).toContain(heading);
    expect(r.stdout).toMatch(/registered\s+12\s+█{30}/);
  });

  it("shows one partner with --partner, and refuses bad arguments with exit 2", async () => {
    const [first] = await h.store.partners.list();
    const one = await cli("--period", "2026-Q4", "--partner", first!.id);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain(`(${first!.id}), 2026-Q4`);
    expect(one.stdout).toMatch(/segment\s+(top|middle|bottom)/);
    expect((await cli()).code).toBe(2);
    expect((await cli("--period", "2026-Q5")).code).toBe(2);
    expect((await cli("--period", "2026-Q4", "--format", "xml")).code).toBe(2);
    expect((await cli("--period", "2026-Q4", "--partner", "P-NOPE")).code).toBe(2);
  });
});
