// HubSpot webhook batches: v3 signature check, staleness and replay rejection, and the changed
// object ids per object type for a targeted incremental sync.
// https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
// https://developers.hubspot.com/docs/api/webhooks#webhook-payloads
import { z } from "zod";
import {
  decodeSignedUri,
  headerOf,
  MAX_REQUEST_AGE_MS,
  type SignatureRejection,
  signatureV3,
  signedUriOf,
  verifySignatureV3,
} from "./signature-v3.ts";

// The signature is shared with app-card fetches and the sandbox's signer (signature-v3.ts).
export { decodeSignedUri, signatureV3 };
export const MAX_WEBHOOK_AGE_MS = MAX_REQUEST_AGE_MS;

const eventSchema = z
  .object({
    eventId: z.union([z.number(), z.string()]),
    subscriptionType: z.string(),
    objectId: z.union([z.number(), z.string()]).optional(),
    objectTypeId: z.string().optional(),
    occurredAt: z.number().optional(),
    propertyName: z.string().optional(),
    changeFlag: z.string().optional(),
    primaryObjectId: z.union([z.number(), z.string()]).optional(),
    mergedObjectIds: z.array(z.union([z.number(), z.string()])).optional(),
    newObjectId: z.union([z.number(), z.string()]).optional(),
    fromObjectId: z.union([z.number(), z.string()]).optional(),
    toObjectId: z.union([z.number(), z.string()]).optional(),
    fromObjectTypeId: z.string().optional(),
    toObjectTypeId: z.string().optional(),
    associationType: z.string().optional(),
  })
  .loose();
export type HubSpotWebhookEvent = z.infer<typeof eventSchema>;
const batchSchema = z.array(eventSchema).max(1_000);

/** Changed ids by object type (`deals`, `companies`, …). */
export type WebhookChanges = Record<string, string[]>;

const TYPE_BY_PREFIX: Record<string, string> = {
  deal: "deals",
  company: "companies",
  contact: "contacts",
  ticket: "tickets",
};
const TYPE_BY_ID: Record<string, string> = {
  "0-1": "contacts",
  "0-2": "companies",
  "0-3": "deals",
  "0-5": "tickets",
};

export function changesOf(events: HubSpotWebhookEvent[]): WebhookChanges {
  const out = new Map<string, Set<string>>();
  const add = (type: string | undefined, id: unknown) => {
    if (!type || id === undefined || id === null || id === "") return;
    const s = out.get(type) ?? new Set<string>();
    out.set(type, s);
    s.add(String(id));
  };
  for (const e of events) {
    const prefix = e.subscriptionType.split(".")[0] ?? "";
    const type =
      prefix === "object" ? (TYPE_BY_ID[e.objectTypeId ?? ""] ?? e.objectTypeId) : TYPE_BY_PREFIX[prefix];
    if (e.subscriptionType.endsWith(".associationChange")) {
      add(TYPE_BY_ID[e.fromObjectTypeId ?? ""] ?? type, e.fromObjectId);
      add(TYPE_BY_ID[e.toObjectTypeId ?? ""], e.toObjectId);
      continue;
    }
    add(type, e.objectId);
    // A merge: the survivor changed and the merged ids are gone (the sync layer moves their links).
    add(type, e.primaryObjectId);
    add(type, e.newObjectId);
    for (const id of e.mergedObjectIds ?? []) add(type, id);
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, [...v]]));
}

/** A bounded replay cache: remembers signatures and event ids for the staleness window. */
export class ReplayCache {
  readonly #seen = new Map<string, number>();
  readonly #max: number;
  readonly #ttlMs: number;
  constructor(max = 10_000, ttlMs = MAX_WEBHOOK_AGE_MS) {
    this.#max = max;
    this.#ttlMs = ttlMs;
  }
  /** Forgets a key, so a retry of a batch we failed to hand over is accepted. */
  forget(key: string): void {
    this.#seen.delete(key);
  }

