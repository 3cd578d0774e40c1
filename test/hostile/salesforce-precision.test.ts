// Issue #20, point 4: Salesforce currency has up to 18 significant digits and REST JSON carries
// them as exact number text; a double keeps ~15–17. `1234567890123456.78` used to be stored as
// `1234567890123456.8`. The connector now reads such numbers as decimal text before jsforce
// parses the body (connectors/salesforce/exact-json.ts). The emulator keeps and sends them exactly,
// as Salesforce does.
import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../../src/sync/model.ts";
import { type Harness, startHarness } from "../integration/sync/harness.ts";
import { patchSalesforce } from "./crm-edit.ts";

let h: Harness;
let deal: { id: string; sfId: string };

beforeAll(async () => {
  h = await startHarness("pglite", { partners: 4, deals: 30, mirrorEvery: 0 });
  expect((await h.runtime.reconcile()).outcome).toBe("ok");
  const d = (await h.store.deals.list())
    .map((x) => ({ id: x.id, data: x.data, raw: x.raw as Entry["raw"] }))
    .find((x) => x.raw.sides.salesforce && x.data.stage === "won")!;
  deal = { id: d.id, sfId: d.raw.sides.salesforce!.id };
});
afterAll(async () => {
  await h?.close();
});

// Precision 18, scale 2: 16 integer digits at most. The last one is the largest value the field holds.
const AT_THE_LIMIT = ["1234567890123456.78", "9999999999999999.99", "9007199254740993.01", "0.10"];

describe("Salesforce amounts a double cannot hold", () => {
  it.each(AT_THE_LIMIT)(
    "%s is read exactly by id, through a full read, and stored exactly",
    async (amount) => {
      // No margin: the seed's margin would exceed 0.10 and quarantine the record (margin ≤ amount).
      await patchSalesforce(
        h.sandbox,
        "Opportunity",
        deal.sfId,
        `{"Amount": ${amount}, "Gross_Margin__c": null}`,
      );
      // The emulator keeps what Salesforce keeps: the decimal, not a double.
      expect(String(h.sandbox.salesforce.org.get("Opportunity", deal.sfId)!.Amount)).toBe(
        amount === "0.10" ? "0.1" : amount,
      );
      const connector = h.sandbox.connectors().salesforce;
      const [record] = await connector.readByIds("Opportunity", [deal.sfId], ["Amount"]);
      expect(record!.fields.Amount).toBe(amount);
      const report = await h.runtime.reconcile();
      expect(report.outcome, report.message ?? "").not.toBe("failed");
      // The canonical amount is the same decimal (its spelling normalized: 0.10 → 0.1).
      expect((await h.store.deals.get(deal.id))!.data.amount).toBe(new Decimal(amount).toFixed());
    },
  );
});
