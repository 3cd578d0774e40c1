// GET /readyz: the store answers and every CRM accepts our credentials. 503 lists what is not.
// Each check gets a deadline so a hung dependency makes the probe fail, not hang.
import type { RequestHandler } from "express";
import type { Problem } from "../errors.ts";
import { errorBody } from "../errors.ts";
import type { Health } from "../ports.ts";

async function within<T>(ms: number, work: () => Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<T>((resolve) => {
        timer = setTimeout(() => resolve(fallback), ms);
      }),
    ]);
  } catch {
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}

export function readyz(health: Health, timeoutMs = 3_000): RequestHandler {
  return async (_req, res) => {
    const [store, crms] = await Promise.all([
      within(timeoutMs, () => health.store(), false),
      within(timeoutMs, () => health.crms(), null),
    ]);
    const problems: Problem[] = [];
    if (!store) problems.push({ path: "store", message: "the store is not reachable" });
    if (crms === null) problems.push({ path: "crms", message: "CRM status could not be determined" });
    for (const [crm, ok] of Object.entries(crms ?? {})) {
      if (!ok) problems.push({ path: `crms.${crm}`, message: `${crm} is not authenticated` });
    }
    if (problems.length > 0) {
      res.status(503).json(errorBody("NOT_READY", "the service is not ready", problems));
      return;
    }
    res.json({ status: "ready", checks: { store, crms } });
  };
}