  /** Records the key; returns false when it was already seen and not expired. */
  remember(key: string, now: number): boolean {
    for (const [k, exp] of this.#seen) {
      if (exp > now && this.#seen.size < this.#max) break;
      this.#seen.delete(k); // Map keeps insertion order: the oldest come first.
    }
    const exp = this.#seen.get(key);
    if (exp !== undefined && exp > now) return false;
    this.#seen.set(key, now + this.#ttlMs);
    return true;
  }
}

export interface WebhookRequest {
  method: string;
  /** The full URI HubSpot called: `https://host/path?query`. */
  uri: string;
  /** The raw body, exactly as received. */
  body: string | Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export type WebhookRejection = SignatureRejection | "replayed" | "bad_body";

export type WebhookVerification =
  | { ok: true; events: HubSpotWebhookEvent[]; changes: WebhookChanges }
  | { ok: false; reason: WebhookRejection; message: string };

export interface VerifyOptions {
  secret: string;
  now: number;
  replay: ReplayCache;
}

export function verifyHubSpotWebhook(req: WebhookRequest, opts: VerifyOptions): WebhookVerification {
  const signed = verifySignatureV3(req, opts);
  if (!signed.ok) return signed;
  const body = typeof req.body === "string" ? req.body : req.body.toString("utf8");
  let events: HubSpotWebhookEvent[];
  try {
    const parsed = batchSchema.safeParse(JSON.parse(body));
    if (!parsed.success)
      return { ok: false, reason: "bad_body", message: "body is not a HubSpot event batch" };
    events = parsed.data;
  } catch {
    return { ok: false, reason: "bad_body", message: "body is not JSON" };
  }
  if (!opts.replay.remember(`sig:${signed.signature}`, opts.now)) {
    return { ok: false, reason: "replayed", message: "this request was already received" };
  }
  // HubSpot retries with a new timestamp (new signature) but the same event ids.
  const fresh = events.filter((e) => opts.replay.remember(`evt:${e.eventId}`, opts.now));
  return { ok: true, events: fresh, changes: changesOf(fresh) };
}

/** The minimal request/response surface the handler needs (express-compatible). */
export interface HandlerRequest {
  method: string;
  originalUrl?: string;
  url?: string;
  protocol?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  get?(name: string): string | undefined;
}
export interface HandlerResponse {
  status(code: number): HandlerResponse;
  json(body: unknown): unknown;
  end(): unknown;
}

/**
 * Signatures and event ids kept beyond this process (the service's store), so a replay is
 * refused after a restart or on another replica. `claim` returns the keys not seen before.
 */
export interface DurableReplay {
  claim(keys: readonly string[], nowMs: number, ttlMs: number): Promise<Set<string>>;
  forget(keys: readonly string[]): Promise<void>;
}

export interface WebhookHandlerOptions {
  secret: string;
  onChanges: (changes: WebhookChanges, events: HubSpotWebhookEvent[]) => void | Promise<void>;
  clock?: () => number;
  /** The public origin HubSpot calls (e.g. `https://incentives.example.com`); behind a proxy the
   *  request's own host/protocol may differ from what HubSpot signed. */
  publicOrigin?: string;
  replay?: ReplayCache;
  /** Checked after the in-memory cache: what this process cannot remember across a restart. */
  durable?: DurableReplay;
}

/**
 * Express handler factory. Mount it with a raw body parser so the signature is checked over the
 * exact bytes: `app.post(path, express.raw({ type: "application/json" }), hubspotWebhookHandler(…))`.
 */
export function hubspotWebhookHandler(opts: WebhookHandlerOptions) {
  const replay = opts.replay ?? new ReplayCache();
  const clock = opts.clock ?? Date.now;
  return async (req: HandlerRequest, res: HandlerResponse): Promise<void> => {
    const raw = Buffer.isBuffer(req.body) ? req.body : typeof req.body === "string" ? req.body : undefined;
    if (raw === undefined) {
      res
        .status(400)
        .json({ error: { code: "WEBHOOK_RAW_BODY_REQUIRED", message: "mount with express.raw()" } });
      return;
    }
    const now = clock();
    const v = verifyHubSpotWebhook(
      { method: req.method, uri: signedUriOf(req, opts.publicOrigin), body: raw, headers: req.headers },
      { secret: opts.secret, now, replay },
    );
    const reject = (reason: WebhookRejection, message: string) => {
      // Forged, stale and replayed requests are all unauthenticated (401, nothing synced); the
      // body's code tells them apart (WEBHOOK_REPLAYED for a replay).
      const status = reason === "bad_body" ? 400 : 401;
      res.status(status).json({ error: { code: `WEBHOOK_${reason.toUpperCase()}`, message } });
    };
    if (!v.ok) {
      reject(v.reason, v.message);
      return;
    }
    let { events, changes } = v;
    const durableKeys: string[] = [];
    if (opts.durable) {
      // The in-memory cache passed it; the store knows what an earlier process saw.
      const sigKey = `sig:${headerOf(req.headers, "x-hubspot-signature-v3")}`;
      const keys = [sigKey, ...events.map((e) => `evt:${e.eventId}`)];
      const fresh = await opts.durable.claim(keys, now, MAX_WEBHOOK_AGE_MS);
      if (!fresh.has(sigKey)) {
        reject("replayed", "this request was already received");
        return;
      }
      events = events.filter((e) => fresh.has(`evt:${e.eventId}`));
      changes = changesOf(events);
      durableKeys.push(...events.map((e) => `evt:${e.eventId}`));
    }
    try {
      await opts.onChanges(changes, events);
    } catch {
      // Not handed over: let HubSpot's retry (new timestamp and signature, same event ids) in.
      for (const e of v.events) replay.forget(`evt:${e.eventId}`);
      await opts.durable?.forget(durableKeys).catch(() => undefined);
      res
        .status(500)
        .json({ error: { code: "WEBHOOK_HANDOFF_FAILED", message: "changes could not be queued" } });
      return;
    }
    res.status(204).end();
  };
}
