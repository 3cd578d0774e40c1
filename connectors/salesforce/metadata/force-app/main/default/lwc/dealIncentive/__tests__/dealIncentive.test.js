import { createElement } from "@lwc/engine-dom";
import DealIncentive from "c/dealIncentive";
import { getRecord } from "lightning/uiRecordApi";

const won = require("./data/getRecordWon.json");
const clawback = require("./data/getRecordClawback.json");
const open = require("./data/getRecordOpen.json");
const openNoProjection = require("./data/getRecordOpenNoProjection.json");
const noPartner = require("./data/getRecordNoPartner.json");
const notComputed = require("./data/getRecordNotComputed.json");
const forfeited = require("./data/getRecordForfeited.json");

const flush = () => Promise.resolve();

function mount(id = won.id) {
  const el = createElement("c-deal-incentive", { is: DealIncentive });
  el.recordId = id;
  document.body.appendChild(el);
  return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);
// Inside the c-incentive-state (its own shadow root): the spinner or the alert it shows.
const inState = (el, selector) => $(el, ".card-state")?.shadowRoot.querySelector(selector) ?? null;
const texts = (el, selector) =>
  [...el.shadowRoot.querySelectorAll(selector)].map((n) => n.textContent.trim());

async function render(data) {
  const el = mount(data.id);
  getRecord.emit(data);
  await flush();
  return el;
}

