// What hubspot.fetch does when an app card calls its back end, so tests and benchmarks drive the
// service as HubSpot would: the portal's own query parameters added to the URL (userId,
// portalId, userEmail, appId), then the v3 signature over method, the full URL, body and
// timestamp with the app's client secret — the one signature implementation the service
// verifies with (connectors/hubspot/signature-v3.ts). hubspot.fetch sends no other headers.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data
import { signedHeaders } from "../../connectors/hubspot/signature-v3.ts";

export interface CardFetchOptions {
  /** The app's client secret. */
  clientSecret: string;
  appId?: number;
  userId?: number;
  userEmail?: string;
  /** Another portal's id (the card opened in a portal the service does not serve). */
  portalId?: number;
}

export interface CardFetchInit {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** JSON body (hubspot.fetch sends objects as JSON). */
  body?: unknown;
  /** Overrides the signing time (e.g. a stale request); default: the portal's clock. */
  timestamp?: number;
  /** Signs with this secret instead (a forged request). */
  signWith?: string;
  /** Sends the request without the signature headers. */
  unsigned?: boolean;
}

export type CardFetch = (url: string, init?: CardFetchInit) => Promise<Response>;

export const DEFAULT_CARD_APP_ID = 54_321;
export const DEFAULT_CARD_USER_ID = 1_000_001;

/** The URL hubspot.fetch calls: the card's URL with the portal's parameters appended. */
export function cardFetchUrl(
  url: string,
  params: { userId: number; portalId: number; userEmail: string; appId: number },
): string {
  const u = new URL(url);
  u.searchParams.set("userId", String(params.userId));
  u.searchParams.set("portalId", String(params.portalId));
  u.searchParams.set("userEmail", params.userEmail);
  u.searchParams.set("appId", String(params.appId));
  return u.toString();
}

/** The portal a card is opened in: its id, and its clock (the emulator's `now`). */
export interface CardPortal {
  readonly portalId: number;
  now(): number;
}

export function createCardFetch(state: CardPortal, options: CardFetchOptions): CardFetch {
  const params = {
    userId: options.userId ?? DEFAULT_CARD_USER_ID,
    portalId: options.portalId ?? state.portalId,
    userEmail: options.userEmail ?? "rep@sandbox.example",
    appId: options.appId ?? DEFAULT_CARD_APP_ID,
  };
  return (url, init = {}) => {
    const method = init.method ?? "GET";
    const target = cardFetchUrl(url, params);
    const body = init.body === undefined ? "" : JSON.stringify(init.body);
    const headers: Record<string, string> = body ? { "Content-Type": "application/json" } : {};
    if (!init.unsigned) {
      Object.assign(
        headers,
        signedHeaders({
          secret: init.signWith ?? options.clientSecret,
          method,
          uri: target,
          body,
          now: init.timestamp ?? state.now(),
        }),
      );
    }
    return fetch(target, { method, headers, ...(body ? { body } : {}) });
  };
}
