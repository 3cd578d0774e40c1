// Preview stand-in for lightning-formatted-number: Intl formatting in the browser's locale (en-US
// in the screenshot run), as the base component does with the user's locale.
import { api, LightningElement } from "lwc";

export default class FormattedNumber extends LightningElement {
  @api value;
  @api formatStyle;
  @api currencyCode;
  @api maximumFractionDigits;

  get text() {
    if (typeof this.value !== "number") return "";
    const options = {};
    if (this.formatStyle === "currency") {
      options.style = "currency";
      options.currency = this.currencyCode || "USD";
    }
    if (this.maximumFractionDigits !== undefined)
      options.maximumFractionDigits = Number(this.maximumFractionDigits);
    return new Intl.NumberFormat("en-US", options).format(this.value);
  }
}
