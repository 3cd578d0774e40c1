// Console sessions. Only the SHA-256 digest of a session id is stored, so a copy of the table (a
// backup, a replica) cannot be used to sign in.
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp } from "../sql.ts";

export interface AdminSession {
  userName: string;
  createdAt: string;
  expiresAt: string;
}

export interface AdminSessionsRepo {
  create(session: { idHash: string; userName: string; expiresAt: Date }): Promise<void>;
  /** The session when it exists, is not revoked and has not expired (database clock). */
  active(idHash: string): Promise<AdminSession | null>;
  revoke(idHash: string): Promise<boolean>;
  /** Deletes sessions that expired more than a day ago; returns how many. */
  prune(): Promise<number>;
}

export function adminSessionsRepo(db: SqlExecutor): AdminSessionsRepo {
  return {
    async create(s) {
      await db.query("INSERT INTO admin_sessions (id_hash, user_name, expires_at) VALUES ($1, $2, $3)", [
        s.idHash,
        s.userName,
        s.expiresAt.toISOString(),
      ]);
    },
    async active(idHash) {
      const r = await db.query<Record<string, unknown>>(
        `SELECT user_name, created_at, expires_at FROM admin_sessions
          WHERE id_hash = $1 AND revoked_at IS NULL AND expires_at > now()`,
        [idHash],
      );
      const row = r.rows[0];
      if (!row) return null;
      return {
        userName: String(row.user_name),
        createdAt: isoTimestamp(row.created_at),
        expiresAt: isoTimestamp(row.expires_at),
      };
    },
    async revoke(idHash) {
      const r = await db.query(
        "UPDATE admin_sessions SET revoked_at = now() WHERE id_hash = $1 AND revoked_at IS NULL",
        [idHash],
      );
      return r.rowCount > 0;
    },
    async prune() {
      const r = await db.query("DELETE FROM admin_sessions WHERE expires_at < now() - interval '1 day'");
      return r.rowCount;
    },
  };
}
