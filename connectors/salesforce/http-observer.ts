// Sees every REST response jsforce receives, without forking jsforce: the connection's transport
// is wrapped once. This is where API calls are counted, `Sforce-Limit-Info` is read (jsforce
// also parses it into conn.limitInfo, but only for conn.request, not Bulk 2.0), and where the
// write path gets the HTTP status and `Retry-After` that jsforce's HttpApiError drops. Numbers a
// double cannot hold are made exact here, before jsforce parses the body (exact-json.ts).
// AsyncLocalStorage attributes a response to the logical call that caused it.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Connection } from "jsforce";
import { exactJsonBody } from "./exact-json.ts";

export interface ResponseInfo {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
}

export interface CallScope {
  kind: "read" | "write";
  responses: ResponseInfo[];
  /**
   * The caller retries 429/5xx itself (honouring Retry-After, with its own sleep and counting
   * every attempt), so jsforce's built-in status retries for GET/PUT/DELETE are turned off.
   * jsforce still retries its network-error cases.
   */
  ownRetries?: boolean;
}

const scopes = new AsyncLocalStorage<CallScope>();

/** Runs `fn` and collects the responses it caused (in order). */
export async function inCallScope<T>(
  kind: CallScope["kind"],
  fn: () => Promise<T>,
  options: { ownRetries?: boolean } = {},
): Promise<{ scope: CallScope; result: T }> {
  const scope: CallScope = { kind, responses: [], ...(options.ownRetries ? { ownRetries: true } : {}) };
  const result = await scopes.run(scope, fn);
  return { scope, result };
}

/** The responses collected so far by the current call scope (for error paths). */
export function currentScope(): CallScope | undefined {
  return scopes.getStore();
}

export function observeConnection(
  conn: Connection,
  onResponse: (info: ResponseInfo, scope: CallScope | undefined) => void,
): void {
  const transport = conn._transport;
  const original = transport.httpRequest.bind(transport);
  transport.httpRequest = (req, options) => {
    const scope = scopes.getStore();
    // jsforce's own GET retry sleeps 0.5-8 s per attempt, ignores Retry-After and hides the
    // attempts from this observer; see CallScope.ownRetries.
    const pending = original(
      req,
      scope?.ownRetries ? { ...options, retry: { ...options?.retry, statusCodes: [] } } : options,
    );
    // jsforce awaits this promise and then parses `res.body`: the body is made exact first.
    const observed = pending.then((res) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers ?? {})) headers[k.toLowerCase()] = String(v);
      const info = { method: req.method, url: req.url, status: res.statusCode, headers };
      scope?.responses.push(info);
      onResponse(info, scope);
      if (typeof res.body === "string" && /^application\/json/i.test(headers["content-type"] ?? "")) {
        res.body = exactJsonBody(res.body);
      }
      return res;
    });
    // Still a StreamPromise: jsforce pipes `stream()` for streamed responses.
    return Object.assign(observed, { stream: () => pending.stream() }) as unknown as typeof pending;
  };
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from `nowMs`. */
export function retryAfterMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const value = headers["retry-after"];
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function parseLimitInfo(headers: Record<string, string>): { used: number; limit: number } | undefined {
  const match = /api-usage=(\d+)\/(\d+)/.exec(headers["sforce-limit-info"] ?? "");
  if (!match) return undefined;
  return { used: Number(match[1]), limit: Number(match[2]) };
}
