// Body parsers with explicit size limits. JSON for the admin API; raw bytes or text for webhooks,
// whose signatures are computed over the exact bytes received. Oversized bodies fail with
// body-parser's 413 error, which the error handler turns into PAYLOAD_TOO_LARGE.

import type { RequestHandler } from "express";
import express from "express";

export function jsonBody(limit: string): RequestHandler {
  // strict: only objects and arrays at the top level, as every admin endpoint expects an object.
  return express.json({ limit, strict: true, type: ["application/json", "application/*+json"] });
}

/** Salesforce sends `text/xml; charset=utf-8`; accept any XML media type as text. */
export function xmlBody(limit: string): RequestHandler {
  return express.text({ limit, type: ["text/xml", "application/xml", "application/soap+xml", "*/xml"] });
}

/** Exact bytes for signature checks (HubSpot v3 signs method + URI + body + timestamp). */
export function rawBody(limit: string): RequestHandler {
  return express.raw({ limit, type: () => true });
}
