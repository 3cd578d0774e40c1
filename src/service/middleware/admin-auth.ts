// Bearer-token auth for the admin API. No token configured means the admin API is off, not
// open: every /api route answers 404 ADMIN_API_DISABLED. Tokens are compared in constant time
// over their SHA-256 digests, so neither content nor length leaks through timing.
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { HttpError } from "../errors.ts";

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

export function adminAuth(adminToken: string | null): RequestHandler {
  const expected = adminToken === null ? null : digest(adminToken);
  return (req, _res, next) => {
    if (expected === null) {
      throw new HttpError("ADMIN_API_DISABLED", "the admin API is disabled: set ADMIN_TOKEN to enable it");
    }
    const header = req.get("authorization") ?? "";
    const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
    if (!match?.[1]) {
      throw new HttpError("UNAUTHORIZED", "a bearer token is required", {
        headers: { "WWW-Authenticate": 'Bearer realm="incentives-admin"' },
      });
    }
    if (!timingSafeEqual(digest(match[1]), expected)) {
      throw new HttpError("UNAUTHORIZED", "the bearer token is not valid", {
        headers: { "WWW-Authenticate": 'Bearer realm="incentives-admin", error="invalid_token"' },
      });
    }
    next();
  };
}
