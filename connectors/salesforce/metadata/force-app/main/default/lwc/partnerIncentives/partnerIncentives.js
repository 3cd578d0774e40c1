// A partner's incentive standing where the channel manager (Account record page) and the partner
// user (Experience Cloud) already work. Data only through Lightning Data Service wire adapters, so
// sharing and field-level security apply to partner users as everywhere else and there is no Apex.
//
// Which deals: Opportunity.PartnerAccountId has no child relationship a related list can use
// (Account's "Opportunities" list is AccountId, the customer), so the sync writes the partner's
// Account into Opportunity.Incentive_Partner__c, whose Incentive_Deals__r related list gives the
// partner's deals here. The picker's periods come from the Incentive_Payouts__r related list
// (Period__c, plus the account's own period), with each component's explained total
// (Explanation__c); a period's deals are those whose CloseDate falls in it and that the service
// explained. A clawback of an earlier deal is a line of that deal's explanation.

import AMOUNT_REACHED from "@salesforce/label/c.PI_Amount_Reached";
import COMPONENTS_LABEL from "@salesforce/label/c.PI_Components";
import FUND_LABEL from "@salesforce/label/c.PI_Coop_Fund";
import DEALS_LABEL from "@salesforce/label/c.PI_Deals";
import DEALS_ERROR from "@salesforce/label/c.PI_Deals_Error";
import ELIGIBLE_LABEL from "@salesforce/label/c.PI_Eligible";
import ERROR_TITLE from "@salesforce/label/c.PI_Error";
import FIGURES_FOR from "@salesforce/label/c.PI_Figures_For";
import GAP_LABEL from "@salesforce/label/c.PI_Gap";
import HELD_LABEL from "@salesforce/label/c.PI_Held_Back";
import INELIGIBLE_LABEL from "@salesforce/label/c.PI_Ineligible";
import METRICS_LABEL from "@salesforce/label/c.PI_Metrics";
import MISSING_LABEL from "@salesforce/label/c.PI_Missing";
import NO_DEALS from "@salesforce/label/c.PI_No_Deals";
import NO_LINES from "@salesforce/label/c.PI_No_Lines";
import NO_PERIODS from "@salesforce/label/c.PI_No_Periods";
import NOT_PARTNER from "@salesforce/label/c.PI_Not_Partner";
import NOT_SET from "@salesforce/label/c.PI_Not_Set";
import PAID_YTD_LABEL from "@salesforce/label/c.PI_Paid_YTD";
import PAYABLE_LABEL from "@salesforce/label/c.PI_Payable";
import PERIOD_LABEL from "@salesforce/label/c.PI_Period";
import PERIOD_TOTAL from "@salesforce/label/c.PI_Period_Total";
import NEXT_TIER_LABEL from "@salesforce/label/c.PI_Progress_To";
import REASONS_LABEL from "@salesforce/label/c.PI_Reasons";
import SCORE_LABEL from "@salesforce/label/c.PI_Score";
import STILL_MISSING from "@salesforce/label/c.PI_Still_Missing";
import TIER_LABEL from "@salesforce/label/c.PI_Tier";
import TIER_HELD from "@salesforce/label/c.PI_Tier_Held";
import TIER_SINCE from "@salesforce/label/c.PI_Tier_Since";
import TITLE from "@salesforce/label/c.PI_Title";
import TOP_TIER from "@salesforce/label/c.PI_Top_Tier";
import FUND from "@salesforce/schema/Account.Coop_Fund_Balance__c";
import GAP from "@salesforce/schema/Account.Gap_To_Next_Tier__c";
import HELD_BACK from "@salesforce/schema/Account.Held_Back_This_Period__c";
import ELIGIBLE from "@salesforce/schema/Account.Incentive_Eligible__c";
import PAID_YTD from "@salesforce/schema/Account.Incentives_Paid_YTD__c";
import PERIOD from "@salesforce/schema/Account.Incentives_Period__c";
import REASONS from "@salesforce/schema/Account.Ineligible_Reasons__c";
import MISSING from "@salesforce/schema/Account.Missing_For_Next_Tier__c";
import NEXT_TIER from "@salesforce/schema/Account.Partner_Next_Tier__c";
import SCORE from "@salesforce/schema/Account.Partner_Score__c";
import TIER from "@salesforce/schema/Account.Partner_Tier__c";
import PAYABLE from "@salesforce/schema/Account.Payable_This_Period__c";
import PAYOUT_STATUS from "@salesforce/schema/Account.Payout_Status__c";
import METRICS from "@salesforce/schema/Account.Scorecard_Metrics__c";
import HELD_SINCE from "@salesforce/schema/Account.Tier_Held_Since__c";
import PROGRESS from "@salesforce/schema/Account.Tier_Progress_Percent__c";
import {
  badgeClass,
  errorText,
  format,
  keyedLines,
  newestFirst,
  parseMetrics,
  periodRange,
  splitList,
  statusTone,
  sumMoney,
} from "c/incentiveText";
import { getFieldValue, getRecord } from "lightning/uiRecordApi";
import { getRelatedListRecords } from "lightning/uiRelatedListApi";
import { api, LightningElement, wire } from "lwc";

