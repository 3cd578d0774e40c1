// The webhook inbox without a store: the records are synced before the webhook is answered, and
// a failed sync rejects (the CRM redelivers). What the service did before it kept an inbox in
// the store; tests of the HTTP shell still use it, the service uses the store's (inbox-drainer.ts).
import { HttpError } from "../errors.ts";
import type { Jobs, WebhookInbox } from "../ports.ts";

export function directInbox(jobs: Jobs): WebhookInbox {
  return {
    async enqueue(crm, records) {
      if (records.length === 0) return;
      const summary = await jobs.sync({ crm, records, trigger: "webhook" });
      if (summary.outcome === "failed" || summary.outcome === "unavailable") {
        throw new HttpError(
          "NOT_READY",
          `the change could not be synced (${summary.outcome}); redeliver later`,
        );
      }
    },
  };
}
