// The deal card under HubSpot's test renderer, hubspot.fetch answering as the endpoint does.
import { Alert, EmptyState, ErrorState, hubspot, StatusTag, Table, Tag, Text } from "@hubspot/ui-extensions";
import { createRenderer } from "@hubspot/ui-extensions/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DealCard } from "../components/DealCard";
import { SERVICE_BASE_URL } from "../lib/service-url";
import { clawbackDeal, dealNotComputed, gbpDeal, jsonResponse, noPartnerDeal, openDeal } from "./fixtures";
import { allText } from "./text";

afterEach(() => {
  vi.restoreAllMocks();
});

function answer(body: unknown, status = 200) {
  return vi.spyOn(hubspot, "fetch").mockResolvedValueOnce(jsonResponse(body, status));
}

describe("deal card", () => {
  it("shows a won deal with a clawback: status, partner tier, each line with its explanation", async () => {
    const fetch = answer(clawbackDeal);
    const { render, findByTestId, maybeFindByTestId, waitFor } = createRenderer("crm.record.sidebar");
    render(<DealCard dealId="9001" />);
    await waitFor(() => expect(findByTestId(Text, "incentive").text).toBe("$250.00"));
    expect(fetch).toHaveBeenCalledWith(`${SERVICE_BASE_URL}/hubspot/cards/deal/9001`, {
      method: "GET",
      timeout: 10_000,
    });

    const status = findByTestId(StatusTag, "incentive-status");
    expect(status.text).toBe("clawback window open until 2027-02-14");
    expect(status.props.variant).toBe("warning");
    expect(findByTestId(Text, "partner").text).toBe("Acme Integrations 1");
    expect(findByTestId(Tag, "partner-tier").text).toBe("Silver");

    const lines = allText(findByTestId(Table, "incentive-lines"));
    expect(lines).toContain("New business\n$500.00\n5% of 10,000.00 at Silver");
    expect(lines).toContain(
      "Clawback\n-$250.00\nCustomer cancelled on 2026-11-30, within the 90-day clawback window: half is clawed back",
    );
    expect(maybeFindByTestId(Alert, "projection")).toBeNull();
  });

  it("shows a GBP deal's amount in pounds and its incentive in the program's currency", async () => {
    answer(gbpDeal);
    const { render, findByTestId, waitFor } = createRenderer("crm.record.sidebar");
    render(<DealCard dealId="9003" />);
    await waitFor(() => expect(findByTestId(Text, "incentive").text).toBe("$2,148.62"));
    expect(findByTestId(Text, "deal-period").text).toBe("Period 2026-Q4 · deal amount £34,105.06");
    expect(allText(findByTestId(Table, "incentive-lines"))).toContain("New business\n$2,148.62\n");
  });

  it("shows an open deal's projection and the tier it would reach", async () => {
    answer(openDeal);
    const { render, maybeFind, findByTestId, waitFor } = createRenderer("crm.record.sidebar");
    render(<DealCard dealId="9002" />);
    await waitFor(() =>
      expect(findByTestId(Alert, "projection").props.title).toBe("If it closed in 2026-Q4: $450.00"),
    );
    expect(findByTestId(Alert, "projection").text).toBe(
      "5% of 9,000.00 new-business amount at Silver, if it closes by 2026-12-31",
    );
    expect(findByTestId(Text, "tier-move").text).toBe(
      "Closing it would move Acme Integrations 1 up to Gold.",
    );
    // No lines yet on an open deal, so no lines table and no settled status.
    expect(maybeFind(Table)).toBeNull();
    expect(maybeFind(StatusTag)).toBeNull();
  });

  it("says when closing an open deal would not change the tier, or when there is no projection yet", async () => {
    answer({ ...openDeal, projection: { ...openDeal.projection!, wouldReachTier: null } });
    const first = createRenderer("crm.record.sidebar");
    first.render(<DealCard dealId="9003" />);
    await first.waitFor(() =>
      expect(first.findByTestId(Text, "tier-move").text).toBe(
        "Closing it would not change Acme Integrations 1's tier (Silver).",
      ),
    );

    answer({ ...openDeal, projection: null });
    const second = createRenderer("crm.record.sidebar");
    second.render(<DealCard dealId="9004" />);
    await second.waitFor(() =>
      expect(second.findByTestId(Text, "no-projection").text).toMatch(/^This deal is open/),
    );
  });

  it("says plainly when the deal has no partner or nothing is computed yet", async () => {
    answer(noPartnerDeal);
    const first = createRenderer("crm.record.sidebar");
    first.render(<DealCard dealId="9005" />);
    await first.waitFor(() => expect(first.find(EmptyState).props.title).toBe("No partner on this deal"));

    answer(dealNotComputed);
    const second = createRenderer("crm.record.sidebar");
    second.render(<DealCard dealId="9006" />);
    await second.waitFor(() =>
      expect(second.find(EmptyState).props.title).toBe("Incentives not computed yet"),
    );
    expect(allText(second.find(EmptyState))).toContain("has not computed this deal's incentive yet");
  });

  it("shows a wrong-portal refusal as an error", async () => {
    answer({ error: "portal 999 is not the configured portal" }, 403);
    const { render, find, findByTestId, waitFor } = createRenderer("crm.record.sidebar");
    render(<DealCard dealId="9007" />);
    await waitFor(() => expect(find(ErrorState).props.type).toBe("support"));
    expect(findByTestId(Text, "load-error").text).toBe(
      "The incentive service answered 403: portal 999 is not the configured portal",
    );
  });
});
