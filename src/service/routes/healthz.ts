// GET /healthz: the process is up and serving HTTP. Checks nothing else on purpose, so an
// orchestrator never restarts a healthy process because a CRM is down (that is /readyz's job).
import type { RequestHandler } from "express";

export const healthz: RequestHandler = (_req, res) => {
  res.json({ status: "ok" });
};
