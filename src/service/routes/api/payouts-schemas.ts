// Shared by the payout routes (issue #16): who acts (the admin token names nobody, so every
// change carries an `actor`), and the refusal answer.
import type { Response } from "express";
import { z } from "zod";
import { HttpError } from "../../errors.ts";
import type { JsonObject, Refused } from "../../ports.ts";

export const actor = z.string().trim().min(1).max(200);
export const reason = z.string().trim().min(1).max(1000);

/** A refused request is 409 CONFLICT with the reason; otherwise the result is sent as is. */
export function sendOrRefuse(res: Response, result: JsonObject | Refused, status = 200): void {
  if ("refused" in result) {
    const r = (result as Refused).refused;
    throw new HttpError(r.code === "invalid" ? "VALIDATION_FAILED" : "CONFLICT", r.message);
  }
  res.status(status).json(result);
}
