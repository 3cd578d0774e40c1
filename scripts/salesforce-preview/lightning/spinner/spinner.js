// Preview stand-in for lightning-spinner: the SLDS spinner blueprint.
import { api, LightningElement } from "lwc";

export default class Spinner extends LightningElement {
  @api alternativeText;
  @api size = "medium";

  get spinnerClass() {
    return `slds-spinner slds-spinner_${this.size}`;
  }
}
