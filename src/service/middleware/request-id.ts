// Request ids and access logs. An incoming X-Request-Id is kept when it looks like an id (so a
// proxy's id follows the request through our logs), otherwise one is generated; either way it is
// echoed back and bound into a pino child logger, so every log line of the request carries it.
import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import type { Logger } from "../logger.ts";
import { redactHeaders } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import { setContext } from "./context.ts";

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    const id = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ reqId: id });
    setContext(req, { id, log });
    res.setHeader("X-Request-Id", id);
    const started = process.hrtime.bigint();
    // The query string is left out of logs: it is where careless clients put tokens.
    log.debug(
      { req: { method: req.method, path: req.path, headers: redactHeaders(req.headers) } },
      "request",
    );
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The matched route template, never the raw path (ids would explode label cardinality).
      const route = typeof req.route?.path === "string" ? `${req.baseUrl}${req.route.path}` : "unmatched";
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      // 503 is an expected state (not ready, redeliver later), not a fault of ours.
      const level = res.statusCode === 503 ? "warn" : res.statusCode >= 500 ? "error" : "info";
      log[level](
        { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) },
        "request done",
      );
    });
    next();
  };
}
