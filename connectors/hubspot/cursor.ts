// The HubSpot sync cursor: opaque to the sync layer, validated here when read back.
// A run covers hs_lastmodifieddate in [since, until] (epoch ms, inclusive); `until` is fixed
// when the run starts, so a resumed run finishes the same range; the next run starts at until+1.
import { z } from "zod";
import type { SyncCursor } from "../types.ts";
import { HubSpotError } from "./errors.ts";

const ms = z.number().int().min(0);

export const hubSpotCursorSchema = z.object({
  v: z.literal(1),
  crm: z.literal("hubspot"),
  object: z.string(),
  mode: z.enum(["incremental", "full"]),
  phase: z.enum(["changes", "list", "deleted", "done"]),
  since: ms,
  until: ms,
  /** Current search window while phase = changes (null = start at `since`). */
  window: z.object({ lo: ms, hi: ms }).nullable(),
  /** Ids already emitted at `window.lo` (keyset paging inside a window; fewer than a page). */
  seen: z.array(z.string()).max(1_000),
  /** Set while walking more than 10,000 records that share one timestamp, by hs_object_id. */
  idWalk: z.object({ ts: ms, lastId: z.string().regex(/^\d+$/) }).nullable(),
  /** List paging (full reads, archived listing). */
  listAfter: z.string().nullable(),
});
export type HubSpotCursor = z.infer<typeof hubSpotCursorSchema>;

export function parseCursor(cursor: SyncCursor | null, object: string): HubSpotCursor | null {
  if (cursor === null) return null;
  const parsed = hubSpotCursorSchema.safeParse(cursor);
  if (!parsed.success) {
    throw new HubSpotError(
      "HUBSPOT_CURSOR_INVALID",
      `saved HubSpot cursor is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  if (parsed.data.object !== object) {
    throw new HubSpotError(
      "HUBSPOT_CURSOR_INVALID",
      `saved cursor is for ${parsed.data.object}, not ${object}`,
    );
  }
  return parsed.data;
}

export const toSyncCursor = (c: HubSpotCursor): SyncCursor => ({ ...c });
