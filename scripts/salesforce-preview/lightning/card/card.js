// Preview stand-in for lightning-card: the SLDS card blueprint (header with icon and title, body slot).
import { api, LightningElement } from "lwc";
import { iconClass, iconHref } from "preview/icons";

export default class Card extends LightningElement {
  @api title;
  @api iconName;

  get hasIcon() {
    return Boolean(this.iconName);
  }

  get href() {
    return iconHref(this.iconName);
  }

  get containerClass() {
    return iconClass(this.iconName);
  }
}
