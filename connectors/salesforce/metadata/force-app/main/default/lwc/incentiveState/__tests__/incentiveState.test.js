import { createElement } from "@lwc/engine-dom";
import IncentiveState from "c/incentiveState";

const flush = () => Promise.resolve();

function mount(props) {
  const el = createElement("c-incentive-state", { is: IncentiveState });
  Object.assign(el, props);
  document.body.appendChild(el);
  return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);

describe("c-incentive-state", () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it("shows only a spinner with assistive text while loading", async () => {
    const el = mount({ loading: true, message: "ignored while loading" });
    await flush();
    expect($(el, "lightning-spinner").alternativeText).toBe("Loading incentives");
    expect($(el, '[role="alert"]')).toBeNull();
  });

  it("shows the error as an alert with its heading", async () => {
    const el = mount({ heading: "Incentive data could not be loaded", message: "No access" });
    await flush();
    const alert = $(el, '[role="alert"]');
    expect(alert.className).toContain("slds-alert_error");
    expect($(el, "h2").textContent).toBe("Incentive data could not be loaded");
    expect($(el, ".message").textContent).toBe("No access");
    expect($(el, "lightning-spinner")).toBeNull();
  });

  it("shows a part's failure as a warning with the prefix before the message", async () => {
    const el = mount({ variant: "warning", prefix: "Deals could not be loaded.", message: "Bad Request" });
    await flush();
    expect($(el, '[role="alert"]').className).toContain("slds-alert_warning");
    expect($(el, "h2")).toBeNull();
    expect($(el, ".message").textContent).toBe("Deals could not be loaded. Bad Request");
  });

  it("renders nothing when neither loading nor failed", async () => {
    const el = mount({});
    await flush();
    expect(el.shadowRoot.children.length).toBe(0);
  });
});
