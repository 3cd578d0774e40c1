// Webhook request signatures and event ids seen within their validity window (migration 008),
// so a captured request replayed after a restart, or to another replica, is still refused.
// Keys are stored as SHA-256 digests: an event id is whatever the sender wrote, of any length.
import { createHash } from "node:crypto";
import type { SqlExecutor } from "../sql.ts";

export interface WebhookReplayRepo {
  /**
   * Records each key until `nowMs + ttlMs`; returns the keys not seen before (or seen only in
   * an expired window). Atomic per key across processes: of two replicas recording the same
   * key at once, one gets it back.
   */
  claim(keys: readonly string[], nowMs: number, ttlMs: number): Promise<Set<string>>;
  /** Forgets keys (a batch that could not be kept may be delivered again). */
  forget(keys: readonly string[]): Promise<void>;
}

const digest = (key: string) => createHash("sha256").update(key, "utf8").digest("hex");

export function webhookReplayRepo(db: SqlExecutor): WebhookReplayRepo {
  return {
    async claim(keys, nowMs, ttlMs) {
      const fresh = new Set<string>();
      if (keys.length === 0) return fresh;
      const byDigest = new Map(keys.map((k) => [digest(k), k]));
      const now = new Date(nowMs).toISOString();
      await db.query("DELETE FROM webhook_replay WHERE expires_at <= $1::timestamptz", [now]);
      const params: unknown[] = [new Date(nowMs + ttlMs).toISOString()];
      const rows = [...byDigest.keys()].map((d) => {
        params.push(d);
        return `($${params.length}, $1::timestamptz)`;
      });
      const r = await db.query<{ key: string }>(
        `INSERT INTO webhook_replay (key, expires_at) VALUES ${rows.join(", ")}
         ON CONFLICT (key) DO NOTHING RETURNING key`,
        params,
      );
      for (const row of r.rows) {
        const key = byDigest.get(row.key);
        if (key !== undefined) fresh.add(key);
      }
      return fresh;
    },
    async forget(keys) {
      if (keys.length === 0) return;
      const digests = keys.map(digest);
      await db.query(
        `DELETE FROM webhook_replay WHERE key IN (${digests.map((_, k) => `$${k + 1}`).join(", ")})`,
        digests,
      );
    },
  };
}
