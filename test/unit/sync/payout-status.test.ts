// Status__c of an Incentive_Payout__c row: lifecycle first, then Clawed Back, Forfeited, Payable/Accrued.
import { describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import { onlyClawbacks, payoutStatus } from "../../../src/sync/outbound/payout-status.ts";

const row = (kinds: Record<string, string>) => ({
  byKind: new Map(Object.entries(kinds).map(([k, v]) => [k, new Dec(v)])),
});
const facts = { lifecycle: null, ineligible: false, ended: true };

describe("Incentive_Payout__c.Status__c", () => {
  it("reads Clawed Back for a row made only of clawbacks, not Payable with a negative amount", () => {
    expect(payoutStatus(row({ clawback: "-200.00" }), facts)).toBe("Clawed Back");
    expect(payoutStatus(row({ clawback: "-200.00" }), { ...facts, ended: false })).toBe("Clawed Back");
    // A kind that nets to zero does not make the row mixed.
    expect(onlyClawbacks(row({ clawback: "-5.00", adjustment: "0.00" }))).toBe(true);
    expect(payoutStatus(row({ earned: "500.00", clawback: "-200.00" }), facts)).toBe("Payable");
    expect(onlyClawbacks(row({}))).toBe(false);
  });

  it("reads Forfeited where the partner-period is not eligible", () => {
    expect(
      payoutStatus(row({ earned: "300.00", adjustment: "-300.00" }), { ...facts, ineligible: true }),
    ).toBe("Forfeited");
    // Clawbacks are owed even when ineligible (the engine never forfeits them).
    expect(payoutStatus(row({ clawback: "-50.00" }), { ...facts, ineligible: true })).toBe("Clawed Back");
  });

  it("lets the payout lifecycle outrank both", () => {
    for (const [state, status] of [
      ["held", "Held for Review"],
      ["approved", "Approved"],
      ["exported", "Exported"],
      ["paid", "Paid"],
      ["disputed", "Disputed"],
    ] as const) {
      expect(payoutStatus(row({ clawback: "-50.00" }), { ...facts, lifecycle: state })).toBe(status);
      expect(payoutStatus(row({ earned: "10.00" }), { ...facts, lifecycle: state, ineligible: true })).toBe(
        status,
      );
    }
    // `computed` is no lifecycle decision: the figures decide.
    expect(payoutStatus(row({ clawback: "-50.00" }), { ...facts, lifecycle: "computed" })).toBe(
      "Clawed Back",
    );
  });

  it("is Payable once the period ended, Accrued while it runs", () => {
    expect(payoutStatus(row({ earned: "10.00" }), facts)).toBe("Payable");
    expect(payoutStatus(row({ earned: "10.00" }), { ...facts, ended: false })).toBe("Accrued");
  });
});
