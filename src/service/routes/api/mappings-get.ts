// GET /api/mappings: the mapping in force, and (when kept) each CRM's YAML text with its comments.
import type { RequestHandler } from "express";
import type { MappingsAdmin } from "../../ports.ts";

export function getMappings(mappings: MappingsAdmin): RequestHandler {
  return async (_req, res) => {
    res.json({ mapping: await mappings.get(), ...(mappings.texts ? { texts: await mappings.texts() } : {}) });
  };
}
