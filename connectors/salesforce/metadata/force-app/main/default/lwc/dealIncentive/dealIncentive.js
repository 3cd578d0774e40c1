// What a deal earns the partner, on the Opportunity record page: the incentive with its explained
// lines and status (counted / held back / clawback window / forfeited), the partner's tier, and on
// an open deal the projection (what it would earn if it closed this period, and the tier it would
// reach). Lightning Data Service only (getRecord), so no Apex and the user's field access applies.

import INCENTIVE_LABEL from "@salesforce/label/c.DI_Incentive";
import LINES_LABEL from "@salesforce/label/c.DI_Lines";
import LOST from "@salesforce/label/c.DI_Lost";
import NO_PARTNER from "@salesforce/label/c.DI_No_Partner";
import NO_PROJECTION from "@salesforce/label/c.DI_No_Projection";
import NO_TIER_MOVE from "@salesforce/label/c.DI_No_Tier_Move";
import NOT_COMPUTED from "@salesforce/label/c.DI_Not_Computed";
import PARTNER_LABEL from "@salesforce/label/c.DI_Partner";
import PROJECTION_LABEL from "@salesforce/label/c.DI_Projection";
import PROJECTION_HINT from "@salesforce/label/c.DI_Projection_Hint";
import STATUS_LABEL from "@salesforce/label/c.DI_Status";
import TITLE from "@salesforce/label/c.DI_Title";
import WOULD_REACH from "@salesforce/label/c.DI_Would_Reach";
import ERROR_TITLE from "@salesforce/label/c.PI_Error";
import NO_LINES from "@salesforce/label/c.PI_No_Lines";
import NOT_SET from "@salesforce/label/c.PI_Not_Set";
import TIER_LABEL from "@salesforce/label/c.PI_Tier";
import INCENTIVE from "@salesforce/schema/Opportunity.Incentive_Amount__c";
import EXPLANATION from "@salesforce/schema/Opportunity.Incentive_Explanation__c";
import STATUS_DETAIL from "@salesforce/schema/Opportunity.Incentive_Status_Detail__c";
import IS_CLOSED from "@salesforce/schema/Opportunity.IsClosed";
import IS_WON from "@salesforce/schema/Opportunity.IsWon";
import PARTNER_NAME from "@salesforce/schema/Opportunity.PartnerAccount.Name";
import PARTNER_TIER from "@salesforce/schema/Opportunity.PartnerAccount.Partner_Tier__c";
import PARTNER_ID from "@salesforce/schema/Opportunity.PartnerAccountId";
import PROJECTED_EXPLANATION from "@salesforce/schema/Opportunity.Projected_Explanation__c";
import PROJECTED from "@salesforce/schema/Opportunity.Projected_Incentive__c";
import PROJECTED_TIER from "@salesforce/schema/Opportunity.Projected_Tier__c";
import { badgeClass, errorText, format, keyedLines, statusTone } from "c/incentiveText";
import { getFieldValue, getRecord } from "lightning/uiRecordApi";
import { api, LightningElement, wire } from "lwc";

const FIELDS = [IS_CLOSED, IS_WON, PARTNER_ID, INCENTIVE, EXPLANATION, STATUS_DETAIL];
// The partner's name and tier are read across the PartnerAccount relationship: a required field
// there fails the whole wire for a rep who cannot read the partner account, so both are optional
// (as are the projection fields, for an org that has not deployed them yet); the rest still shows.
const OPTIONAL = [
  PARTNER_NAME,
  PARTNER_TIER,
  PROJECTED,
  PROJECTED_EXPLANATION,
  PROJECTED_TIER,
  "Opportunity.CurrencyIsoCode",
];

export default class DealIncentive extends LightningElement {
  @api recordId;

  label = {
    TITLE,
    ERROR_TITLE,
    NO_PARTNER,
    PARTNER_LABEL,
    TIER_LABEL,
    INCENTIVE_LABEL,
    STATUS_LABEL,
    LINES_LABEL,
    NO_LINES,
    NOT_COMPUTED,
    LOST,
    PROJECTION_LABEL,
    PROJECTION_HINT,
    NO_TIER_MOVE,
    NO_PROJECTION,
    NOT_SET,
  };

  @wire(getRecord, { recordId: "$recordId", fields: FIELDS, optionalFields: OPTIONAL })
  deal;

  field(f) {
    return this.deal?.data ? (getFieldValue(this.deal.data, f) ?? null) : null;
  }

  get isLoading() {
    return !this.deal || (!this.deal.data && !this.deal.error);
  }

  /** Loading or failed: c-incentive-state shows the spinner or the alert. */
  get showState() {
    return this.isLoading || Boolean(this.deal?.error);
  }

  get errorMessage() {
    return errorText(this.deal?.error);
  }

  get hasData() {
    return Boolean(this.deal?.data);
  }

  get noPartner() {
    return this.hasData && !this.field(PARTNER_ID);
  }

  get currency() {
    return this.deal?.data?.fields?.CurrencyIsoCode?.value ?? "USD";
  }

  get partnerName() {
    return this.field(PARTNER_NAME) ?? NOT_SET;
  }

  get partnerTier() {
    return this.field(PARTNER_TIER);
  }

  get isOpen() {
    return this.field(IS_CLOSED) !== true;
  }

  get incentive() {
    return this.field(INCENTIVE);
  }

  get status() {
    return this.field(STATUS_DETAIL);
  }

  get statusClass() {
    return badgeClass(statusTone(this.status));
  }

  get lines() {
    return keyedLines(this.field(EXPLANATION), "line");
  }

  get hasLines() {
    return this.lines.length > 0;
  }

  /** Won or lost and the service has written something about it. */
  get hasIncentive() {
    return typeof this.incentive === "number" || Boolean(this.status) || this.hasLines;
  }

  /** Closed Lost with nothing written: it earns nothing, which is an answer, not a pending one. */
  get isLost() {
    return !this.isOpen && this.field(IS_WON) !== true && !this.hasIncentive;
  }

  /** A won deal the service has not computed yet (or one written before the fields existed). */
  get notComputed() {
    return !this.isOpen && this.field(IS_WON) === true && !this.hasIncentive;
  }

  get projected() {
    return this.field(PROJECTED);
  }

  get hasProjection() {
    return this.isOpen && typeof this.projected === "number";
  }

  get projectionLines() {
    return keyedLines(this.field(PROJECTED_EXPLANATION), "projected");
  }

  get projectedTier() {
    return this.field(PROJECTED_TIER);
  }

  get wouldReach() {
    return this.projectedTier ? format(WOULD_REACH, this.projectedTier) : null;
  }

  get showNoProjection() {
    return this.isOpen && !this.hasProjection;
  }
}
