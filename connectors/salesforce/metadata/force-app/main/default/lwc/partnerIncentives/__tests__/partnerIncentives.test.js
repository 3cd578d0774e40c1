import { createElement } from "@lwc/engine-dom";
import PartnerIncentives from "c/partnerIncentives";
import { getRecord } from "lightning/uiRecordApi";
import { getRelatedListRecords } from "lightning/uiRelatedListApi";

const silver = require("./data/getRecordSilver.json");
const topTier = require("./data/getRecordTopTier.json");
const ineligible = require("./data/getRecordIneligible.json");
const notPartner = require("./data/getRecordNotPartner.json");
const payouts = require("./data/getRelatedListRecords.json");
const noPayouts = require("./data/getRelatedListRecordsEmpty.json");
const deals = require("./data/getRelatedListRecordsDeals.json");

// Two related lists answer through one adapter: each emit goes to the wire that asked for it.
const PAYOUTS = (config) => config.relatedListId === "Incentive_Payouts__r";
const DEALS = (config) => config.relatedListId === "Incentive_Deals__r";
const emitPayouts = (data) => getRelatedListRecords.emit(data, PAYOUTS);
const emitDeals = (data) => getRelatedListRecords.emit(data, DEALS);
// The adapter's error() reaches every wire; the base test adapter's emit (the root of its class
// chain) sends a raw { data, error } value and takes a filter. The error is a FetchResponse.
function emitError(message, filter) {
  let base = getRelatedListRecords;
  for (let c = base; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    if (Object.hasOwn(c, "emit")) base = c;
  }
  const error = { ok: false, status: 400, statusText: "Bad Request", body: { message } };
  base.emit.call(getRelatedListRecords, { data: undefined, error }, filter);
}

// Wire updates re-render on the microtask queue; a few turns cover the re-render.
const flush = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

// Mounted, with the wires' configs set (they arrive a microtask after connecting), so an emit
// filtered by config reaches its wire.
async function mount() {
  const el = createElement("c-partner-incentives", { is: PartnerIncentives });
  el.recordId = silver.id;
  document.body.appendChild(el);
  await flush();
  return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);
const $$ = (el, selector) => [...el.shadowRoot.querySelectorAll(selector)];
const texts = (el, selector) => $$(el, selector).map((n) => n.textContent.trim());
// Inside a c-incentive-state (its own shadow root): the spinner or the alert it shows.
const inState = (el, host, selector) => $(el, host)?.shadowRoot.querySelector(selector) ?? null;
const money = (el, dataId) => $(el, `[data-id="${dataId}"] lightning-formatted-number`);

