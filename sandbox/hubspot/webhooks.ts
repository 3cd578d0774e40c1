// Webhook delivery (https://developers.hubspot.com/docs/api-reference/webhooks-webhooks-v3/guide):
// events are POSTed as a JSON array (≤ 100 per request) with the v3 signature
// (https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation):
//   X-HubSpot-Request-Timestamp = ms epoch,
//   X-HubSpot-Signature-v3 = base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)),
// where `uri` is the full target URL with the URL-encoded characters of the docs' table decoded
// (%3A : %2F / %3F ? %40 @ %21 ! %24 $ %27 ' %28 ( %29 ) %2A * %2C , %3B ;), plus the legacy
// v1 signature (X-HubSpot-Signature = sha256 hex of secret + body, X-HubSpot-Signature-Version v1).
// Failed deliveries (network error, 429, 5xx) are retried with `attemptNumber` incremented.
import { createHash } from "node:crypto";
import { decodeSignedUri, signatureV3 } from "../../connectors/hubspot/signature-v3.ts";
import { type ObjectTypeName, singular } from "./object-types.ts";
import type { WebhookOptions } from "./options.ts";
import type { PortalEvent, PortalState } from "./portal-state.ts";

// One implementation of the v3 signature, shared with the service's verifier
// (connectors/hubspot/signature-v3.ts); these names stay for receivers' tests.
/** The request URI as it enters the v3 source string. */
export const v3Uri = decodeSignedUri;

export function signV3(args: {
  clientSecret: string;
  method: string;
  uri: string;
  body: string;
  timestamp: number | string;
}): string {
  return signatureV3(args.clientSecret, args.method, args.uri, args.body, args.timestamp);
}

export interface WebhookDelivery {
  attempt: number;
  status: number | "network-error";
  events: number;
  at: number;
}

type Payload = Record<string, unknown> & { attemptNumber: number };

const SUBSCRIPTION_IDS = new Map<string, number>();
function subscriptionId(type: string): number {
  let id = SUBSCRIPTION_IDS.get(type);
  if (id === undefined) {
    id = 100_000 + SUBSCRIPTION_IDS.size;
    SUBSCRIPTION_IDS.set(type, id);
  }
  return id;
}

export class WebhookDispatcher {
  readonly #options: WebhookOptions;
  readonly #state: PortalState;
  readonly #queue: Payload[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly deliveries: WebhookDelivery[] = [];
  #timer: NodeJS.Timeout | undefined;
  #eventId = 1;
  #closed = false;

  constructor(options: WebhookOptions, state: PortalState) {
    this.#options = options;
    this.#state = state;
    state.onChange((e) => this.push(e));
  }

  push(event: PortalEvent): void {
    if (this.#closed) return;
    if (event.source === "backdoor" && !this.#options.fireOnBackdoor) return;
    const payload = this.#payload(event);
    const subs = this.#options.subscriptions;
    if (subs && !subs.includes(String(payload.subscriptionType))) return;
    this.#queue.push(payload);
    if (this.#queue.length >= this.#options.maxBatchSize) this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), this.#options.flushIntervalMs);
      this.#timer.unref();
    }
  }

  #payload(event: PortalEvent): Payload {
    const type = `${singular(event.objectType)}.${event.kind}`;
    const base: Payload = {
      eventId: this.#eventId++,
      subscriptionId: subscriptionId(type),
      portalId: this.#state.portalId,
      appId: this.#options.appId,
      occurredAt: this.#state.now(),
      subscriptionType: type,
      attemptNumber: 0,
      objectId: Number(event.objectId),
      changeSource: event.source === "api" ? "API" : "CRM_UI",
    };
    switch (event.kind) {
      case "creation":
        return { ...base, changeFlag: "NEW" };
      case "deletion":
        return { ...base, changeFlag: "DELETED" };
      case "propertyChange":
        return { ...base, propertyName: event.propertyName, propertyValue: event.propertyValue };
      case "merge":
        return {
          ...base,
          changeFlag: "MERGED",
          primaryObjectId: Number(event.objectId),
          mergedObjectIds: event.mergedObjectIds.map(Number),
          newObjectId: Number(event.objectId),
        };
      case "associationChange":
        return {
          ...base,
          associationType: associationName(event.objectType, event.toObjectType),
          associationTypeId: event.typeId,
          fromObjectId: Number(event.objectId),
          toObjectId: Number(event.toObjectId),
          associationRemoved: event.removed,
          isPrimaryAssociation:
            this.#state.associationTypes.find(event.objectType, event.toObjectType, event.typeId)?.label ===
            "Primary",
        };
    }
  }

  /** Sends what is queued now (in batches of maxBatchSize). */
  flush(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#options.maxBatchSize);
      const p = this.#deliver(batch, 1).finally(() => this.#inFlight.delete(p));
      this.#inFlight.add(p);
    }
  }

  /** Resolves once every queued event was delivered or given up on. */
  async drain(): Promise<void> {
    this.flush();
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  async #deliver(batch: Payload[], attempt: number): Promise<void> {
    for (const e of batch) e.attemptNumber = attempt - 1;
    const body = JSON.stringify(batch);
    // The injected clock (options.now), so a receiver's staleness check can be tested with a
    // fake clock; HubSpot stamps each attempt afresh, so a retry carries a new timestamp.
    const timestamp = this.#state.now();
    const { targetUrl, clientSecret } = this.#options;
    let status: number | "network-error";
    try {
      const res = await fetch(targetUrl, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-HubSpot-Request-Timestamp": String(timestamp),
          "X-HubSpot-Signature-v3": signV3({ clientSecret, method: "POST", uri: targetUrl, body, timestamp }),
          "X-HubSpot-Signature": createHash("sha256")
            .update(clientSecret + body)
            .digest("hex"),
          "X-HubSpot-Signature-Version": "v1",
        },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      status = res.status;
    } catch {
      status = "network-error";
    }
    this.deliveries.push({ attempt, status, events: batch.length, at: timestamp });
    const retry = status === "network-error" || status === 429 || status >= 500;
    if (retry && attempt < this.#options.maxAttempts && !this.#closed) {
      await new Promise((r) => setTimeout(r, this.#options.retryDelayMs * attempt).unref());
      await this.#deliver(batch, attempt + 1);
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
  }
}

function associationName(from: ObjectTypeName, to: ObjectTypeName): string {
  return `${singular(from)}_TO_${singular(to)}`.toUpperCase();
}
