// GET /api/programs: every published program version with its effective date.
import type { RequestHandler } from "express";
import type { ProgramsAdmin } from "../../ports.ts";

export function getPrograms(programs: ProgramsAdmin): RequestHandler {
  return async (_req, res) => {
    res.json({ versions: await programs.list() });
  };
}
