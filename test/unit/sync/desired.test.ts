// The computed values written back: status rules, money scale, updated-at, reasons.
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import type { ComputeResult, DealFigures } from "../../../src/sync/compute/run.ts";
import type { Entry } from "../../../src/sync/model.ts";
import { dealDesired, partnerDesired } from "../../../src/sync/outbound/desired.ts";

const entry = (id: string, data: Entry["data"]): Entry => ({
  id,
  entity: "deal",
  data,
  raw: { sides: {} },
  deleted: false,
});

const noPartners = new Map<string, Entry>();

function computed(deals: Record<string, Partial<DealFigures>>): ComputeResult {
  const map = new Map<string, DealFigures>();
  for (const [id, f] of Object.entries(deals)) {
    map.set(id, {
      amount: new Decimal(0),
      spif: new Decimal(0),
      clawedBack: false,
      forfeited: false,
      lines: 1,
      ...f,
    });
  }
  return {
    period: "2026-Q4",
    currency: "USD",
    deals: map,
    partners: new Map(),
    totals: { payable: new Decimal(0), byComponent: new Map() },
    posted: { statements: 0, rows: 0, adjustments: 0 },
  };
}

describe("dealDesired", () => {
  it("earned, with the SPIF part and the key", () => {
    const c = computed({ "D-1": { amount: new Decimal("4500.5"), spif: new Decimal("500") } });
    expect(dealDesired(entry("D-1", { stage: "won" }), c, 2, noPartners)).toEqual({
      incentive_amount: "4500.50",
      incentive_status: "earned",
      spif_awarded: "500.00",
      incentive_key: "D-1",
      // Built by hand: no explained lines, no program terms — nothing to say.
      incentive_explanation: null,
      incentive_status_detail: null,
      projected_incentive: null,
      projected_explanation: null,
      projected_tier: null,
      incentive_partner: null,
    });
  });

  it("incentive_partner: the partner's Salesforce Account from its link; blank without one or once gone", () => {
    const c = computed({});
    const partner = (id: string, sides: Entry["raw"]["sides"], deleted = false): Entry => ({
      id,
      entity: "partner",
      data: {},
      raw: { sides },
      deleted,
    });
    const sf = {
      object: "Account",
      modifiedAt: "2026-11-01T00:00:00.000Z",
      modifiedBy: null,
      fields: {},
      values: {},
    };
    const hs = { ...sf, object: "companies" };
    const partners = new Map([
      ["P-SF", partner("P-SF", { salesforce: { ...sf, id: "001000000000001AAA" } })],
      // HubSpot alone held it; the connector created its Account (mirror.ts gives it that side).
      [
        "P-MIRRORED",
        partner("P-MIRRORED", {
          hubspot: { ...hs, id: "9" },
          salesforce: { ...sf, id: "001000000000002AAA" },
        }),
      ],
      ["P-HS", partner("P-HS", { hubspot: { ...hs, id: "10" } })],
      ["P-GONE", partner("P-GONE", { salesforce: { ...sf, id: "001000000000003AAA" } }, true)],
    ]);
    const of = (partnerId: string | null) =>
      dealDesired(entry("D", { stage: "won", partner_id: partnerId }), c, 2, partners).incentive_partner;
    expect(of("P-SF")).toBe("001000000000001AAA");
    expect(of("P-MIRRORED")).toBe("001000000000002AAA");
    expect(of("P-HS")).toBeNull();
    expect(of("P-GONE")).toBeNull();
    expect(of("P-UNKNOWN")).toBeNull();
    expect(of(null)).toBeNull();
  });

  it("open deals carry their projection; closed deals get blank projections", () => {
    const c = computed({ W: { amount: new Decimal("10") } });
    const projection = {
      amount: "450.00",
      explanation: "resale 450.00: 9000.00 at 5% (band from 0)",
      wouldReachTier: "Gold",
    };
    c.projections = new Map([
      ["O", projection],
      ["W", projection],
    ]);
    expect(dealDesired(entry("O", { stage: "open" }), c, 2, noPartners)).toMatchObject({
      projected_incentive: "450.00",
      projected_explanation: "resale 450.00: 9000.00 at 5% (band from 0)",
      projected_tier: "Gold",
    });
    // Won (or lost) since: the stale projection is cleared.
    expect(dealDesired(entry("W", { stage: "won" }), c, 2, noPartners)).toMatchObject({
      projected_incentive: null,
      projected_explanation: null,
      projected_tier: null,
    });
    // Open, but not projected (no fx rate this period, say): blank too.
    expect(dealDesired(entry("X", { stage: "open" }), c, 2, noPartners).projected_incentive).toBeNull();
  });

  it("clawed back wins over earned; forfeited when only forfeited lines; pending for won deals without lines", () => {
    const c = computed({ A: { amount: new Decimal("0"), clawedBack: true }, B: { forfeited: true } });
    expect(dealDesired(entry("A", { stage: "won" }), c, 2, noPartners).incentive_status).toBe("clawed_back");
    expect(dealDesired(entry("B", { stage: "won" }), c, 2, noPartners).incentive_status).toBe("forfeited");
    expect(dealDesired(entry("C", { stage: "won" }), c, 2, noPartners)).toMatchObject({
      incentive_status: "pending",
      incentive_amount: null,
    });
    expect(dealDesired(entry("D", { stage: "open" }), c, 2, noPartners).incentive_status).toBeNull();
  });

  it("zero-decimal currencies keep no decimals", () => {
    const c = computed({ J: { amount: new Decimal("1200") } });
    expect(dealDesired(entry("J", { stage: "won" }), c, 0, noPartners).incentive_amount).toBe("1200");
  });
});

describe("partnerDesired", () => {
  it("joins ineligibility reasons and sums funds", () => {
    const c = computed({});
    c.partners.set("P-1", {
      paidYtd: new Decimal("100.1"),
      current: {
        partner_id: "P-1",
        tier: "Silver",
        qualified_tier: "Gold",
        next_tier: "Gold",
        gap_to_next_tier: "10.00",
        missing_for_next_tier: [],
        score: "80.00",
        eligible: false,
        ineligible_reasons: ["agreement_signed is false", "compliance_ok is false"],
        earned: "0.00",
        held_back: "0.00",
        released: "0.00",
        clawed_back: "0.00",
        carry_forward: "0.00",
        payable: "0.00",
        funds: { coop: "10.50", mdf: "1.25" },
        claims: [],
        lines: [],
      },
    });
    const d = partnerDesired(
      { ...entry("P-1", { name: "Acme" }), entity: "partner" },
      c,
      2,
      "2026-11-20T00:00:00.000Z",
    );
    expect(d).toMatchObject({
      tier: "Silver",
      eligible: false,
      ineligible_reasons: "agreement_signed is false; compliance_ok is false",
      paid_ytd: "100.10",
      fund_balance: "11.75",
      incentive_key: "P-1",
      name: "Acme",
      updated_at: "2026-11-20T00:00:00.000Z",
    });
  });
});