const ACCOUNT_FIELDS = [TIER, NEXT_TIER, GAP, PROGRESS, MISSING, SCORE, ELIGIBLE, REASONS, PAYABLE, PAID_YTD];
// Fields a partner user's profile may not see (or an org may not have yet) must not fail the card.
const ACCOUNT_OPTIONAL = [
  HELD_SINCE,
  METRICS,
  HELD_BACK,
  FUND,
  PERIOD,
  PAYOUT_STATUS,
  "Account.CurrencyIsoCode",
];

const PAYOUT_LIST = "Incentive_Payouts__r";
const PAYOUT_FIELDS = [
  "Incentive_Payout__c.Id",
  "Incentive_Payout__c.Period__c",
  "Incentive_Payout__c.Component__c",
  "Incentive_Payout__c.Amount__c",
  "Incentive_Payout__c.Status__c",
];
const PAYOUT_OPTIONAL = ["Incentive_Payout__c.Explanation__c", "Incentive_Payout__c.Held_Amount__c"];
const DEAL_LIST = "Incentive_Deals__r";
const DEAL_FIELDS = [
  "Opportunity.Name",
  "Opportunity.StageName",
  "Opportunity.Amount",
  "Opportunity.CloseDate",
  "Opportunity.Incentive_Amount__c",
  "Opportunity.Incentive_Explanation__c",
  "Opportunity.Incentive_Status_Detail__c",
];

const DEAL_SORT = ["-Opportunity.CloseDate"];
const DEAL_PAGE_SIZE = 1999;

const value = (record, field) => {
  const v = record?.fields?.[field]?.value;
  return v === undefined ? null : v;
};

export default class PartnerIncentives extends LightningElement {
  @api recordId;

  label = {
    TITLE,
    ERROR_TITLE,
    NOT_PARTNER,
    TIER_LABEL,
    NEXT_TIER_LABEL,
    TOP_TIER,
    GAP_LABEL,
    MISSING_LABEL,
    SCORE_LABEL,
    METRICS_LABEL,
    ELIGIBLE_LABEL,
    INELIGIBLE_LABEL,
    REASONS_LABEL,
    PAYABLE_LABEL,
    HELD_LABEL,
    PAID_YTD_LABEL,
    FUND_LABEL,
    PERIOD_LABEL,
    PERIOD_TOTAL,
    COMPONENTS_LABEL,
    DEALS_LABEL,
    NO_PERIODS,
    NO_DEALS,
    NO_LINES,
    DEALS_ERROR,
    NOT_SET,
  };

  account;
  accountError;
  payouts = [];
  payoutsLoaded = false;
  payoutsError;
  deals = [];
  dealsById = new Map();
  dealsPageToken;
  dealsLoaded = false;
  dealsError;
  chosenPeriod;

  @wire(getRecord, { recordId: "$recordId", fields: ACCOUNT_FIELDS, optionalFields: ACCOUNT_OPTIONAL })
  wiredAccount({ data, error }) {
    this.account = data;
    this.accountError = error;
  }

  @wire(getRelatedListRecords, {
    parentRecordId: "$recordId",
    relatedListId: PAYOUT_LIST,
    fields: PAYOUT_FIELDS,
    optionalFields: PAYOUT_OPTIONAL,
    pageSize: 1000,
  })
  wiredPayouts({ data, error }) {
    if (data) {
      this.payouts = data.records ?? [];
      this.payoutsLoaded = true;
      this.payoutsError = undefined;
    } else if (error) {
      this.payouts = [];
      this.payoutsLoaded = true;
      this.payoutsError = error;
    }
  }

