// Parses a request's params, query and body with strict zod schemas before the handler runs, and
// hands the handler typed input. Any mismatch is a 400 VALIDATION_FAILED listing every problem.
import type { Request, RequestHandler, Response } from "express";
import type { z } from "zod";
import type { Problem } from "../errors.ts";
import { HttpError } from "../errors.ts";

interface Schemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

type Parsed<S extends Schemas> = {
  [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

function problems(where: string, error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
}

export function validated<S extends Schemas>(
  schemas: S,
  handler: (input: Parsed<S>, req: Request, res: Response) => Promise<void> | void,
): RequestHandler {
  return async (req, res) => {
    const found: Problem[] = [];
    const input: Record<string, unknown> = {};
    for (const where of ["params", "query", "body"] as const) {
      const schema = schemas[where];
      if (!schema) continue;
      // A request without a JSON body (wrong or missing Content-Type) is parsed as `{}`-less
      // undefined, so the schema reports what is missing rather than crashing.
      const parsed = schema.safeParse(req[where]);
      if (parsed.success) input[where] = parsed.data;
      else found.push(...problems(where, parsed.error));
    }
    if (found.length > 0)
      throw new HttpError("VALIDATION_FAILED", "the request is invalid", { problems: found });
    await handler(input as Parsed<S>, req, res);
  };
}
