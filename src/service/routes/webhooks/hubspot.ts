// POST /webhooks/hubspot: mounts the HubSpot connector's verifier (v3 signature over the exact
// bytes, 5-minute timestamp window, replay cache in memory and in the store) and hands the
// changed records to the webhook inbox, answering 204 once they are kept (the inbox drainer
// syncs them; issue #20). Rejections (401 forged/stale/replayed, 400 bad body) are the
// connector's and never reach the inbox. Without HUBSPOT_WEBHOOK_SECRET every request
// gets 503 WEBHOOK_NOT_CONFIGURED.
// https://developers.hubspot.com/docs/api/webhooks#webhook-payloads
import type { RequestHandler } from "express";
import type { DurableReplay, WebhookChanges } from "../../../../connectors/hubspot/webhooks.ts";
import { hubspotWebhookHandler } from "../../../../connectors/hubspot/webhooks.ts";
import { HttpError } from "../../errors.ts";
import type { Metrics } from "../../metrics.ts";
import type { ChangedRecord, WebhookInbox } from "../../ports.ts";

export const hubspotWebhookNotConfigured: RequestHandler = () => {
  throw new HttpError("WEBHOOK_NOT_CONFIGURED", "HubSpot webhooks are off: set HUBSPOT_WEBHOOK_SECRET");
};

export function hubspotWebhook(deps: {
  secret: string | null;
  publicUrl: string | null;
  inbox: WebhookInbox;
  /** Seen signatures kept in the store, so a replay is refused after a restart (issue #20). */
  replay?: DurableReplay;
  metrics: Metrics;
  clock?: () => number;
}): RequestHandler {
  if (deps.secret === null) return hubspotWebhookNotConfigured;
  const verify = hubspotWebhookHandler({
    secret: deps.secret,
    ...(deps.publicUrl ? { publicOrigin: deps.publicUrl } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.replay ? { durable: deps.replay } : {}),
    onChanges: async (changes: WebhookChanges) => {
      const records: ChangedRecord[] = Object.entries(changes).flatMap(([object, ids]) =>
        ids.map((id) => ({ object, id })),
      );
      // A batch of events already seen (HubSpot retrying) carries nothing new.
      if (records.length === 0) return;
      deps.metrics.webhookChanges.inc({ crm: "hubspot" }, records.length);
      // Answered once the records are kept; the inbox drainer syncs them (issue #20, point 2).
      await deps.inbox.enqueue("hubspot", records);
    },
  });
  return async (req, res) => {
    await verify(
      {
        method: req.method,
        originalUrl: req.originalUrl,
        protocol: req.protocol,
        headers: req.headers,
        body: req.body,
      },
      res,
    );
  };
}
