// The screenshot preview (preview/): the cards' own views rendered to HTML through the DOM
// stand-in for HubSpot's components carry the same figures the cards show in HubSpot.
import { describe, expect, it, vi } from "vitest";
import { companyCardPage, dealCardPage } from "../preview/render-page";
import { clawbackDeal, nearNextTier, openDeal } from "./fixtures";

vi.mock("@hubspot/ui-extensions", () => import("../preview/hubspot-ui"));

describe("card preview", () => {
  it("renders the company card's figures, progress and deals as HTML", () => {
    const html = companyCardPage(nearNextTier);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<span class="hs-tag hs-tag-info">Silver</span>');
    expect(html).toContain('style="width:92.5%"');
    expect(html).toContain("$1,500.00 to go · 92.5%");
    expect(html).toContain('<div class="hs-statistic-number">$4,250.10</div>');
    expect(html).toContain("• Certifications: 2 of 3");
    expect(html).toContain("held back until 2027-Q1");
    // 12 deals, the first page of 10 shown, two pages in the pager.
    expect(html.match(/<tr>/g)).toHaveLength(11);
    expect(html.match(/class="hs-pager-page/g)).toHaveLength(2);
  });

  it("renders the deal card's lines, status and projection", () => {
    const won = dealCardPage(clawbackDeal);
    expect(won).toContain("clawback window open until 2027-02-14");
    expect(won).toContain("-$250.00");
    const open = dealCardPage(openDeal);
    expect(open).toContain("If it closed in 2026-Q4: $450.00");
    expect(open).toContain("Closing it would move Acme Integrations 1 up to Gold.");
  });
});
