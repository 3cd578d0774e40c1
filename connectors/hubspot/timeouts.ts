// Connect and response timeouts for every HubSpot call (issue #20, point 2). @hubspot/api-client
// calls fetch with no signal, so a portal that accepts connections and never answers held each
// call for undici's 300 s header timeout. With an `httpAgent` the client sends through node:http
// instead, and this agent puts two timers on every request it carries:
//  - connect: a new socket that has not connected within `connectMs` is destroyed;
//  - response: `ClientRequest.setTimeout` — silence for `responseMs` once connected (waiting for
//    the headers or between body chunks) destroys the request.
// Both fail the call with code ETIMEDOUT, which the call policy treats like any network failure:
// retried with its backoff, up to its attempt cap. The plain JSON requests (`raw` in
// hubspot-client.ts) go through this agent too. Both timers are proven against real sockets in
// test/hostile/dead-crm.test.ts (response) and test/hostile/connect-timeout.test.ts (connect).
// https://nodejs.org/api/http.html#requestsettimeouttimeout-callback
import type { ClientRequest } from "node:http";
import http from "node:http";
import https from "node:https";

export interface HttpTimeouts {
  connectMs: number;
  responseMs: number;
}

export class HubSpotTimeoutError extends Error {
  readonly code = "ETIMEDOUT";
  constructor(message: string) {
    super(message);
    this.name = "HubSpotTimeoutError";
  }
}

type AddRequest = (req: ClientRequest, options: unknown) => void;

/** A keep-alive agent (http or https, as the base path says) enforcing `timeouts`. */
export function timeoutAgent(basePath: string, timeouts: HttpTimeouts): http.Agent {
  const agent = basePath.startsWith("https:")
    ? new https.Agent({ keepAlive: true })
    : new http.Agent({ keepAlive: true });
  // addRequest is where the agent receives each request before giving it a socket: the one
  // hook that sees every request, pooled socket or new.
  const original = (agent as unknown as { addRequest: AddRequest }).addRequest.bind(agent);
  (agent as unknown as { addRequest: AddRequest }).addRequest = (req, options) => {
    req.setTimeout(timeouts.responseMs, () => {
      req.destroy(new HubSpotTimeoutError(`HubSpot did not answer within ${timeouts.responseMs} ms`));
    });
    req.once("socket", (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => {
        req.destroy(new HubSpotTimeoutError(`could not connect to HubSpot within ${timeouts.connectMs} ms`));
      }, timeouts.connectMs);
      const clear = () => clearTimeout(timer);
      socket.once("connect", clear);
      socket.once("close", clear);
    });
    original(req, options);
  };
  return agent;
}
