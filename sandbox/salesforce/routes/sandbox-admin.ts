// Sandbox-only admin endpoints (not part of the Salesforce API, never counted as API calls):
// call accounting, fault injection, token expiry, API usage, seeding.
import express, { type Request, type Response } from "express";
import { z } from "zod";
import { demoSeedShape } from "../../seed-options.ts";
import { faultConfigSchema } from "../options.ts";
import type { Runtime } from "../runtime.ts";
import { seedOrg } from "../seed.ts";

const usageSchema = z.strictObject({ used: z.number().int().min(0) });
const seedSchema = z.strictObject(demoSeedShape);

function invalid(res: Response, error: z.ZodError): void {
  res
    .status(400)
    .json({ error: { code: "INVALID_INPUT", message: "invalid request body", errors: error.issues } });
}

/** What fault injection has done since start, under the names the fault options use. */
function injected(rt: Runtime): { http429: number; http503: number; lockRow: number } {
  const { byStatus, records } = rt.faults.injected;
  return { http429: byStatus.get(429) ?? 0, http503: byStatus.get(503) ?? 0, lockRow: records };
}

export function sandboxAdmin(rt: Runtime): express.Router {
  const router = express.Router();
  router.get("/calls", (_req: Request, res: Response) => {
    res.json(rt.calls.snapshot());
  });
  router.post("/calls/reset", (_req, res) => {
    rt.calls.reset();
    res.json(rt.calls.snapshot());
  });
  router.get("/faults", (_req, res) => {
    res.json({ config: rt.faults.config, injected: injected(rt) });
  });
  router.post("/faults", (req, res) => {
    const parsed = faultConfigSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    res.json({ config: rt.faults.configure(parsed.data), injected: injected(rt) });
  });
  router.post("/tokens/expire", (_req, res) => {
    rt.tokens.expireAll();
    res.status(204).end();
  });
  router.get("/usage", (_req, res) => {
    res.json({ used: rt.usage.used, max: rt.opts.dailyApiLimit });
  });
  router.post("/usage", (req, res) => {
    const parsed = usageSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    rt.usage.used = parsed.data.used;
    res.json({ used: rt.usage.used, max: rt.opts.dailyApiLimit });
  });
  router.post("/seed", (req, res) => {
    const parsed = seedSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const result = seedOrg(rt.org, rt.users.admin, {
      partners: parsed.data.partners,
      deals: parsed.data.deals,
      ...(parsed.data.seed === undefined ? {} : { seed: parsed.data.seed }),
      ...(parsed.data.customers === undefined ? {} : { customers: parsed.data.customers }),
      ...(parsed.data.from === undefined ? {} : { from: parsed.data.from }),
      ...(parsed.data.quarters === undefined ? {} : { quarters: parsed.data.quarters }),
    });
    res.json({ accounts: result.accounts, opportunities: result.opportunities });
  });
  router.get("/info", (_req, res) => {
    res.json({
      url: rt.url(),
      orgId: rt.org.orgId,
      users: rt.users,
      accessToken: rt.opts.accessToken,
      clientId: rt.opts.clientId,
      apiVersion: rt.opts.apiVersion,
    });
  });
  return router;
}
