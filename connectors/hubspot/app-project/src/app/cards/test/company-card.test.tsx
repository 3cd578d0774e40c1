// The company card rendered by HubSpot's own test renderer (@hubspot/ui-extensions/testing),
// with hubspot.fetch mocked to answer as the service's endpoint does.
import {
  Button,
  EmptyState,
  ErrorState,
  Flex,
  hubspot,
  LoadingSpinner,
  ProgressBar,
  Select,
  StatisticsItem,
  StatusTag,
  Table,
  Tag,
  Text,
} from "@hubspot/ui-extensions";
import { createRenderer } from "@hubspot/ui-extensions/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CompanyCard } from "../components/CompanyCard";
import { SERVICE_BASE_URL } from "../lib/service-url";
import {
  acmeDeals,
  companyNotComputed,
  ineligible,
  jsonResponse,
  nearNextTier,
  notPartner,
} from "./fixtures";
import { allText } from "./text";

afterEach(() => {
  vi.restoreAllMocks();
});

function answer(...bodies: Array<{ body: unknown; status?: number }>) {
  const spy = vi.spyOn(hubspot, "fetch");
  for (const { body, status } of bodies) spy.mockResolvedValueOnce(jsonResponse(body, status));
  return spy;
}

function texts(nodes: Array<{ text: string | null }>): Array<string | null> {
  return nodes.map((n) => n.text);
}

