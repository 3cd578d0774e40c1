// Requests HubSpot signs for an app card (hubspot.fetch): the v3 signature over the full URI
// (the query HubSpot adds included) and an empty body, checked with the webhook verifier's code
// (connectors/hubspot/signature-v3.ts), within 5 minutes, from the configured portal. HubSpot adds
// `userId`, `portalId`, `userEmail` and `appId` to the query of every hubspot.fetch request; the
// signature covers them, so a portal id that verifies is the one HubSpot sent.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data
// Refusals answer `{ error }` (CONTRACT.md) and are counted by card and reason.
import type { RequestHandler } from "express";
import { signedUriOf, verifySignatureV3 } from "../../../connectors/hubspot/signature-v3.ts";
import type { Metrics } from "../metrics.ts";

export type CardName = "company" | "deal";

export interface CardAuthOptions {
  /** The HubSpot app's client secret; null = cards off (503). */
  secret: string | null;
  /** The one portal (HubSpot account) the cards may be opened from; null = cards off (503). */
  portalId: string | null;
  /** The origin HubSpot calls, when a proxy rewrites host or protocol. */
  publicUrl: string | null;
  metrics: Metrics;
  clock?: () => number;
}

export function hubspotCardAuth(card: CardName, opts: CardAuthOptions): RequestHandler {
  const clock = opts.clock ?? Date.now;
  const refuse = (res: Parameters<RequestHandler>[1], status: number, outcome: string, error: string) => {
    opts.metrics.hubspotCardRequests.inc({ card, outcome });
    res.status(status).json({ error });
  };
  return (req, res, next) => {
    if (opts.secret === null || opts.portalId === null) {
      refuse(
        res,
        503,
        "not_configured",
        "HubSpot cards are off: set HUBSPOT_APP_CLIENT_SECRET and HUBSPOT_PORTAL_ID",
      );
      return;
    }
    const check = verifySignatureV3(
      // hubspot.fetch GETs carry no body: the signed body is empty.
      {
        method: req.method,
        uri: signedUriOf(req, opts.publicUrl ?? undefined),
        body: "",
        headers: req.headers,
      },
      { secret: opts.secret, now: clock() },
    );
    if (!check.ok) {
      refuse(res, 401, check.reason, check.message);
      return;
    }
    const portal = req.query.portalId;
    if (portal !== opts.portalId) {
      refuse(res, 403, "wrong_portal", "the request does not come from the configured HubSpot portal");
      return;
    }
    next();
  };
}
