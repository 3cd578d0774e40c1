// The loading and error states every part of the partner incentive cards shows the same way: a
// spinner with assistive text while a wire has not answered, or an alert with the wire's error.
// One component so the two cards (and the parts of partnerIncentives) cannot drift apart.

import LOADING from "@salesforce/label/c.PI_Loading";
import { api, LightningElement } from "lwc";

export default class IncentiveState extends LightningElement {
  /** True while the data has not arrived: shows the spinner (and nothing else). */
  @api loading = false;
  /** The error text (errorText() of the wire error); blank: no alert. */
  @api message;
  /** Optional heading of the alert (the card-level error names what failed). */
  @api heading;
  /** Optional text before the message in the same paragraph (e.g. "Deals could not be loaded."). */
  @api prefix;
  /** "error" (the card could not load) or "warning" (one part could not; the rest still shows). */
  @api variant = "error";

  label = { LOADING };

  get showAlert() {
    return !this.loading && Boolean(this.message);
  }

  get alertClass() {
    const theme = this.variant === "warning" ? "slds-alert_warning" : "slds-alert_error";
    return `slds-notify slds-notify_alert ${theme} alert`;
  }

  get text() {
    return this.prefix ? `${this.prefix} ${this.message}` : this.message;
  }
}