describe("company card", () => {
  it("shows a partner near the next tier: progress, gap, what is missing, score, payouts, deals", async () => {
    const fetch = answer({ body: nearNextTier });
    const { render, find, findAll, findByTestId, maybeFindByTestId, waitFor } =
      createRenderer("crm.record.tab");
    render(<CompanyCard companyId="3001" />);
    expect(find(LoadingSpinner).props.label).toBe("Loading partner incentives…");

    await waitFor(() => expect(findByTestId(Tag, "tier").text).toBe("Silver"));
    expect(fetch).toHaveBeenCalledWith(
      `${SERVICE_BASE_URL}/hubspot/cards/company/3001?dealsLimit=10&dealsOffset=0`,
      {
        method: "GET",
        timeout: 10_000,
      },
    );

    const progress = findByTestId(ProgressBar, "tier-progress");
    expect(progress.props.title).toBe("Progress to Gold");
    expect(progress.props.value).toBe(92.5);
    expect(progress.props.maxValue).toBe(100);
    expect(progress.props.valueDescription).toBe("$1,500.00 to go");
    expect(findByTestId(Text, "gap").text).toBe("$1,500.00 more to reach Gold.");
    expect(texts(findByTestId(Flex, "missing-for-next-tier").findAll(Text))).toEqual([
      "Still missing for Gold:",
      "• Certifications: 2 of 3",
      "• Revenue: 18500.00 of 20000.00",
    ]);

    expect(findByTestId(StatisticsItem, "score").props.number).toBe("68.25");
    expect(findByTestId(Tag, "eligibility").props.variant).toBe("success");
    expect(findByTestId(Tag, "eligibility").text).toBe("Eligible for incentives");
    expect(maybeFindByTestId(Flex, "ineligible-reasons")).toBeNull();

    expect(findByTestId(StatisticsItem, "payable").props).toMatchObject({
      label: "Payable 2026-Q4",
      number: "$4,250.10",
    });
    expect(findByTestId(StatisticsItem, "held-back").props.number).toBe("$750.00");
    expect(findByTestId(StatisticsItem, "paid-ytd").props.number).toBe("$12,800.00");
    expect(findByTestId(StatisticsItem, "paid-ytd").props.label).toBe("Paid in 2026");
    expect(findByTestId(StatisticsItem, "fund-balance").props.number).toBe("$1,200.00");

    const select = findByTestId(Select, "period");
    expect(select.props.value).toBe("2026-Q4");
    expect(select.props.options.map((o) => o.value)).toEqual(["2026-Q4", "2026-Q3", "2026-Q2"]);

    // 12 deals, the service's first page of 10; each row carries its status and its explained line.
    const table = findByTestId(Table, "period-deals");
    expect(table.props).toMatchObject({ paginated: true, pageCount: 2, page: 1 });
    const statuses = findAll(StatusTag);
    expect(statuses).toHaveLength(10);
    expect(statuses[0]!.text).toBe("held back until 2027-Q1");
    expect(statuses[0]!.props.variant).toBe("warning");
    expect(statuses[1]!.props.variant).toBe("success");
    expect(allText(table)).toContain("New business $500.00: 5% of 10,000.00 new-business amount at Silver");
    expect(allText(table)).toContain("Acme deal 10");
    expect(allText(table)).not.toContain("Acme deal 11");
    // Deal amounts in the deal's own currency, incentives in the program's.
    expect(allText(table)).toContain("Acme deal 2\n2026-11-02\n£10,000.00\n$500.00");
    expect(allText(table)).toContain("Acme deal 1\n2026-11-01\n$10,000.00\n$500.00");
  });

  it("asks the service for the next page of deals and keeps the card up meanwhile", async () => {
    const page2 = { ...nearNextTier, deals: acmeDeals(10, 12), dealsOffset: 10 };
    const fetch = answer({ body: nearNextTier }, { body: page2 });
    const { render, findByTestId, maybeFindByTestId, waitFor } = createRenderer("crm.record.tab");
    render(<CompanyCard companyId="3001" />);
    // Table's props are a union (paginated or not): read the paginated ones by name.
    const dealsPage = () => (findByTestId(Table, "period-deals").props as { page?: number }).page;
    await waitFor(() => expect(dealsPage()).toBe(1));

    findByTestId(Table, "period-deals").trigger("onPageChange" as never, 2 as never);
    expect(findByTestId(LoadingSpinner, "reloading").props.label).toBe("Updating…");
    expect(findByTestId(Tag, "tier").text).toBe("Silver");
    await waitFor(() => expect(dealsPage()).toBe(2));
    expect(fetch).toHaveBeenLastCalledWith(
      `${SERVICE_BASE_URL}/hubspot/cards/company/3001?period=2026-Q4&dealsLimit=10&dealsOffset=10`,
      { method: "GET", timeout: 10_000 },
    );
    const table = allText(findByTestId(Table, "period-deals"));
    expect(table).toContain("Acme deal 11");
    expect(table).toContain("Acme deal 12");
    expect(table).not.toContain("Acme deal 10\n");
    expect(maybeFindByTestId(LoadingSpinner, "reloading")).toBeNull();
  });

  it("loads another period when one is picked", async () => {
    const q3 = {
      ...nearNextTier,
      period: "2026-Q3",
      tier: "Registered",
      payable: "99.99",
      deals: [],
      dealsTotal: 0,
    };
    const fetch = answer({ body: nearNextTier }, { body: q3 });
    const { render, findByTestId, waitFor } = createRenderer("crm.record.tab");
    render(<CompanyCard companyId="3001" />);
    await waitFor(() => expect(findByTestId(Tag, "tier").text).toBe("Silver"));

    // trigger's second argument reaches onChange as is; its typing asks for the handler type.
    findByTestId(Select, "period").trigger("onChange", "2026-Q3" as never);
    await waitFor(() => expect(findByTestId(Tag, "tier").text).toBe("Registered"));
    expect(fetch).toHaveBeenLastCalledWith(
      `${SERVICE_BASE_URL}/hubspot/cards/company/3001?period=2026-Q3&dealsLimit=10&dealsOffset=0`,
      {
        method: "GET",
        timeout: 10_000,
      },
    );
    expect(findByTestId(StatisticsItem, "payable").props.number).toBe("$99.99");
    expect(findByTestId(Text, "no-deals").text).toBe("No partner deals in 2026-Q3.");
  });

  it("says the next tier's amount is reached when only other requirements are missing", async () => {
    answer({ body: { ...nearNextTier, gapToNextTier: "0.00", progressPercent: "100.0" } });
    const { render, findByTestId, waitFor } = createRenderer("crm.record.tab");
    render(<CompanyCard companyId="3008" />);
    await waitFor(() => expect(findByTestId(Text, "gap").text).toBe("The amount Gold asks for is reached."));
    const progress = findByTestId(ProgressBar, "tier-progress");
    expect(progress.props.value).toBe(100);
    expect(progress.props.valueDescription).toBeUndefined();
    expect(allText(findByTestId(Flex, "missing-for-next-tier"))).toContain("• Certifications: 2 of 3");
  });

  it("shows an ineligible partner with its reasons", async () => {
    answer({ body: ineligible });
    const { render, findByTestId, waitFor } = createRenderer("crm.record.tab");
    render(<CompanyCard companyId="3002" />);
    await waitFor(() => expect(findByTestId(Tag, "eligibility").text).toBe("Not eligible for incentives"));
    expect(findByTestId(Tag, "eligibility").props.variant).toBe("error");
    expect(texts(findByTestId(Flex, "ineligible-reasons").findAll(Text))).toEqual([
      "• Agreement not signed",
      "• Compliance check failed",
    ]);
    expect(findByTestId(StatisticsItem, "payable").props.number).toBe("$0.00");
    expect(findByTestId(StatisticsItem, "fund-balance").props.number).toBe("—");
    expect(findByTestId(ProgressBar, "tier-progress").props.value).toBe(20);
  });

  it("says plainly that a company is not a partner", async () => {
    answer({ body: notPartner });
    const { render, find, maybeFind, waitFor } = createRenderer("crm.record.tab");
    render(<CompanyCard companyId="3003" />);
    await waitFor(() => expect(find(EmptyState).props.title).toBe("This company is not a partner"));
    expect(maybeFind(ProgressBar)).toBeNull();
    expect(maybeFind(StatisticsItem)).toBeNull();
  });

  it("says plainly that nothing has been computed yet", async () => {
    answer({ body: companyNotComputed });
    const { render, find, waitFor } = createRenderer("crm.record.tab");
    render(<CompanyCard companyId="3004" />);
    await waitFor(() => expect(find(EmptyState).props.title).toBe("Incentives not computed yet"));
    expect(allText(find(EmptyState))).toContain("no incentive statement has been computed for it yet");
  });

  it("shows the service's refusal and loads again on retry", async () => {
    const fetch = answer({ body: { error: "stale signature" }, status: 401 }, { body: nearNextTier });
    const { render, find, findByTestId, waitFor } = createRenderer("crm.record.tab");
    render(<CompanyCard companyId="3005" />);
    await waitFor(() => expect(find(ErrorState).props.title).toBe("Partner incentives could not be loaded"));
    expect(findByTestId(Text, "load-error").text).toBe("The incentive service answered 401: stale signature");

    findByTestId(Button, "retry").trigger("onClick");
    await waitFor(() => expect(findByTestId(Tag, "tier").text).toBe("Silver"));
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("shows an unreachable service and an unreadable answer as errors", async () => {
    vi.spyOn(hubspot, "fetch").mockRejectedValueOnce(new Error("request timed out"));
    const first = createRenderer("crm.record.tab");
    first.render(<CompanyCard companyId="3006" />);
    await first.waitFor(() =>
      expect(first.findByTestId(Text, "load-error").text).toBe(
        "The incentive service could not be reached (request timed out).",
      ),
    );

    answer({ body: { ...nearNextTier, payable: 12.5 } });
    const second = createRenderer("crm.record.tab");
    second.render(<CompanyCard companyId="3007" />);
    await second.waitFor(() =>
      expect(second.findByTestId(Text, "load-error").text).toMatch(
        /^The incentive service sent an answer this card cannot read \(payable: /,
      ),
    );
  });
});
