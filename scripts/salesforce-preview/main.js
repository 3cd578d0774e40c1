// Preview entry: synthetic shadow (as in Lightning Experience, so the page's SLDS stylesheet
// reaches inside the components), then each component of window.__PREVIEW__.mounts on its record.
import "@lwc/synthetic-shadow";
import DealIncentive from "c/dealIncentive";
import PartnerIncentives from "c/partnerIncentives";
import { createElement } from "lwc";

const components = {
  partnerIncentives: ["c-partner-incentives", PartnerIncentives],
  dealIncentive: ["c-deal-incentive", DealIncentive],
};

// Each page has the slots of the components it shows; the others are not mounted.
for (const mount of globalThis.__PREVIEW__.mounts) {
  const slot = document.getElementById(mount.slot);
  if (!slot) continue;
  const [tag, is] = components[mount.component];
  const el = createElement(tag, { is });
  el.recordId = mount.recordId;
  slot.appendChild(el);
}
