// Preview stand-in for lightning-badge: the host carries slds-badge, so a theme class set on the
// element (slds-theme_success …) styles the badge as it does in Lightning Experience.
import { api, LightningElement } from "lwc";

export default class Badge extends LightningElement {
  @api label;

  connectedCallback() {
    this.classList.add("slds-badge");
  }
}