describe("c-deal-incentive", () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it("shows a spinner until the deal arrives, and asks for the partner tier across PartnerAccount", async () => {
    const el = mount();
    await flush();
    expect(inState(el, "lightning-spinner").alternativeText).toBe("Loading incentives");
    const config = getRecord.getLastConfig();
    expect(config.recordId).toBe(won.id);
    expect(config.optionalFields.map((f) => f.fieldApiName ?? f)).toContain("PartnerAccount.Partner_Tier__c");
    expect(config.fields.map((f) => f.fieldApiName)).toEqual(
      expect.arrayContaining([
        "Incentive_Amount__c",
        "Incentive_Explanation__c",
        "Incentive_Status_Detail__c",
      ]),
    );
  });

  it("renders a won deal: amount, partner tier, counted status and every explained line", async () => {
    const el = await render(won);
    expect($(el, ".partner-name").textContent).toBe("Acme Integrations 1");
    expect($(el, ".tier").label).toBe("Silver");
    const amount = $(el, ".incentive-amount lightning-formatted-number");
    expect(amount.value).toBe(1000.46);
    expect(amount.formatStyle).toBe("currency");
    expect(amount.currencyCode).toBe("USD");
    const status = $(el, '[data-id="status"]');
    expect(status.label).toBe("counted");
    expect(status.className).toContain("slds-theme_success");
    expect(texts(el, ".lines li")).toEqual([
      "new_business: 1000.46 = 20009.20 x 5% (band 0-50000)",
      "fx: EUR 18500.00 at 1.0816 = USD 20009.20",
      "multiplier: Silver x1.0",
    ]);
    expect($(el, ".lines").getAttribute("aria-label")).toBe("How it was computed");
    // A closed deal has no projection.
    expect($(el, ".projection")).toBeNull();
    expect($(el, ".no-projection")).toBeNull();
  });

  it("shows a clawback as a warning with the negative line", async () => {
    const el = await render(clawback);
    const status = $(el, '[data-id="status"]');
    expect(status.label).toBe("clawback window open until 2027-02-14");
    expect(status.className).toContain("slds-theme_warning");
    expect($(el, ".incentive-amount lightning-formatted-number").value).toBe(-250);
    expect(texts(el, ".lines li")).toEqual(["clawback: -250.00 for 2026-Q3 (deal cancelled 2026-11-20)"]);
  });

  it("shows a forfeited deal as an error with its reason", async () => {
    const el = await render(forfeited);
    const status = $(el, '[data-id="status"]');
    expect(status.label).toBe("forfeited: partner not eligible");
    expect(status.className).toContain("slds-theme_error");
  });

  it("shows the projection on an open deal and the tier it would reach", async () => {
    const el = await render(open);
    const projection = $(el, ".projection");
    expect(projection.getAttribute("aria-label")).toBe("If this deal closes this period");
    expect($(el, ".projected-amount lightning-formatted-number").value).toBe(450);
    expect($(el, ".would-reach lightning-badge").label).toBe("Would move the partner to Gold");
    expect(texts(el, ".projection-line")).toEqual([
      "new_business: 450.00 = 9000.00 x 5% (band 0-50000)",
      "tier: reaches Gold at 50000.00 won",
    ]);
    // Nothing earned yet on an open deal, and it is not "not computed" either.
    expect($(el, ".incentive")).toBeNull();
    expect($(el, ".not-computed")).toBeNull();
  });

  it("says when an open deal would not move the tier", async () => {
    const data = JSON.parse(JSON.stringify(open));
    data.fields.Projected_Tier__c.value = null;
    const el = await render(data);
    expect($(el, ".would-reach")).toBeNull();
    expect($(el, ".no-tier-move").textContent).toBe("Would not change the partner's tier.");
  });

  it("says when an open deal has no projection yet", async () => {
    const el = await render(openNoProjection);
    expect($(el, ".projection")).toBeNull();
    expect($(el, ".no-projection").textContent).toBe("No projection yet for this open deal.");
    expect($(el, ".no-projection").getAttribute("role")).toBe("status");
  });

  it("says a deal without a partner earns no incentive", async () => {
    const el = await render(noPartner);
    expect($(el, ".no-partner").textContent).toBe(
      "This deal has no partner, so it earns no partner incentive.",
    );
    expect($(el, ".partner")).toBeNull();
  });

  it("says when a closed deal has not been computed yet", async () => {
    const el = await render(notComputed);
    expect($(el, ".not-computed").textContent).toBe("The incentive for this deal has not been computed yet.");
    expect($(el, ".incentive")).toBeNull();
  });

  it('says a Closed Lost deal earns nothing instead of "not computed"', async () => {
    const data = JSON.parse(JSON.stringify(notComputed));
    data.fields.IsWon.value = false;
    const el = await render(data);
    expect($(el, ".lost").textContent).toBe("Lost: no incentive for this deal.");
    expect($(el, ".lost").getAttribute("role")).toBe("status");
    expect($(el, ".not-computed")).toBeNull();
    expect($(el, ".incentive")).toBeNull();
  });

  it("still shows the deal when the rep cannot read the partner account", async () => {
    // The partner's name and tier are optional: without access the UI API leaves PartnerAccount
    // out instead of failing the record, and the card shows the rest.
    const el = mount();
    await flush();
    const config = getRecord.getLastConfig();
    const names = (list) => list.map((f) => f.fieldApiName ?? f);
    expect(names(config.fields)).not.toContain("PartnerAccount.Name");
    expect(names(config.optionalFields)).toEqual(
      expect.arrayContaining(["PartnerAccount.Name", "PartnerAccount.Partner_Tier__c"]),
    );
    const data = JSON.parse(JSON.stringify(won));
    delete data.fields.PartnerAccount;
    getRecord.emit(data);
    await flush();
    expect($(el, ".partner-name").textContent).toBe("Not set");
    expect($(el, ".tier")).toBeNull();
    expect($(el, ".incentive-amount lightning-formatted-number").value).toBe(1000.46);
    expect($(el, '[data-id="status"]').label).toBe("counted");
  });

  it("shows the wire error as an alert", async () => {
    const el = mount();
    getRecord.error({ message: "Insufficient access to Opportunity" });
    await flush();
    expect(inState(el, '[role="alert"]').className).toContain("slds-alert_error");
    expect(inState(el, "h2").textContent).toBe("Incentive data could not be loaded");
    expect(inState(el, ".message").textContent).toBe("Insufficient access to Opportunity");
    expect(inState(el, "lightning-spinner")).toBeNull();
  });
});
