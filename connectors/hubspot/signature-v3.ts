// HubSpot's v3 request signature: the one implementation both sides use — the service verifies
// webhooks and app-card fetches (hubspot.fetch) with it, the sandbox HubSpot signs its webhook
// deliveries and card fetches with it.
//   X-HubSpot-Request-Timestamp = ms epoch,
//   X-HubSpot-Signature-v3 = base64(HMAC-SHA256(client secret, method + uri + body + timestamp)),
// where `uri` is the full URL HubSpot called (query included) with the URL-encoded characters of
// the docs' table decoded. Requests older than 5 minutes are refused.
// https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
import { createHmac, timingSafeEqual } from "node:crypto";

export const MAX_REQUEST_AGE_MS = 5 * 60 * 1_000;
/** Clock skew tolerated for timestamps from the future (as suspect as old ones beyond it). */
const MAX_FUTURE_SKEW_MS = 60_000;

/** The characters HubSpot decodes in the request URI before signing (its doc's table). */
const DECODED: Record<string, string> = {
  "%3A": ":",
  "%2F": "/",
  "%3F": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2A": "*",
  "%2C": ",",
  "%3B": ";",
};

export function decodeSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()] ?? m);
}

/** base64(HMAC-SHA256(secret, method + uri + body + timestamp)). */
export function signatureV3(
  secret: string,
  method: string,
  uri: string,
  body: string,
  timestamp: string | number,
): string {
  return createHmac("sha256", secret)
    .update(`${method.toUpperCase()}${decodeSignedUri(uri)}${body}${timestamp}`, "utf8")
    .digest("base64");
}

/** The two headers HubSpot sends with a signed request, stamped at `now`. */
export function signedHeaders(args: {
  secret: string;
  method: string;
  uri: string;
  body: string;
  now: number;
}): { "X-HubSpot-Request-Timestamp": string; "X-HubSpot-Signature-v3": string } {
  const timestamp = String(args.now);
  return {
    "X-HubSpot-Request-Timestamp": timestamp,
    "X-HubSpot-Signature-v3": signatureV3(args.secret, args.method, args.uri, args.body, timestamp),
  };
}

export type Headers = Record<string, string | string[] | undefined>;

export function headerOf(h: Headers, name: string): string | undefined {
  const key = Object.keys(h).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : h[key];
  return Array.isArray(v) ? v[0] : v;
}

export interface SignedRequest {
  method: string;
  /** The full URI HubSpot called: `https://host/path?query`. */
  uri: string;
  /** The raw body, exactly as received ("" for a GET). */
  body: string | Buffer;
  headers: Headers;
}

export type SignatureRejection = "missing_signature" | "stale" | "bad_signature";

export type SignatureCheck =
  | { ok: true; signature: string }
  | { ok: false; reason: SignatureRejection; message: string };

/** Checks the v3 signature and the 5-minute window; says why a request is refused. */
export function verifySignatureV3(req: SignedRequest, opts: { secret: string; now: number }): SignatureCheck {
  const signature = headerOf(req.headers, "x-hubspot-signature-v3");
  const timestamp = headerOf(req.headers, "x-hubspot-request-timestamp");
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) {
    return {
      ok: false,
      reason: "missing_signature",
      message: "missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp",
    };
  }
  const age = opts.now - Number(timestamp);
  if (age > MAX_REQUEST_AGE_MS || age < -MAX_FUTURE_SKEW_MS) {
    return { ok: false, reason: "stale", message: "request timestamp is outside the 5-minute window" };
  }
  const body = typeof req.body === "string" ? req.body : req.body.toString("utf8");
  const expected = Buffer.from(signatureV3(opts.secret, req.method, req.uri, body, timestamp), "base64");
  const given = Buffer.from(signature, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "bad_signature", message: "signature does not match" };
  }
  return { ok: true, signature };
}

/**
 * The full URI a request was sent to, as HubSpot signed it: the configured public origin (behind
 * a proxy the request's own host and protocol may differ from what HubSpot called) or the
 * request's protocol and Host header, then the path and query as received.
 */
export function signedUriOf(
  req: { originalUrl?: string; url?: string; protocol?: string; headers: Headers },
  publicOrigin?: string,
): string {
  const path = req.originalUrl ?? req.url ?? "/";
  const host = headerOf(req.headers, "host") ?? "localhost";
  const origin = publicOrigin?.replace(/\/+$/, "") ?? `${req.protocol ?? "https"}://${host}`;
  return `${origin}${path}`;
}
