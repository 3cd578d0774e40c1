// What a nudge task says and when it is done (issue #16): subject text, due date, and whether
// the partner has reached the tier on its own ladder.
import { describe, expect, it } from "vitest";
import { parseProgram, type TierNudge } from "../../../src/engine/index.ts";
import { periodEnd } from "../../../src/period/index.ts";
import { formatGap, missingText, nudgeSubject } from "../../../src/sync/outbound/nudge-text.ts";
import { reached, taskFields } from "../../../src/sync/outbound/nudges.ts";
import { program } from "../engine/helpers.ts";

const near = (over: Partial<TierNudge> = {}): TierNudge => ({
  partner_id: "P-1",
  period: "2026-Q4",
  kind: "near_tier",
  tier: "Gold",
  from_tier: null,
  gap: "12300.00",
  missing: [],
  ...over,
});

describe("nudge subject", () => {
  it("says how far the partner is and what is missing, as in the issue", () => {
    expect(nudgeSubject(near({ missing: ["certifications >= 3"] }), "Acme", "USD", 2)).toBe(
      "Acme is $12,300 from Gold; 1 certification missing",
    );
  });

  it("shows cents only when there are some, other currencies by symbol or code", () => {
    expect(formatGap("1234567.5", "EUR")).toBe("€1,234,567.50");
    expect(formatGap("999.00", "GBP")).toBe("£999");
    expect(formatGap("10", "CHF")).toBe("CHF 10");
  });

  it("names the requirements when the volume is already there (gap 0)", () => {
    expect(
      nudgeSubject(
        near({ gap: "0.00", missing: ["certifications >= 3", "renewal_rate >= 0.85"] }),
        "Acme",
        "USD",
        1,
      ),
    ).toBe("Acme has the volume for Gold; 2 certifications missing; renewal rate below 0.85");
    expect(missingText("tier in [Silver]", null)).toBe("requires tier in [Silver]");
  });

  it("words promotions and demotions with the tier before", () => {
    expect(
      nudgeSubject(
        near({ kind: "promotion", tier: "Gold", from_tier: "Silver", gap: null }),
        "Acme",
        "USD",
        3,
      ),
    ).toBe("Acme promoted to Gold (was Silver)");
    expect(
      nudgeSubject(
        near({ kind: "demotion", tier: "Silver", from_tier: "Gold", gap: null }),
        "Acme",
        "USD",
        3,
      ),
    ).toBe("Acme dropped to Silver (was Gold)");
  });

  it("keeps within Salesforce's 255-character Subject", () => {
    const s = nudgeSubject(near(), "A".repeat(400), "USD", 0);
    expect(s.length).toBe(255);
    expect(s.endsWith("…")).toBe(true);
  });
});

describe("due date", () => {
  it("is the period's last day", () => {
    expect(periodEnd("2026-Q4")).toBe("2026-12-31");
    expect(periodEnd("2028-Q1")).toBe("2028-03-31");
    expect(periodEnd("2028-02")).toBe("2028-02-29");
  });

  it("goes into ActivityDate (Salesforce) and hs_timestamp at midnight UTC (HubSpot), with the owner", () => {
    const t = { subject: "S", dueDate: "2026-12-31", ownerId: "005A", recordId: "001A" };
    expect(taskFields("salesforce", t, "b")).toMatchObject({
      ActivityDate: "2026-12-31",
      WhatId: "001A",
      OwnerId: "005A",
    });
    expect(taskFields("hubspot", { ...t, ownerId: null }, "b")).toEqual({
      hs_task_subject: "S",
      hs_timestamp: "2026-12-31T00:00:00.000Z",
      hs_task_status: "NOT_STARTED",
      hs_task_priority: "MEDIUM",
      hs_task_type: "TODO",
      hs_task_body: "b",
    });
  });
});

describe("reached", () => {
  const parsed = parseProgram(
    program({
      tiers: {
        metric: { sum: "amount", window: 1 },
        levels: [{ name: "Registered" }, { name: "Silver", min: "100" }, { name: "Gold", min: "500" }],
      },
    }),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const p = parsed.value;

  it("is true once the partner qualifies for the tier or a higher one", () => {
    expect(reached(p, { qualified_tier: "Silver" }, "Silver")).toBe(true);
    expect(reached(p, { qualified_tier: "Gold" }, "Silver")).toBe(true);
  });

  it("is false below the tier, and for a partner with no statement", () => {
    expect(reached(p, { qualified_tier: "Registered" }, "Silver")).toBe(false);
    expect(reached(p, null, "Silver")).toBe(false);
  });
});
