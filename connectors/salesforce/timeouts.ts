// Connect and response timeouts for every HTTP call jsforce makes (REST, Bulk 2.0, OAuth token
// requests): issue #20, point 2. Left alone, undici waits 300 s for response headers, so a
// Salesforce that accepts connections and never answers hung each call for five minutes.
// jsforce sends everything through one module-level undici dispatcher (lib/request.js,
// `setDispatcher`); we give it an Agent with our timeouts. That dispatcher is per process: the
// last connector created sets it (every connector of one process is built from one config).
// A timed-out call fails with undici's UND_ERR_*_TIMEOUT code, which errors.ts classifies as
// retryable, so it is retried with the connector's backoff and attempt cap like a 503.
// https://undici.nodejs.org/#/docs/api/Agent  https://undici.nodejs.org/#/docs/api/Client (timeouts)
import { createRequire } from "node:module";

export interface HttpTimeouts {
  /** TCP + TLS handshake. */
  connectMs: number;
  /** Response headers after the request was sent, and any silence while the body streams. */
  responseMs: number;
}

interface UndiciAgentCtor {
  new (options: {
    connect: { timeout: number; allowH2: boolean };
    headersTimeout: number;
    bodyTimeout: number;
  }): unknown;
}

// The undici jsforce itself resolves (not whichever copy a future dependency brings), so the
// Agent is one its fetch accepts.
const requireFromJsforce = createRequire(createRequire(import.meta.url).resolve("jsforce"));
const { Agent } = requireFromJsforce("undici") as { Agent: UndiciAgentCtor };
const { setDispatcher } = requireFromJsforce("./lib/request") as { setDispatcher(dispatcher: unknown): void };

let applied: string | null = null;

/** Points jsforce's HTTP at an agent with these timeouts (once per distinct setting). */
export function applyJsforceTimeouts(timeouts: HttpTimeouts): void {
  const key = `${timeouts.connectMs}/${timeouts.responseMs}`;
  if (applied === key) return;
  applied = key;
  // allowH2 false as jsforce's own default agent: Salesforce's HTTP/2 is not what jsforce expects.
  setDispatcher(
    new Agent({
      connect: { timeout: timeouts.connectMs, allowH2: false },
      headersTimeout: timeouts.responseMs,
      bodyTimeout: timeouts.responseMs,
    }),
  );
}
