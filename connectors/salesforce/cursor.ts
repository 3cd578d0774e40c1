// The saved read cursor: the (SystemModstamp, Id) of the last record applied. Resuming reads
// strictly after that pair, in (SystemModstamp, Id) order, so records that share a timestamp
// across a page boundary are neither missed nor applied twice.
import { z } from "zod";
import type { SyncCursor } from "../types.ts";
import { SalesforceConnectorError } from "./errors.ts";

export const salesforceCursorSchema = z.object({
  v: z.literal(1),
  since: z.iso.datetime({ offset: true }),
  lastId: z
    .string()
    .regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/)
    .nullable(),
});

export type SalesforceCursor = z.infer<typeof salesforceCursorSchema>;

export function parseCursor(cursor: SyncCursor | null): SalesforceCursor | null {
  if (cursor === null) return null;
  const parsed = salesforceCursorSchema.safeParse(cursor);
  if (!parsed.success) {
    throw new SalesforceConnectorError(
      "INVALID_CURSOR",
      `Salesforce read cursor rejected: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

export function makeCursor(since: string, lastId: string | null): SalesforceCursor {
  return { v: 1, since, lastId };
}
