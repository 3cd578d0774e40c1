// Preview stand-in for lightning-combobox: the closed SLDS combobox showing the selected option.
import { api, LightningElement } from "lwc";

export default class Combobox extends LightningElement {
  @api label;
  @api name;
  @api value;
  @api options = [];

  get selected() {
    return (this.options ?? []).find((o) => o.value === this.value)?.label ?? this.value ?? "";
  }

  get chevron() {
    return "/slds/icons/utility-sprite/svg/symbols.svg#down";
  }
}
