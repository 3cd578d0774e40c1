// Loading, empty and error states, the same on every page (SLDS spinner, illustration text, alert).
import type { ComponentChildren } from "preact";
import type { ApiError } from "../api/client.ts";

export function Loading({ label = "Loading" }: { label?: string }) {
  return (
    <div class="slds-is-relative slds-p-around_large" role="status" aria-live="polite">
      <div class="slds-spinner slds-spinner_small slds-spinner_brand">
        <span class="slds-assistive-text">{label}</span>
        <div class="slds-spinner__dot-a" />
        <div class="slds-spinner__dot-b" />
      </div>
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="slds-text-color_weak slds-p-around_medium">{children}</p>;
}

export function ErrorBox({
  error,
  title = "Something went wrong",
}: {
  error: Error | ApiError;
  title?: string;
}) {
  const problems = "problems" in error ? error.problems : [];
  return (
    <div class="slds-notify slds-notify_alert slds-alert_error slds-m-vertical_small" role="alert">
      <div>
        <h2 class="slds-text-heading_small">{title}</h2>
        <p>{error.message}</p>
        {problems.length > 0 && (
          <ul class="slds-list_dotted slds-text-align_left">
            {problems.map((p) => (
              <li key={p.path + p.message}>
                <code>{p.path}</code>: {p.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export function Notice({
  children,
  kind = "info",
}: {
  children: ComponentChildren;
  kind?: "info" | "success" | "warning";
}) {
  return (
    <div
      class={`slds-notify slds-notify_alert slds-alert_${kind === "info" ? "info" : kind} slds-m-vertical_small`}
      role="status"
    >
      <p>{children}</p>
    </div>
  );
}

export function Card(props: {
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
  id?: string;
}) {
  return (
    <article class="slds-card slds-m-bottom_medium" aria-labelledby={props.id}>
      <div class="slds-card__header slds-grid">
        <header class="slds-media slds-media_center slds-has-flexi-truncate">
          <h2 class="slds-card__header-title slds-text-heading_small" id={props.id}>
            {props.title}
          </h2>
        </header>
        {props.actions && <div class="slds-no-flex">{props.actions}</div>}
      </div>
      <div class="slds-card__body slds-card__body_inner">{props.children}</div>
    </article>
  );
}
