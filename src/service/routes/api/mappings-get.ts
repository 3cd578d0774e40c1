// GET /api/mappings: the mapping in force.
import type { RequestHandler } from "express";
import type { MappingsAdmin } from "../../ports.ts";

export function getMappings(mappings: MappingsAdmin): RequestHandler {
  return async (_req, res) => {
    res.json({ mapping: await mappings.get() });
  };
}
