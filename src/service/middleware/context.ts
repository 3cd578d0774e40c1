// Per-request context (id and child logger) kept beside the request instead of on it, so no
// global type augmentation of express is needed.
import type { Request } from "express";
import type { Logger } from "../logger.ts";

export interface RequestContext {
  id: string;
  log: Logger;
}

const contexts = new WeakMap<Request, RequestContext>();

export function setContext(req: Request, context: RequestContext): void {
  contexts.set(req, context);
}

export function context(req: Request): RequestContext {
  const found = contexts.get(req);
  if (!found) throw new Error("request context missing: requestContext middleware must run first");
  return found;
}
