import { describe, expect, it } from "vitest";
import type { CanonicalValue } from "../../../src/sync/mapping/canonical.ts";
import {
  type ConflictInput,
  conflictPolicyFor,
  DEFAULT_CONFLICT_POLICY,
  resolveConflict,
} from "../../../src/sync/mapping/conflict.ts";
import type { ConflictPolicy } from "../../../src/sync/mapping/schema.ts";
import { validateMapping } from "../../../src/sync/mapping/validate.ts";
import { shipped, shippedRaw } from "./helpers.ts";

const EARLY = "2026-03-01T10:00:00.000Z";
const LATE = "2026-03-01T10:00:01.000Z";
const sf = (value: CanonicalValue, modifiedAt = EARLY) => ({ value, modifiedAt });
const hs = sf;

type Row = [
  ConflictPolicy,
  ConflictInput,
  "salesforce" | "hubspot" | "none",
  CanonicalValue,
  boolean,
  RegExp,
];

const ROWS: Row[] = [
  // policy, sides, winner, value, conflicted, reason
  [
    "salesforce",
    { salesforce: sf("A"), hubspot: hs("B", LATE) },
    "salesforce",
    "A",
    true,
    /salesforce always wins/,
  ],
  ["salesforce", { salesforce: sf(null), hubspot: hs("B") }, "salesforce", null, true, /always wins/],
  ["hubspot", { salesforce: sf("A", LATE), hubspot: hs("B") }, "hubspot", "B", true, /hubspot always wins/],
  ["hubspot", { salesforce: sf("A") }, "salesforce", "A", false, /only salesforce has the record/],
  [
    "prefer_salesforce_unless_blank",
    { salesforce: sf("A"), hubspot: hs("B") },
    "salesforce",
    "A",
    true,
    /has a value/,
  ],
  [
    "prefer_salesforce_unless_blank",
    { salesforce: sf(null), hubspot: hs("B") },
    "hubspot",
    "B",
    true,
    /salesforce is blank/,
  ],
  [
    "prefer_salesforce_unless_blank",
    { salesforce: sf("  "), hubspot: hs("B") },
    "hubspot",
    "B",
    true,
    /blank/,
  ],
  [
    "prefer_salesforce_unless_blank",
    { salesforce: sf(false), hubspot: hs(true) },
    "salesforce",
    false,
    true,
    /has a value/,
  ],
  [
    "prefer_salesforce_unless_blank",
    { salesforce: sf(0), hubspot: hs(3) },
    "salesforce",
    0,
    true,
    /has a value/,
  ],
  [
    "prefer_hubspot_unless_blank",
    { salesforce: sf("A"), hubspot: hs("B") },
    "hubspot",
    "B",
    true,
    /has a value/,
  ],
  [
    "prefer_hubspot_unless_blank",
    { salesforce: sf("A"), hubspot: hs("") },
    "salesforce",
    "A",
    true,
    /hubspot is blank/,
  ],
  [
    "latest",
    { salesforce: sf("A", EARLY), hubspot: hs("B", LATE) },
    "hubspot",
    "B",
    true,
    /hubspot changed last/,
  ],
  [
    "latest",
    { salesforce: sf("A", LATE), hubspot: hs("B", EARLY) },
    "salesforce",
    "A",
    true,
    /salesforce changed last/,
  ],
  // The same instant written with a different offset is a tie, not a win.
  [
    "latest",
    { salesforce: sf("A", "2026-03-01T12:00:00+02:00"), hubspot: hs("B", EARLY) },
    "salesforce",
    "A",
    true,
    /same time, salesforce wins ties/,
  ],
  ["latest", { salesforce: sf("A", EARLY), hubspot: hs("B", EARLY) }, "salesforce", "A", true, /ties/],
  // Latest is latest: a value cleared last wins.
  [
    "latest",
    { salesforce: sf("A", EARLY), hubspot: hs(null, LATE) },
    "hubspot",
    null,
    true,
    /hubspot changed last/,
  ],
  // An unparseable timestamp counts as oldest.
  ["latest", { salesforce: sf("A", "garbage"), hubspot: hs("B", EARLY) }, "hubspot", "B", true, /hubspot/],
  ["latest", { salesforce: sf("A"), hubspot: hs("A", LATE) }, "salesforce", "A", false, /both CRMs agree/],
  ["latest", { salesforce: sf(null), hubspot: hs("") }, "salesforce", null, false, /agree/],
  ["latest", { hubspot: hs("B") }, "hubspot", "B", false, /only hubspot/],
  ["latest", {}, "none", null, false, /no CRM/],
];

describe("resolveConflict", () => {
  it.each(ROWS)("%s %j → %s", (policy, input, winner, value, conflicted, reason) => {
    const decision = resolveConflict(policy, input);
    expect(decision).toMatchObject({ winner, value, conflicted });
    expect(decision.reason).toMatch(reason);
  });

  it("does not depend on which side is passed first", () => {
    const a = resolveConflict("latest", { hubspot: hs("B", EARLY), salesforce: sf("A", EARLY) });
    const b = resolveConflict("latest", { salesforce: sf("A", EARLY), hubspot: hs("B", EARLY) });
    expect(a).toEqual(b);
  });
});

describe("conflictPolicyFor", () => {
  it("takes the policy a mapping declares, else the documented default", () => {
    const mappings = [shipped("salesforce"), shipped("hubspot")];
    expect(conflictPolicyFor(mappings, "partner", "name")).toBe("latest");
    expect(conflictPolicyFor(mappings, "deal", "amount")).toBe(DEFAULT_CONFLICT_POLICY);
    const raw = shippedRaw("hubspot");
    raw.entities.deal.fields.amount = {
      crm_field: "amount",
      direction: "both",
      conflict: "hubspot",
      required: true,
    };
    const hsBoth = validateMapping(raw, "hubspot");
    if (!hsBoth.ok) throw new Error(JSON.stringify(hsBoth.problems));
    expect(conflictPolicyFor([shipped("salesforce"), hsBoth.mapping], "deal", "amount")).toBe("hubspot");
  });
});