describe("c-partner-incentives", () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it("shows a spinner with assistive text until the account arrives", async () => {
    const el = await mount();
    await flush();
    const spinner = inState(el, ".card-state", "lightning-spinner");
    expect(spinner).not.toBeNull();
    expect(spinner.alternativeText).toBe("Loading incentives");
    expect($(el, "lightning-badge")).toBeNull();
  });

  it("asks for the account, its payouts and its deals (the Incentive_Deals__r related list)", async () => {
    const el = await mount();
    getRecord.emit(silver);
    emitPayouts(payouts);
    await flush();
    expect(getRecord.getLastConfig().recordId).toBe(silver.id);
    expect(getRecord.getLastConfig().fields.map((f) => f.fieldApiName)).toContain("Tier_Progress_Percent__c");
    // Each emit reached only the wire whose config matched: payouts shown, deals still loading.
    expect($$(el, ".components lightning-accordion-section").length).toBe(2);
    expect(inState(el, ".deals .group-state", "lightning-spinner")).not.toBeNull();
    const config = (filter) => {
      let found;
      getRelatedListRecords.emit(null, (c) => {
        if (filter(c)) found = c;
        return false;
      });
      return found;
    };
    const dealsConfig = config(DEALS);
    expect(dealsConfig.parentRecordId).toBe(silver.id);
    expect(dealsConfig.fields).toEqual(
      expect.arrayContaining([
        "Opportunity.Name",
        "Opportunity.StageName",
        "Opportunity.Amount",
        "Opportunity.CloseDate",
        "Opportunity.Incentive_Amount__c",
        "Opportunity.Incentive_Explanation__c",
        "Opportunity.Incentive_Status_Detail__c",
      ]),
    );
    const payoutsConfig = config(PAYOUTS);
    expect(payoutsConfig.parentRecordId).toBe(silver.id);
    // The payouts no longer lead to the deals (no Opportunity__c route).
    expect(payoutsConfig.fields).not.toContain("Incentive_Payout__c.Opportunity__c");
  });

  it("renders the tier, progress to the next tier with the gap and what is missing", async () => {
    const el = await mount();
    getRecord.emit(silver);
    await flush();
    const badges = $$(el, "lightning-badge");
    expect(badges[0].label).toBe("Silver");
    expect($(el, ".tier-since").textContent).toBe("since 2026-04-01");
    // The date reads with the tier ("Silver since …"), not after the Eligible badge.
    const group = $(el, ".tier-group");
    expect(group.getAttribute("aria-label")).toBe("Silver since 2026-04-01");
    expect(group.getAttribute("role")).toBe("group");
    expect(group.contains($(el, ".tier"))).toBe(true);
    expect(group.contains($(el, ".tier-since"))).toBe(true);
    expect(group.contains($(el, '[data-id="eligibility"]'))).toBe(false);
    expect(group.nextElementSibling).toBe($(el, '[data-id="eligibility"]'));
    const bar = $(el, "lightning-progress-bar");
    expect(bar.value).toBe(72.5);
    expect($(el, ".progress").getAttribute("aria-label")).toBe("Progress to Gold: 72.5%");
    expect($(el, ".progress").getAttribute("role")).toBe("group");
    expect($(el, ".progress-heading").textContent).toBe("Progress to Gold");
    expect($(el, ".progress-text").textContent).toBe("72.5%");
    const gap = $(el, ".gap lightning-formatted-number");
    expect(gap.value).toBe(12500.5);
    expect(gap.formatStyle).toBe("currency");
    expect(gap.currencyCode).toBe("USD");
    expect(texts(el, ".missing li")).toEqual(["Certifications: 2 of 3", "Score: 61 of 70"]);
    expect($(el, ".top-tier")).toBeNull();
  });

  it("says the amount is reached and what is still missing when the gap is zero", async () => {
    const el = await mount();
    const reached = JSON.parse(JSON.stringify(silver));
    reached.fields.Gap_To_Next_Tier__c.value = 0;
    reached.fields.Tier_Progress_Percent__c.value = 100;
    reached.fields.Missing_For_Next_Tier__c.value = "Certifications: 2 of 3";
    getRecord.emit(reached);
    await flush();
    // Not "Progress to Gold 100%" beside a missing requirement.
    expect($(el, ".progress-heading").textContent).toBe("Amount for Gold reached");
    expect($(el, ".progress-text")).toBeNull();
    expect($(el, "lightning-progress-bar")).toBeNull();
    expect($(el, ".gap")).toBeNull();
    expect($(el, ".missing-label").textContent).toBe("Still missing");
    expect(texts(el, ".missing li")).toEqual(["Certifications: 2 of 3"]);
    expect($(el, ".progress").getAttribute("aria-label")).toBe(
      "Amount for Gold reached; Still missing: Certifications: 2 of 3",
    );
  });

  it("renders the score with its metrics, eligibility and the period figures", async () => {
    const el = await mount();
    getRecord.emit(silver);
    await flush();
    expect($(el, ".score-value lightning-formatted-number").value).toBe(61.25);
    expect(texts(el, ".metrics dt")).toEqual(["csat", "certifications", "time_to_value_days"]);
    expect(texts(el, ".metrics dd")).toEqual(["4.5", "2", "21"]);
    const eligibility = $(el, '[data-id="eligibility"]');
    expect(eligibility.label).toBe("Eligible");
    expect(eligibility.className).toContain("slds-theme_success");
    expect($(el, ".reasons")).toBeNull();
    expect($(el, ".figures-heading").textContent).toBe("Figures for 2026-Q4");
    expect(money(el, "payable").value).toBe(1234.56);
    expect(money(el, "held").value).toBe(250);
    expect(money(el, "paid-ytd").value).toBe(5000);
    expect(money(el, "fund").value).toBe(300);
  });

  it("shows Not set for a figure the account does not carry, rather than a blank or a zero", async () => {
    const el = await mount();
    const noFund = JSON.parse(JSON.stringify(silver));
    noFund.fields.Coop_Fund_Balance__c.value = null;
    getRecord.emit(noFund);
    await flush();
    expect(money(el, "fund")).toBeNull();
    expect($(el, '[data-id="fund"]').textContent).toContain("Not set");
    expect(money(el, "payable").value).toBe(1234.56);
  });

  it("shows the top tier instead of a progress bar", async () => {
    const el = await mount();
    getRecord.emit(topTier);
    await flush();
    expect($(el, "lightning-badge").label).toBe("Platinum");
    expect($(el, "lightning-progress-bar")).toBeNull();
    expect($(el, ".top-tier").textContent).toBe("Top tier reached: there is no higher tier to progress to.");
    expect($(el, ".top-tier").getAttribute("role")).toBe("status");
  });

  it("shows an ineligible partner with every reason", async () => {
    const el = await mount();
    getRecord.emit(ineligible);
    await flush();
    const eligibility = $(el, '[data-id="eligibility"]');
    expect(eligibility.label).toBe("Not eligible");
    expect(eligibility.className).toContain("slds-theme_error");
    const reasons = $(el, ".reasons");
    expect(reasons.getAttribute("role")).toBe("region");
    expect(reasons.getAttribute("aria-label")).toBe("Why not eligible");
    expect(texts(el, ".reasons li")).toEqual(["agreement not signed", "compliance check failed"]);
    expect(money(el, "payable").value).toBe(0);
  });

  it("says so on an account that is not a partner", async () => {
    const el = await mount();
    getRecord.emit(notPartner);
    await flush();
    expect($(el, ".not-partner").textContent).toBe("This account is not in the partner incentive program.");
    expect($(el, "lightning-badge")).toBeNull();
    expect($(el, "lightning-progress-bar")).toBeNull();
  });

  it("shows the error from the account wire as an alert", async () => {
    const el = await mount();
    getRecord.error({ message: "No access to field Tier_Progress_Percent__c" });
    await flush();
    const alert = inState(el, ".card-state", '[role="alert"]');
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.textContent).toContain("Incentive data could not be loaded");
    expect(alert.className).toContain("slds-alert_error");
    expect(inState(el, ".card-state", ".message").textContent).toBe(
      "No access to field Tier_Progress_Percent__c",
    );
    expect(inState(el, ".card-state", "lightning-spinner")).toBeNull();
  });

  it("lists the periods newest first and opens on the account period with its components and deals", async () => {
    const el = await mount();
    getRecord.emit(silver);
    emitPayouts(payouts);
    emitDeals(deals);
    await flush();
    const picker = $(el, "lightning-combobox");
    expect(picker.options.map((o) => o.value)).toEqual(["2026-Q4", "2026-Q3", "2026-Q2"]);
    expect(picker.value).toBe("2026-Q4");
    expect(picker.label).toBe("Period");
    expect($(el, ".period-total .slds-text-title").textContent).toBe("Total 2026-Q4");
    // 1000.46 + 234.10, added in cents.
    expect($(el, ".period-total lightning-formatted-number").value).toBe(1234.56);
    const components = $$(el, ".components lightning-accordion-section");
    expect(components.map((s) => s.label)).toEqual(["new_business", "spif"]);
    expect(texts(el, ".components lightning-accordion-section:first-child .lines li")).toEqual([
      "2 deals in the 5% band",
      "cap share 100%",
    ]);
    // The 2026-Q4 deals (CloseDate in the quarter) the service explained, newest close date
    // first, each expandable with its explained lines and status; the open and the lost deal
    // closing in the quarter carry no line and are not listed, nor is the Q3 deal.
    const sections = $$(el, ".deals lightning-accordion-section");
    expect(sections.map((s) => s.label)).toEqual(["Initech expansion", "Globex renewal"]);
    const globex = sections[1];
    expect(globex.querySelector("lightning-formatted-number").value).toBe(1000.46);
    expect([...globex.querySelectorAll(".lines li")].map((li) => li.textContent)).toEqual([
      "new_business: 1000.46 = 20009.20 x 5% (band 0-50000)",
      "fx: EUR 18500.00 at 1.0816 = USD 20009.20",
    ]);
    expect(globex.querySelector('[data-id="deal-status"]').label).toBe("counted");
    expect(globex.querySelector('[data-id="deal-status"]').className).toContain("slds-theme_success");
  });

  it("shows a clawback status as a warning on the deal", async () => {
    const el = await mount();
    getRecord.emit(silver);
    emitPayouts(payouts);
    emitDeals(deals);
    await flush();
    const status = $$(el, ".deals lightning-accordion-section")[0].querySelector('[data-id="deal-status"]');
    expect(status.label).toBe("clawback window open until 2027-02-14");
    expect(status.className).toContain("slds-theme_warning");
  });

  it("switches period from the picker: that period’s components and the deals that closed in it", async () => {
    const el = await mount();
    getRecord.emit(silver);
    emitPayouts(payouts);
    emitDeals(deals);
    await flush();
    const picker = $(el, "lightning-combobox");
    picker.dispatchEvent(new CustomEvent("change", { detail: { value: "2026-Q3" } }));
    await flush();
    expect($(el, "lightning-combobox").value).toBe("2026-Q3");
    expect($$(el, ".components lightning-accordion-section").map((s) => s.label)).toEqual(["new_business"]);
    expect($(el, ".period-total lightning-formatted-number").value).toBe(800.1);
    const sections = $$(el, ".deals lightning-accordion-section");
    expect(sections.map((s) => s.label)).toEqual(["Hooli upgrade"]);
    expect([...sections[0].querySelectorAll(".lines li")].map((li) => li.textContent)).toEqual([
      "new_business: 800.10 = 16002.00 x 5% (band 0-50000)",
    ]);
    expect(sections[0].querySelector(".meta").textContent).toBe("Closed Won · 2026-08-14");
    // A period with payouts but no deal closing in it.
    picker.dispatchEvent(new CustomEvent("change", { detail: { value: "2026-Q2" } }));
    await flush();
    expect($(el, ".deals lightning-accordion")).toBeNull();
    expect($(el, ".no-deals").textContent).toBe("No deals earned an incentive in this period.");
  });

  it("shows the deals error without hiding the components", async () => {
    const el = await mount();
    getRecord.emit(silver);
    emitPayouts(payouts);
    emitError("Incentive_Deals__r is not available", DEALS);
    await flush();
    const alert = inState(el, ".deals .group-state", '[role="alert"]');
    expect(alert.className).toContain("slds-alert_warning");
    expect(alert.textContent).toBe(
      "Some incentive details could not be loaded: Incentive_Deals__r is not available",
    );
    expect($$(el, ".components lightning-accordion-section").length).toBe(2);
  });

  it("shows the empty state when the partner has no payouts yet", async () => {
    const el = await mount();
    getRecord.emit(silver);
    emitPayouts(noPayouts);
    emitDeals(noPayouts);
    await flush();
    // The account's own period still offers itself, with nothing under it.
    expect($(el, "lightning-combobox").options.map((o) => o.value)).toEqual(["2026-Q4"]);
    expect($(el, ".no-components").textContent).toBe("No explanation recorded.");
    expect($(el, ".no-deals")).not.toBeNull();
  });

  it("shows the no-periods state when neither payouts nor a period exist", async () => {
    const el = await mount();
    const noPeriod = JSON.parse(JSON.stringify(silver));
    noPeriod.fields.Incentives_Period__c.value = null;
    getRecord.emit(noPeriod);
    emitPayouts(noPayouts);
    emitDeals(noPayouts);
    await flush();
    expect($(el, "lightning-combobox")).toBeNull();
    expect($(el, ".no-periods").textContent).toContain("No incentive periods yet");
  });

  it("keeps the standing visible when the payouts related list fails", async () => {
    const el = await mount();
    getRecord.emit(silver);
    emitError("Related list not available", PAYOUTS);
    await flush();
    const alert = inState(el, ".payouts-state", '[role="alert"]');
    expect(alert.className).toContain("slds-alert_warning");
    expect(alert.textContent).toContain("Related list not available");
    expect($(el, "lightning-progress-bar").value).toBe(72.5);
  });

  it("reads the deals newest first and follows the next page token, so none beyond one page is lost", async () => {
    const el = await mount();
    getRecord.emit(silver);
    emitPayouts(payouts);
    await flush();
    const dealsConfig = () => {
      let found;
      getRelatedListRecords.emit(null, (c) => {
        if (DEALS(c)) found = c;
        return false;
      });
      return found;
    };
    expect(dealsConfig().sortBy).toEqual(["-Opportunity.CloseDate"]);
    expect(dealsConfig().pageSize).toBe(1999);
    expect(dealsConfig().pageToken).toBeUndefined();
    // Page 1: the Q4 deals and a next page token; page 2: the Q3 deal.
    const page1 = JSON.parse(JSON.stringify(deals));
    page1.records = deals.records.filter((r) => r.fields.CloseDate.value >= "2026-10-01");
    page1.nextPageToken = "1999";
    const page2 = JSON.parse(JSON.stringify(deals));
    page2.records = deals.records.filter((r) => r.fields.CloseDate.value < "2026-10-01");
    page2.currentPageToken = "1999";
    emitDeals(page1);
    await flush();
    // Not complete yet: the picker's period filter would otherwise show a partial list.
    expect(inState(el, ".deals .group-state", "lightning-spinner")).not.toBeNull();
    expect(dealsConfig().pageToken).toBe("1999");
    getRelatedListRecords.emit(page2, (c) => DEALS(c) && c.pageToken === "1999");
    await flush();
    expect($(el, ".deals .group-state")).toBeNull();
    expect($$(el, ".deals lightning-accordion-section").map((s) => s.label)).toEqual([
      "Initech expansion",
      "Globex renewal",
    ]);
    // The second page's deal is there too.
    $(el, "lightning-combobox").dispatchEvent(new CustomEvent("change", { detail: { value: "2026-Q3" } }));
    await flush();
    expect($$(el, ".deals lightning-accordion-section").map((s) => s.label)).toEqual(["Hooli upgrade"]);
  });

  it("shows a spinner for the deals while they load", async () => {
    const el = await mount();
    getRecord.emit(silver);
    emitPayouts(payouts);
    await flush();
    expect(inState(el, ".deals .group-state", "lightning-spinner")).not.toBeNull();
  });
});
