// The webhook inbox (migration 008): records webhooks announced, until a sync handled them.
// Claims are leases (claimed_until), so replicas sharing the table never work on the same row
// at once, and a row whose drainer died is claimed again once its lease ran out.
import type { SqlExecutor } from "../sql.ts";

export interface InboxItem {
  id: number;
  crm: string;
  object: string;
  recordId: string;
  /** Bumped by each new notice: `done` removes the row only if no notice came in meanwhile. */
  version: number;
  attempts: number;
}

export interface WebhookInboxRepo {
  /** Keeps the records (a record already waiting gets a new version); returns how many rows. */
  add(crm: string, records: ReadonlyArray<{ object: string; id: string }>): Promise<number>;
  /** Leases up to `limit` due rows, oldest first, for `leaseMs`. */
  claim(limit: number, leaseMs: number): Promise<InboxItem[]>;
  /** The sync handled them: removed, except rows noticed again since the claim (released). */
  done(items: readonly InboxItem[]): Promise<void>;
  /** The sync failed: released, due again in `retryInMs`, with the reason kept. */
  failed(items: readonly InboxItem[], error: string, retryInMs: number): Promise<void>;
  /** Rows waiting (claimed or not). */
  pending(): Promise<number>;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export function webhookInboxRepo(db: SqlExecutor): WebhookInboxRepo {
  return {
    async add(crm, records) {
      // One statement cannot update the same row twice (ON CONFLICT): de-duplicate first.
      const unique = [...new Map(records.map((r) => [`${r.object}\u0000${r.id}`, r])).values()];
      for (const part of chunks(unique)) {
        const params: unknown[] = [crm];
        const rows = part.map((r) => {
          params.push(r.object, r.id);
          return `($1, $${params.length - 1}, $${params.length})`;
        });
        await db.query(
          `INSERT INTO webhook_inbox (crm, object, record_id) VALUES ${rows.join(", ")}
           ON CONFLICT (crm, object, record_id) DO UPDATE
             SET version = webhook_inbox.version + 1, received_at = now(), not_before = now()`,
          params,
        );
      }
      return unique.length;
    },
    async claim(limit, leaseMs) {
      const r = await db.query<Record<string, unknown>>(
        `UPDATE webhook_inbox SET claimed_until = now() + $2::int * interval '1 millisecond'
          WHERE id IN (SELECT id FROM webhook_inbox
                        WHERE not_before <= now() AND (claimed_until IS NULL OR claimed_until < now())
                        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, crm, object, record_id, version, attempts`,
        [limit, leaseMs],
      );
      return r.rows
        .map((row) => ({
          id: Number(row.id),
          crm: String(row.crm),
          object: String(row.object),
          recordId: String(row.record_id),
          version: Number(row.version),
          attempts: Number(row.attempts),
        }))
        .sort((a, b) => a.id - b.id);
    },
    async done(items) {
      for (const part of chunks(items)) {
        const params: unknown[] = [];
        const pairs = part.map((i) => {
          params.push(i.id, i.version);
          return `($${params.length - 1}::bigint, $${params.length}::int)`;
        });
        await db.query(
          `DELETE FROM webhook_inbox w USING (VALUES ${pairs.join(", ")}) AS d(id, version)
            WHERE w.id = d.id AND w.version = d.version`,
          params,
        );
        // Noticed again while syncing: due now for the newer notice.
        await db.query(
          `UPDATE webhook_inbox SET claimed_until = NULL WHERE id IN (${part.map((_, k) => `$${k + 1}`).join(", ")})`,
          part.map((i) => i.id),
        );
      }
    },
    async failed(items, error, retryInMs) {
      for (const part of chunks(items)) {
        const ids = part.map((i) => i.id);
        await db.query(
          `UPDATE webhook_inbox
              SET claimed_until = NULL, attempts = attempts + 1, last_error = $1,
                  not_before = now() + $2::int * interval '1 millisecond'
            WHERE id IN (${ids.map((_, k) => `$${k + 3}`).join(", ")})`,
          [error.slice(0, 1000), retryInMs, ...ids],
        );
      }
    },
    async pending() {
      const r = await db.query<{ n: unknown }>("SELECT count(*) AS n FROM webhook_inbox");
      return Number(r.rows[0]?.n ?? 0);
    },
  };
}
