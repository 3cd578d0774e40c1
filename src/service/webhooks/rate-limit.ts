// A fixed-window request limiter per client address (issue #20, point 7). The Salesforce
// endpoint is reachable from the internet and a message carries no signature, so a flood of
// requests (or of guesses at the shared secret) is cut off before the body is read. Windows are
// kept in memory per process: a limiter, not an accounting; replicas each allow the limit.
import type { RequestHandler } from "express";
import { HttpError } from "../errors.ts";

export interface RateLimitOptions {
  /** Requests allowed per client and window; 0 turns the limiter off. */
  limit: number;
  windowMs?: number;
  clock?: () => number;
  /** Distinct clients tracked at once; the oldest windows are dropped first. */
  maxClients?: number;
}

export function rateLimit(what: string, options: RateLimitOptions): RequestHandler {
  const windowMs = options.windowMs ?? 60_000;
  const clock = options.clock ?? Date.now;
  const maxClients = options.maxClients ?? 10_000;
  const windows = new Map<string, { count: number; resetAt: number }>();
  return (req, _res, next) => {
    if (options.limit <= 0) return next();
    const now = clock();
    const client = req.ip ?? "unknown";
    let w = windows.get(client);
    if (!w || w.resetAt <= now) {
      windows.delete(client);
      if (windows.size >= maxClients) {
        // Map keeps insertion order: the first entries are the oldest windows.
        for (const [key, value] of windows) {
          if (windows.size < maxClients && value.resetAt > now) break;
          windows.delete(key);
        }
      }
      w = { count: 0, resetAt: now + windowMs };
      windows.set(client, w);
    }
    w.count++;
    if (w.count > options.limit) {
      const retryAfter = Math.max(1, Math.ceil((w.resetAt - now) / 1000));
      throw new HttpError("TOO_MANY_REQUESTS", `too many ${what} requests from this client; retry later`, {
        headers: { "Retry-After": String(retryAfter) },
      });
    }
    next();
  };
}
