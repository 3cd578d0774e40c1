// Entry point: SLDS styles, then the app.
import "@salesforce-ux/design-system/assets/styles/salesforce-lightning-design-system.css";
import "./console.css";
import { render } from "preact";
import { App } from "./app.tsx";

render(<App />, document.getElementById("app")!);
