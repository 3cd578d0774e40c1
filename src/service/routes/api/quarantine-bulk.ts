// POST /api/quarantine/retry { ids } and POST /api/quarantine/dismiss { ids, reason? }: the same as
// the per-record routes for up to 500 records at once; answers which were done and which were not
// open (so a stale selection is reported, not silently ignored).
import { z } from "zod";
import { context } from "../../middleware/context.ts";
import { validated } from "../../middleware/validate.ts";
import type { QuarantineAdmin } from "../../ports.ts";
import { idParam } from "./schemas.ts";

const ids = z.array(idParam).min(1).max(500);

export function retryMany(quarantine: QuarantineAdmin) {
  return validated({ body: z.strictObject({ ids }) }, async ({ body }, req, res) => {
    const done: string[] = [];
    const notOpen: string[] = [];
    for (const id of new Set(body.ids)) ((await quarantine.retry(id)) ? done : notOpen).push(id);
    context(req).log.info({ count: done.length }, "quarantined records queued for retry");
    res.status(202).json({ retried: done, notOpen });
  });
}

export function dismissMany(quarantine: QuarantineAdmin) {
  const body = z.strictObject({ ids, reason: z.string().min(1).max(1000).optional() });
  return validated({ body }, async ({ body }, req, res) => {
    const done: string[] = [];
    const notOpen: string[] = [];
    for (const id of new Set(body.ids)) {
      ((await quarantine.dismiss(id, body.reason ?? null)) ? done : notOpen).push(id);
    }
    context(req).log.info({ count: done.length }, "quarantined records dismissed");
    res.json({ dismissed: done, notOpen });
  });
}