  // Every deal of the partner, newest close date first, page after page (1,999 is the related
  // list's largest page): the picker filters them by CloseDate here, so changing period needs no
  // new request, and a partner with more deals than one page loses none. Each answer's
  // nextPageToken becomes the wire's pageToken, which fetches the next page.
  @wire(getRelatedListRecords, {
    parentRecordId: "$recordId",
    relatedListId: DEAL_LIST,
    fields: DEAL_FIELDS,
    sortBy: DEAL_SORT,
    pageSize: DEAL_PAGE_SIZE,
    pageToken: "$dealsPageToken",
  })
  wiredDeals({ data, error }) {
    if (data) {
      // Keyed by id: a page LDS refreshes later replaces its records instead of adding them twice.
      for (const record of data.records ?? []) this.dealsById.set(record.id, record);
      this.deals = [...this.dealsById.values()];
      this.dealsError = undefined;
      if (data.nextPageToken) {
        this.dealsPageToken = data.nextPageToken;
      } else {
        this.dealsLoaded = true;
      }
    } else if (error) {
      this.deals = [];
      this.dealsLoaded = true;
      this.dealsError = error;
    }
  }

  // ---- states -------------------------------------------------------------------------------

  get isLoading() {
    return !this.account && !this.accountError;
  }

  /** Loading or failed: c-incentive-state shows the spinner or the alert. */
  get showState() {
    return this.isLoading || Boolean(this.accountError);
  }

  get errorMessage() {
    return errorText(this.accountError);
  }

  get isPartner() {
    return Boolean(this.account) && Boolean(this.field(TIER));
  }

  get notPartner() {
    return Boolean(this.account) && !this.field(TIER);
  }

  // ---- standing -------------------------------------------------------------------------------

  field(f) {
    return this.account ? (getFieldValue(this.account, f) ?? null) : null;
  }

  get currency() {
    return value(this.account, "CurrencyIsoCode") ?? "USD";
  }

  get tier() {
    return this.field(TIER);
  }

  get tierSince() {
    const since = this.field(HELD_SINCE);
    return since ? format(TIER_SINCE, since) : null;
  }

  /** "Silver since 2026-04-01": the date belongs to the tier, not to the eligibility badge after it. */
  get tierHeld() {
    const since = this.field(HELD_SINCE);
    return since ? format(TIER_HELD, this.tier, since) : this.tier;
  }

  get nextTier() {
    return this.field(NEXT_TIER);
  }

  get isTopTier() {
    return !this.nextTier;
  }

  get progressPercent() {
    const p = this.field(PROGRESS);
    if (typeof p !== "number") return 0;
    return Math.max(0, Math.min(100, p));
  }

  get progressText() {
    return `${this.progressPercent}%`;
  }

  /**
   * The amount the next tier asks for is reached (gap 0) while something else is still missing:
   * "Progress to Gold 100%" beside the missing list would read as contradictory, so the card says
   * "Amount for Gold reached" and "Still missing", as the HubSpot card does.
   */
  get amountReached() {
    return this.gap === 0 && this.hasMissing;
  }

  get showBar() {
    return !this.amountReached;
  }

  get progressHeading() {
    return format(this.amountReached ? AMOUNT_REACHED : NEXT_TIER_LABEL, this.nextTier);
  }

  get progressAssistive() {
    if (this.amountReached) {
      return `${this.progressHeading}; ${STILL_MISSING}: ${this.missing.map((m) => m.text).join("; ")}`;
    }
    return `${this.progressHeading}: ${this.progressText}`;
  }

  get gap() {
    return this.field(GAP);
  }

  get showGap() {
    return typeof this.gap === "number" && !this.amountReached;
  }

  get missingLabel() {
    return this.amountReached ? STILL_MISSING : MISSING_LABEL;
  }

  get missing() {
    return splitList(this.field(MISSING)).map((text, i) => ({ key: `missing-${i}`, text }));
  }

  get hasMissing() {
    return this.missing.length > 0;
  }

  get score() {
    return this.field(SCORE);
  }

  get hasScore() {
    return typeof this.score === "number";
  }

  get metrics() {
    // A <dt> and a <dd> per metric, so each needs its own key among the siblings.
    return parseMetrics(this.field(METRICS)).map((m) => ({
      ...m,
      termKey: `${m.key}-t`,
      detailKey: `${m.key}-d`,
    }));
  }

  get hasMetrics() {
    return this.metrics.length > 0;
  }

  get eligible() {
    return this.field(ELIGIBLE) === true;
  }

  get eligibilityLabel() {
    return this.eligible ? ELIGIBLE_LABEL : INELIGIBLE_LABEL;
  }

  get eligibilityClass() {
    return badgeClass(this.eligible ? "success" : "error");
  }

  get reasons() {
    return splitList(this.field(REASONS)).map((text, i) => ({ key: `reason-${i}`, text }));
  }

  get showReasons() {
    return !this.eligible && this.reasons.length > 0;
  }

  get figuresHeading() {
    const period = this.field(PERIOD);
    return period ? format(FIGURES_FOR, period) : null;
  }

