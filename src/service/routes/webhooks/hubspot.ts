// POST /webhooks/hubspot — MOUNT POINT. The HubSpot connector provides the handler
// (`hubspotWebhookHandler({ secret, onChanges, clock })` in connectors/hubspot/webhooks.ts: v3
// signature over the exact bytes, timestamp window, replay protection). The sync-orchestration
// session passes it to buildApp as `hubspotWebhook`; until then this answers 503
// WEBHOOK_NOT_CONFIGURED and syncs nothing.
import type { RequestHandler } from "express";
import { HttpError } from "../../errors.ts";

export const hubspotWebhookNotConfigured: RequestHandler = () => {
  throw new HttpError("WEBHOOK_NOT_CONFIGURED", "HubSpot webhooks are not wired into this build yet");
};
