// Issue #20, point 3: silent drops. A deal moved to a currency with no fx rate for its period
// (JPY) used to be left out of the computation without a word, and the next posting reversed
// what it had earned; a close date in 2999 or 1900 made the deal vanish. Each such CRM record is
// now quarantined with its reason and class, the store keeps the deal's last good values (its
// earnings stand), and the run's summary names it, in text and JSON. Both sandbox CRMs, through
// the real sync.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatReport } from "../../src/cli/sync-report.ts";
import { EARLIEST_CLOSE_DATE } from "../../src/sync/deal-plausibility.ts";
import type { Entry } from "../../src/sync/model.ts";
import { type Harness, startHarness } from "../integration/sync/harness.ts";
import { patchHubSpot, patchSalesforce } from "./crm-edit.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness("pglite", { partners: 6, deals: 80, mirrorEvery: 0 });
  expect((await h.runtime.reconcile()).outcome).toBe("ok");
}, 120_000);
afterAll(async () => {
  await h?.close();
});

type Deal = { id: string; data: Entry["data"]; raw: Entry["raw"] };

/** Won deals of one CRM alone that have earnings in the ledger, with their posted total. */
async function earningDeals(crm: "salesforce" | "hubspot"): Promise<Array<Deal & { earned: string }>> {
  const totals = new Map<string, number>();
  for (const t of await h.store.ledger.totals()) {
    if (t.deal) totals.set(t.deal, (totals.get(t.deal) ?? 0) + 1);
  }
  const out: Array<Deal & { earned: string }> = [];
  for (const d of await h.store.deals.list()) {
    const raw = d.raw as Entry["raw"];
    const other = crm === "salesforce" ? "hubspot" : "salesforce";
    if (d.deleted || !raw.sides[crm] || raw.sides[other] || d.data.stage !== "won") continue;
    if (!totals.has(d.id) || d.data.currency !== "USD") continue;
    out.push({ id: d.id, data: d.data as Entry["data"], raw, earned: await earnedBy(d.id) });
  }
  return out;
}

/** Σ of every ledger row of a deal, as text (a reversal would change it). */
async function earnedBy(dealId: string): Promise<string> {
  const rows = (await h.store.ledger.totals()).filter((t) => t.deal === dealId);
  return rows
    .map((r) => `${r.period}/${r.component}/${r.kind}=${r.total}`)
    .sort()
    .join(" ");
}

