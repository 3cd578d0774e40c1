// Mark-paid reads period labels as the period module does (src/period isPeriod): the program
// format's month, quarter and year labels go on to the store, anything else is refused on its
// line and field before the store is touched.
import { describe, expect, it } from "vitest";
import { markPaid } from "../../../src/payouts/mark-paid.ts";
import type { Store } from "../../../src/store/index.ts";

describe("mark-paid: period labels", () => {
  it("accepts month, quarter and year labels and refuses others on the period field", async () => {
    const reached: string[] = [];
    // Only records which periods reach the store; the payouts themselves are not the point here.
    const store = {
      inPeriod: async (period: string) => {
        reached.push(period);
      },
    } as unknown as Store;
    const csv = [
      "partner_key,period,payment_reference",
      "P-A,2026-Q1,R1",
      "P-A,2026-03,R2",
      "P-A,2026,R3",
      "P-A,2026-H1,R4",
      "P-A,2026-13,R5",
      "P-A,2026-Q5,R6",
      "P-A,26,R7",
      "P-A,2026-1,R8",
    ].join("\n");
    const r = await markPaid(store, csv, "finance", "2026-04-11");
    expect(reached).toEqual(["2026", "2026-03", "2026-Q1"]);
    expect(r.rejected).toEqual(
      [5, 6, 7, 8, 9].map((line) => ({
        line,
        partner: "P-A",
        period: expect.any(String),
        field: "period",
        message: "period must look like 2026-Q1, 2026-01 or 2026",
      })),
    );
  });
});
