// Preview stand-in for lightning-accordion: the SLDS accordion list.
import { api, LightningElement } from "lwc";

export default class Accordion extends LightningElement {
  @api allowMultipleSectionsOpen;
}
