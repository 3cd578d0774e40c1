import { describe, expect, it } from "vitest";
import type { LinkType } from "../../../connectors/hubspot/associations.ts";
import { InlineTypeNames } from "../../../connectors/hubspot/inline-associations.ts";

const UNLABELLED: LinkType = { category: "HUBSPOT_DEFINED", typeId: 341, label: null };
const PRIMARY: LinkType = { category: "HUBSPOT_DEFINED", typeId: 5, label: "Primary" };
const PARTNER: LinkType = { category: "USER_DEFINED", typeId: 100, label: "Partner" };
// The same type id in another category is another type (HubSpot reuses ids across categories).
const OTHER_100: LinkType = { category: "INTEGRATOR_DEFINED", typeId: 100, label: "Referrer" };

const names = (...n: string[]) => new Set(n);

describe("InlineTypeNames", () => {
  it("pins each inline name to one type from links read both ways, whatever their order", () => {
    const learner = new InlineTypeNames();
    for (let i = 0; i < 2; i++) {
      learner.observe(names("partner", "deal_to_company_unlabeled"), [UNLABELLED, PARTNER]);
      learner.observe(names("deal_to_company", "deal_to_company_unlabeled"), [PRIMARY, UNLABELLED]);
    }
    learner.settle();
    expect(learner.known("partner")).toBe(true);
    expect(learner.labelOf("partner")).toBe("Partner");
    expect(learner.labelOf("deal_to_company")).toBe("Primary");
    expect(learner.labelOf("deal_to_company_unlabeled")).toBeNull();
    expect(learner.known("referrer")).toBe(false);
  });

  it("tells a label from the unlabelled default that always comes with it", () => {
    const learner = new InlineTypeNames();
    // Every deal linked to its partner alone: the two names never appear apart.
    learner.observe(names("deal_to_company_unlabeled", "partner"), [UNLABELLED, PARTNER]);
    learner.observe(names("deal_to_company_unlabeled", "partner"), [PARTNER, UNLABELLED]);
    learner.settle();
    expect(learner.labelOf("partner")).toBe("Partner");
    expect(learner.known("deal_to_company_unlabeled")).toBe(true);
    expect(learner.labelOf("deal_to_company_unlabeled")).toBeNull();
  });

  it("knows nothing from one link alone, or from links whose two sides disagree", () => {
    const learner = new InlineTypeNames();
    learner.observe(names("partner", "deal_to_company_unlabeled"), [UNLABELLED, PARTNER]);
    learner.settle();
    // Two names, two types, no other link to tell them apart.
    expect(learner.known("partner")).toBe(false);
    // A label added between the list call and the v4 read: sizes differ, the link is ignored.
    learner.observe(names("deal_to_company_unlabeled"), [UNLABELLED, PARTNER]);
    learner.observe(names("deal_to_company_unlabeled"), [UNLABELLED, PARTNER]);
    learner.settle();
    expect(learner.known("deal_to_company_unlabeled")).toBe(false);
  });

  it("drops a name whose evidence contradicts itself (it keeps going through v4)", () => {
    const learner = new InlineTypeNames();
    for (let i = 0; i < 3; i++) {
      learner.observe(names("deal_to_company_unlabeled"), [UNLABELLED]);
      learner.observe(names("deal_to_company_unlabeled", "partner"), [UNLABELLED, PARTNER]);
    }
    learner.settle();
    expect(learner.labelOf("partner")).toBe("Partner");
    // "partner" now seen on a link of another type only: no type fits every sighting.
    learner.observe(names("deal_to_company_unlabeled", "partner"), [UNLABELLED, OTHER_100]);
    learner.settle();
    expect(learner.known("partner")).toBe(false);
    expect(learner.known("deal_to_company_unlabeled")).toBe(true);
  });
});
