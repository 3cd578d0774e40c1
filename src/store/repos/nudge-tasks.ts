// The CRM tasks created for near-tier nudges and tier changes (issue #16, migration 009): the
// record that makes task creation idempotent. One row per CRM, partner, period, kind and tier.
import type { SqlExecutor } from "../sql.ts";
import { isoTimestamp, isoTimestampOrNull } from "../sql.ts";

export type NudgeTaskStatus = "creating" | "open" | "completed" | "failed";
export type NudgeTaskKind = "near_tier" | "promotion" | "demotion";

export interface NudgeTaskInput {
  crm: "salesforce" | "hubspot";
  partnerId: string;
  period: string;
  kind: NudgeTaskKind;
  tier: string;
  /** The Account / company the task is on. */
  recordId: string;
  ownerId: string | null;
  subject: string;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  runId?: number | null;
}

export interface NudgeTask extends NudgeTaskInput {
  id: number;
  status: NudgeTaskStatus;
  taskId: string | null;
  error: string | null;
  runId: number | null;
  createdAt: string;
  completedAt: string | null;
}

export interface NudgeTasksRepo {
  /** Every row, oldest first (a few per partner and period at most). */
  list(filter?: { partnerId?: string; status?: NudgeTaskStatus[] }): Promise<NudgeTask[]>;
  /**
   * Claims rows as 'creating' before the create call: new ones are inserted, 'failed' ones
   * taken back; a row in any other state is left alone and not returned.
   */
  claim(inputs: NudgeTaskInput[]): Promise<NudgeTask[]>;
  /** After the create call: the task id ('open'), or why it failed ('failed'). */
  created(id: number, taskId: string): Promise<void>;
  failed(id: number, error: string): Promise<void>;
  completed(id: number, at: Date): Promise<void>;
}

const COLUMNS = `id, crm, partner_id, period, kind, tier, record_id, owner_id, subject,
  due_date::text AS due_date, status, task_id, error, run_id, created_at, completed_at`;

function map(r: Record<string, unknown>): NudgeTask {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(r.id),
    crm: r.crm as NudgeTask["crm"],
    partnerId: String(r.partner_id),
    period: String(r.period),
    kind: r.kind as NudgeTaskKind,
    tier: String(r.tier),
    recordId: String(r.record_id),
    ownerId: text(r.owner_id),
    subject: String(r.subject),
    dueDate: String(r.due_date),
    status: r.status as NudgeTaskStatus,
    taskId: text(r.task_id),
    error: text(r.error),
    runId: r.run_id === null || r.run_id === undefined ? null : Number(r.run_id),
    createdAt: isoTimestamp(r.created_at),
    completedAt: isoTimestampOrNull(r.completed_at),
  };
}

export function nudgeTasksRepo(db: SqlExecutor): NudgeTasksRepo {
  return {
    async list(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.partnerId) {
        params.push(filter.partnerId);
        where.push(`partner_id = $${params.length}`);
      }
      if (filter.status) {
        params.push(filter.status);
        where.push(`status = ANY($${params.length}::text[])`);
      }
      const r = await db.query(
        `SELECT ${COLUMNS} FROM nudge_tasks ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id`,
        params,
      );
      return r.rows.map(map);
    },
    async claim(inputs) {
      const out: NudgeTask[] = [];
      for (const i of inputs) {
        const r = await db.query(
          `INSERT INTO nudge_tasks
             (crm, partner_id, period, kind, tier, record_id, owner_id, subject, due_date, status, run_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, 'creating', $10)
           ON CONFLICT (crm, partner_id, period, kind, tier) DO UPDATE
              SET status = 'creating', error = NULL, task_id = NULL, record_id = EXCLUDED.record_id,
                  owner_id = EXCLUDED.owner_id, subject = EXCLUDED.subject,
                  due_date = EXCLUDED.due_date, run_id = EXCLUDED.run_id
            WHERE nudge_tasks.status = 'failed'
           RETURNING ${COLUMNS}`,
          [
            i.crm,
            i.partnerId,
            i.period,
            i.kind,
            i.tier,
            i.recordId,
            i.ownerId,
            i.subject,
            i.dueDate,
            i.runId ?? null,
          ],
        );
        if (r.rows[0]) out.push(map(r.rows[0]));
      }
      return out;
    },
    async created(id, taskId) {
      await db.query(`UPDATE nudge_tasks SET status = 'open', task_id = $2, error = NULL WHERE id = $1`, [
        id,
        taskId,
      ]);
    },
    async failed(id, error) {
      await db.query(`UPDATE nudge_tasks SET status = 'failed', error = $2 WHERE id = $1`, [id, error]);
    },
    async completed(id, at) {
      await db.query(`UPDATE nudge_tasks SET status = 'completed', completed_at = $2 WHERE id = $1`, [
        id,
        at.toISOString(),
      ]);
    },
  };
}
