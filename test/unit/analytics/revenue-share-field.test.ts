// incentive_revenue_share as written to the CRMs (docs/analytics.md): never negative, blank
// without revenue, capped at what the Salesforce field (Percent 7,2) holds — and the canonical
// check accepts exactly that range.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Dec } from "../../../money/index.ts";
import { computeAnalytics } from "../../../src/analytics/index.ts";
import { CANONICAL_FIELDS, INCENTIVE_REVENUE_SHARE_MAX } from "../../../src/sync/mapping/index.ts";
import { analyticsDesired, capShare } from "../../../src/sync/outbound/analytics-desired.ts";
import { input } from "./dataset.ts";

const FIELD =
  "connectors/salesforce/metadata/force-app/main/default/objects/Account/fields/Partner_Incentive_Revenue_Share__c.field-meta.xml";

describe("incentive_revenue_share in the CRM field", () => {
  it("the canonical range is the Salesforce field's: 0 to 10^(precision − scale) − 10^−scale", () => {
    const xml = readFileSync(FIELD, "utf8");
    const precision = Number(/<precision>(\d+)<\/precision>/.exec(xml)![1]);
    const scale = Number(/<scale>(\d+)<\/scale>/.exec(xml)![1]);
    const fieldMax = new Dec(10).pow(precision - scale).minus(new Dec(10).pow(-scale));
    const spec = CANONICAL_FIELDS.partner.incentive_revenue_share!;
    expect(spec.min).toBe("0");
    expect(spec.max).toBe(INCENTIVE_REVENUE_SHARE_MAX);
    expect(new Dec(spec.max!).equals(fieldMax)).toBe(true);
  });

  it("caps a share the field cannot hold at its largest value; keeps the rest; blank stays blank", () => {
    expect(capShare("250000.00")).toBe("99999.99");
    expect(capShare("100000.00")).toBe("99999.99");
    expect(capShare("99999.99")).toBe("99999.99");
    expect(capShare("12.50")).toBe("12.50");
    expect(capShare(null)).toBeNull();
  });

  it("a partner without revenue gets a blank share, not 0", () => {
    // C has no sale (dataset.ts): a share of nothing is undefined.
    const c = computeAnalytics(input()).partners.get("C")!;
    expect(c.cost.incentiveShare).toBeNull();
    expect(analyticsDesired(c).incentive_revenue_share).toBeNull();
  });
});
