// Sync health for the console:
//   GET /api/usage?days    API calls used against the daily allocation, sampled after each run
//   GET /api/runs/current  the run going on in this process, with its phase and progress
//   GET /api/quarantine/summary  open quarantined records by CRM, class and code
//   GET /api/schedule      when the incremental sync and the nightly reconcile fire next
import type { RequestHandler } from "express";
import { z } from "zod";
import { validated } from "../../middleware/validate.ts";
import type { Admin } from "../../ports.ts";
import { available } from "./available.ts";

const usageQuery = z.strictObject({
  days: z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.int().min(1).max(90))
    .default(7),
});

const port = (admin: Admin) => available(admin.syncHealth, "sync health");

export function usage(admin: Admin) {
  return validated({ query: usageQuery }, async ({ query }, _req, res) => {
    res.json({ days: query.days, series: await port(admin).usage({ days: query.days }) });
  });
}

export const currentRun =
  (admin: Admin): RequestHandler =>
  (_req, res) => {
    res.json({ run: port(admin).live() });
  };

export const quarantineSummary =
  (admin: Admin): RequestHandler =>
  async (_req, res) => {
    res.json({ groups: await port(admin).errors() });
  };

export const schedule =
  (admin: Admin): RequestHandler =>
  (_req, res) => {
    res.json(port(admin).schedule());
  };
