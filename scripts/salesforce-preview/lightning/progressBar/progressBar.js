// Preview stand-in for lightning-progress-bar: the SLDS progress bar blueprint.
import { api, LightningElement } from "lwc";

export default class ProgressBar extends LightningElement {
  @api value = 0;
  @api size;
  @api variant;

  get barClass() {
    return [
      "slds-progress-bar",
      this.size ? `slds-progress-bar_${this.size}` : "",
      this.variant === "circular" ? "slds-progress-bar_circular" : "",
    ].join(" ");
  }

  get fill() {
    return `width: ${Number(this.value) || 0}%`;
  }

  get assistive() {
    return `Progress: ${Number(this.value) || 0}%`;
  }
}
