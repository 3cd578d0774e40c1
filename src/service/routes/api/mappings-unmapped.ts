// GET /api/mappings/unmapped-values: picklist values quarantined records brought in that no value
// map knows, grouped by CRM field and value, with the canonical values each can be mapped to.
import type { RequestHandler } from "express";
import type { MappingsAdmin } from "../../ports.ts";
import { available } from "./available.ts";

export function unmappedValues(mappings: MappingsAdmin): RequestHandler {
  return async (_req, res) => {
    res.json({ items: await available(mappings.unmappedValues, "unmapped values")() });
  };
}
