// Sandbox-only endpoints (not part of HubSpot's API): call accounting, runtime fault
// injection, seeding, webhook delivery log. Never counted, never rate-limited, no auth.
import express, { type Express } from "express";
import { z } from "zod";
import { demoSeedShape } from "../../seed-options.ts";
import { sendJson } from "../errors.ts";
import { faultConfigSchema } from "../options.ts";
import type { PortalHandle } from "../portal-handle.ts";
import { type EmulatorContext, parseBody } from "./context.ts";
import { renderError } from "./pipeline.ts";

const seedSchema = z.object(demoSeedShape);

export function registerSandboxRoutes(app: Express, ctx: EmulatorContext, portal: PortalHandle): void {
  const router = express.Router();
  router.use(express.json({ limit: "10mb" }));
  const wrap =
    (fn: (req: express.Request, res: express.Response) => void | Promise<void>) =>
    async (req: express.Request, res: express.Response) => {
      try {
        await fn(req, res);
      } catch (error) {
        renderError(res, error);
      }
    };
  router.get(
    "/health",
    wrap((_req, res) => sendJson(res, 200, { status: "ok", portalId: ctx.state.portalId })),
  );
  router.get(
    "/calls",
    wrap((_req, res) => sendJson(res, 200, portal.calls())),
  );
  router.post(
    "/calls/reset",
    wrap((_req, res) => {
      portal.resetCalls();
      sendJson(res, 200, portal.calls());
    }),
  );
  router.get(
    "/faults",
    wrap((_req, res) => sendJson(res, 200, ctx.faults.config)),
  );
  router.post(
    "/faults",
    wrap((req, res) => {
      const config = parseBody(faultConfigSchema, { ...ctx.faults.config, next: [], ...(req.body ?? {}) });
      ctx.faults.configure(config);
      sendJson(res, 200, ctx.faults.config);
    }),
  );
  router.post(
    "/rate-limits/reset",
    wrap((_req, res) => {
      portal.resetRateLimits();
      sendJson(res, 200, { status: "ok" });
    }),
  );
  router.post(
    "/seed",
    wrap((req, res) => {
      const summary = portal.seed(parseBody(seedSchema, req.body));
      sendJson(res, 200, {
        partners: summary.partners,
        customers: summary.customers,
        deals: summary.deals,
        ms: summary.ms,
      });
    }),
  );
  router.get(
    "/webhooks",
    wrap((_req, res) => sendJson(res, 200, { deliveries: portal.webhookDeliveries() })),
  );
  router.post(
    "/webhooks/flush",
    wrap(async (_req, res) => {
      await portal.drainWebhooks();
      sendJson(res, 200, { deliveries: portal.webhookDeliveries().length });
    }),
  );
  router.get(
    "/counts",
    wrap((_req, res) =>
      sendJson(res, 200, {
        deals: portal.count("deals"),
        companies: portal.count("companies"),
        contacts: portal.count("contacts"),
      }),
    ),
  );
  app.use("/__sandbox", router);
}
