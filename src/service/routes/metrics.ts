// GET /metrics: Prometheus text exposition of the service's registry.
import type { RequestHandler } from "express";
import type { Metrics } from "../metrics.ts";

export function metricsRoute(metrics: Metrics): RequestHandler {
  return async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.type(metrics.registry.contentType).send(body);
  };
}