  /** Payable, held back, paid YTD and co-op fund, each blank ("Not set") when the field is. */
  get figures() {
    return [
      { key: "payable", label: PAYABLE_LABEL, value: this.field(PAYABLE) },
      { key: "held", label: HELD_LABEL, value: this.field(HELD_BACK) },
      { key: "paid-ytd", label: PAID_YTD_LABEL, value: this.field(PAID_YTD) },
      { key: "fund", label: FUND_LABEL, value: this.field(FUND) },
    ].map((f) => ({ ...f, has: typeof f.value === "number" }));
  }

  // ---- periods, components and deals --------------------------------------------------------

  get periods() {
    return newestFirst([...this.payouts.map((p) => value(p, "Period__c")), this.field(PERIOD)]);
  }

  get periodOptions() {
    return this.periods.map((p) => ({ label: p, value: p }));
  }

  get hasPeriods() {
    return this.periods.length > 0;
  }

  get selectedPeriod() {
    if (this.chosenPeriod && this.periods.includes(this.chosenPeriod)) return this.chosenPeriod;
    // The period the account's figures are for, else the newest with payouts.
    return this.field(PERIOD) ?? this.periods[0] ?? null;
  }

  handlePeriodChange(event) {
    this.chosenPeriod = event.detail.value;
  }

  get periodPayouts() {
    const period = this.selectedPeriod;
    return this.payouts.filter((p) => value(p, "Period__c") === period);
  }

  get components() {
    return this.periodPayouts.map((p, i) => {
      const status = value(p, "Status__c");
      const lines = keyedLines(value(p, "Explanation__c"), `c${i}`);
      return {
        key: p.id ?? `payout-${i}`,
        label: value(p, "Component__c") ?? NOT_SET,
        amount: value(p, "Amount__c"),
        status,
        statusClass: badgeClass(statusTone(status)),
        statusId: "component-status",
        meta: null,
        lines,
        hasLines: lines.length > 0,
      };
    });
  }

  get periodTotal() {
    return sumMoney(this.periodPayouts.map((p) => value(p, "Amount__c")));
  }

  get periodTotalHeading() {
    return format(PERIOD_TOTAL, this.selectedPeriod);
  }

  get dealRows() {
    const range = periodRange(this.selectedPeriod);
    if (!range) return [];
    return this.deals
      .filter((d) => {
        const close = value(d, "CloseDate");
        // Deals the service explained (lines or a status); open and lost deals have neither.
        const explained = value(d, "Incentive_Explanation__c") || value(d, "Incentive_Status_Detail__c");
        return typeof close === "string" && close >= range.start && close <= range.end && explained;
      })
      .map((d) => {
        const status = value(d, "Incentive_Status_Detail__c");
        const lines = keyedLines(value(d, "Incentive_Explanation__c"), d.id);
        const closeDate = value(d, "CloseDate") ?? "";
        return {
          key: d.id,
          label: value(d, "Name"),
          amount: value(d, "Incentive_Amount__c"),
          closeDate,
          status,
          statusClass: badgeClass(statusTone(status)),
          statusId: "deal-status",
          meta: `${value(d, "StageName") ?? ""} · ${closeDate}`,
          lines,
          hasLines: lines.length > 0,
        };
      })
      .sort((a, b) => (a.closeDate < b.closeDate ? 1 : a.closeDate > b.closeDate ? -1 : 0));
  }

  get dealsLoading() {
    return !this.dealsLoaded;
  }

  get payoutsLoading() {
    return !this.payoutsLoaded;
  }

  get payoutsErrorMessage() {
    return this.payoutsError ? errorText(this.payoutsError) : null;
  }

  get dealsErrorMessage() {
    return this.dealsError ? errorText(this.dealsError) : null;
  }

  get showPayoutsState() {
    return this.payoutsLoading || Boolean(this.payoutsErrorMessage);
  }

  /**
   * The period's components and its deals, rendered by the same accordion markup: each group
   * has its heading, its own loading/error state, its expandable items and its empty text.
   */
  get groups() {
    const group = (key, heading, items, emptyText, loading, error) => ({
      key,
      heading,
      items,
      hasItems: items.length > 0,
      emptyText,
      emptyClass: `slds-text-color_weak no-${key}`,
      loading,
      error,
      showState: loading || Boolean(error),
    });
    return [
      group("components", COMPONENTS_LABEL, this.components, NO_LINES, false, null),
      group("deals", DEALS_LABEL, this.dealRows, NO_DEALS, this.dealsLoading, this.dealsErrorMessage),
    ];
  }
}