describe("deals the computation cannot use are quarantined, not dropped", () => {
  it("JPY with no rate and close dates in 2999 / 1900: quarantined with reason and class, last good values kept, earnings not reversed", async () => {
    const [hsJpy, hsFuture] = await earningDeals("hubspot");
    const [sfJpy, sfPast] = await earningDeals("salesforce");
    expect(hsJpy && hsFuture && sfJpy && sfPast, "four deals that earned").toBeTruthy();
    const hsId = (d: Deal) => d.raw.sides.hubspot!.id;
    const sfId = (d: Deal) => d.raw.sides.salesforce!.id;
    await patchHubSpot(h.sandbox, "deals", hsId(hsJpy!), { deal_currency_code: "JPY" });
    await patchHubSpot(h.sandbox, "deals", hsId(hsFuture!), { closedate: "2999-06-30T00:00:00.000Z" });
    await patchSalesforce(h.sandbox, "Opportunity", sfId(sfJpy!), { CurrencyIsoCode: "JPY" });
    await patchSalesforce(h.sandbox, "Opportunity", sfId(sfPast!), { CloseDate: "1900-01-01" });

    const report = await h.runtime.sync();
    expect(report.outcome, report.message ?? "").toBe("partial");
    expect(report.counts["quarantined.no_fx_rate"]).toBe(2);
    expect(report.counts["quarantined.implausible_close_date"]).toBe(2);
    expect(report.counts["skipped.deal_no_fx"]).toBeUndefined();
    // Nothing the four deals earned was reversed: no posting at all in this run.
    expect(report.counts["ledger.rows"] ?? 0).toBe(0);
    for (const d of [hsJpy!, hsFuture!, sfJpy!, sfPast!]) {
      expect((await h.store.deals.get(d.id))!.data).toEqual(d.data);
      expect(await earnedBy(d.id)).toBe(d.earned);
    }

    const open = await h.runtime.quarantine.list({ status: "open" });
    const entry = (crm: string, id: string) => open.find((e) => e.crm === crm && e.recordId === id);
    expect(entry("hubspot", hsId(hsJpy!))).toMatchObject({
      code: "inbound.no_fx_rate",
      class: "config",
      field: "deal_currency_code",
    });
    expect(entry("hubspot", hsId(hsJpy!))!.reason).toMatch(/no fx rate JPY→USD for 20\d\d-Q\d/);
    expect(entry("salesforce", sfId(sfJpy!))).toMatchObject({
      code: "inbound.no_fx_rate",
      class: "config",
      field: "CurrencyIsoCode",
    });
    expect(entry("hubspot", hsId(hsFuture!))).toMatchObject({
      code: "inbound.implausible_close_date",
      class: "permanent",
      field: "closedate",
    });
    expect(entry("hubspot", hsId(hsFuture!))!.reason).toMatch(
      new RegExp(`close date 2999-06-30 is outside the plausible window ${EARLIEST_CLOSE_DATE} … 2036-`),
    );
    expect(entry("salesforce", sfId(sfPast!))).toMatchObject({
      code: "inbound.implausible_close_date",
      class: "permanent",
      field: "CloseDate",
    });

    // The run summary names them: text and JSON.
    const text = formatReport(report);
    expect(text).toContain("quarantined this run (last good values kept");
    expect(text).toMatch(/\[config\] salesforce Opportunity \S+: no fx rate JPY→USD/);
    expect(text).toMatch(/\[permanent\] hubspot deals \S+: close date 2999-06-30/);
    const json = JSON.parse(JSON.stringify(report)) as {
      quarantined: Array<{ code: string; class: string }>;
    };
    expect(json.quarantined.map((q) => `${q.code}/${q.class}`).sort()).toEqual([
      "inbound.implausible_close_date/permanent",
      "inbound.implausible_close_date/permanent",
      "inbound.no_fx_rate/config",
      "inbound.no_fx_rate/config",
    ]);

    // Fixed in the CRM: the next sync takes the record and resolves its quarantine entry.
    await patchHubSpot(h.sandbox, "deals", hsId(hsJpy!), { deal_currency_code: "USD", amount: "12345" });
    const fixed = await h.runtime.sync();
    expect(fixed.counts["quarantined.no_fx_rate"] ?? 0).toBe(0);
    expect((await h.store.deals.get(hsJpy!.id))!.data.amount).toBe("12345");
    const after = await h.runtime.quarantine.list({ status: "open" });
    expect(after.some((e) => e.recordId === hsId(hsJpy!))).toBe(false);
  });
});

describe("a stored deal whose rate later leaves the fx file", () => {
  it("is named: the run is partial with the reason, and the text summary says how many were left out", async () => {
    const eur = (await h.store.deals.list()).find(
      (d) => !d.deleted && d.data.currency === "EUR" && typeof d.data.close_date === "string",
    );
    expect(eur, "the seed has EUR deals").toBeTruthy();
    // The runtime reads the same fx object at every run: take every EUR rate out of it.
    const saved = structuredClone(h.sandbox.fx);
    for (const rates of Object.values(h.sandbox.fx)) delete rates.EUR;
    try {
      const report = await h.runtime.sync();
      expect(report.outcome).toBe("partial");
      expect(report.counts["skipped.deal_no_fx"]).toBeGreaterThan(0);
      expect(report.message).toMatch(/stored deal\(s\) left out: no fx rate for their period/);
      expect(formatReport(report)).toMatch(
        /left out of the computation: \d+ stored deal\(s\) in a currency with no fx rate/,
      );
    } finally {
      for (const [period, rates] of Object.entries(saved)) h.sandbox.fx[period] = rates;
    }
    const back = await h.runtime.sync();
    expect(back.counts["skipped.deal_no_fx"] ?? 0).toBe(0);
  });
});
