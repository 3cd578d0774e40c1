// Sign in: the admin token is sent once, in a POST body, and exchanged for a session cookie the
// page cannot read (HttpOnly). The token is never put in the URL or kept by the page.
import { useState } from "preact/hooks";
import { ApiError, api } from "../api/client.ts";
import type { SessionInfo } from "../api/types.ts";

export function SignInPage(props: { onSignedIn: (s: SessionInfo) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setBusy(true);
    setError(null);
    try {
      const session = await api.post<SessionInfo>("/session", {
        name: String(data.get("name") ?? ""),
        token: String(data.get("token") ?? ""),
      });
      (form.elements.namedItem("token") as HTMLInputElement).value = "";
      props.onSignedIn(session);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not reach the service");
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="slds-grid slds-grid_align-center slds-p-top_xx-large">
      <div class="slds-card slds-p-around_large" style={{ width: "420px" }}>
        <h1 class="slds-text-heading_medium slds-m-bottom_medium">Partner Incentives admin console</h1>
        <form onSubmit={submit} method="post" action="#" aria-label="Sign in">
          <div class="slds-form-element slds-m-bottom_small">
            <label class="slds-form-element__label" for="name">
              Your name <span class="slds-text-color_weak">(recorded in the change history)</span>
            </label>
            <div class="slds-form-element__control">
              <input id="name" name="name" class="slds-input" required autocomplete="name" />
            </div>
          </div>
          <div class="slds-form-element slds-m-bottom_small">
            <label class="slds-form-element__label" for="token">
              Admin token
            </label>
            <div class="slds-form-element__control">
              <input id="token" name="token" type="password" class="slds-input" required autocomplete="off" />
            </div>
          </div>
          {error && (
            <div class="slds-text-color_error slds-m-bottom_small" role="alert">
              {error}
            </div>
          )}
          <button type="submit" class="slds-button slds-button_brand" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </div>
    </main>
  );
}
