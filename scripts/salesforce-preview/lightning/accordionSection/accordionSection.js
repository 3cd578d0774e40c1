// Preview stand-in for lightning-accordion-section: the SLDS accordion section, shown open so the
// screenshot carries the explained lines (a click closes it, as in Lightning Experience).
import { api, LightningElement } from "lwc";

export default class AccordionSection extends LightningElement {
  @api label;
  @api name;
  open = true;

  get sectionClass() {
    return this.open ? "slds-accordion__section slds-is-open" : "slds-accordion__section";
  }

  get expanded() {
    return String(this.open);
  }

  get chevron() {
    return "/slds/icons/utility-sprite/svg/symbols.svg#switch";
  }

  toggle() {
    this.open = !this.open;
  }
}
