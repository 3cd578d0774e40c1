// Near-tier nudges and tier changes as CRM tasks (issue #16). For each nudge of the current
// period (engine/nudges.ts) and each CRM the partner is in: one task for the owner of its
// Account / company — a Salesforce Task on the Account (WhatId), a HubSpot task associated with
// the company — created through the connectors' batch writes. The store's nudge_tasks row makes
// it idempotent: it is claimed ('creating') before the create call and gets the task id after,
// so a rerun creates nothing; a row left 'creating' by a crash (or a create whose outcome the CRM
// never confirmed) is looked up in the CRM by subject and due date before anything is recreated.
// A near-tier task is completed (Status Completed / hs_task_status COMPLETED) once the partner
// holds or qualifies for the tier.
import type { CrmName, FieldValue } from "../../../connectors/types.ts";
import type { Program, TierNudge } from "../../engine/index.ts";
import { ladderByLabel } from "../../engine/ladders.ts";
import { periodEnd } from "../../period/index.ts";
import type { NudgeTask, NudgeTaskInput } from "../../store/index.ts";
import type { ComputeResult } from "../compute/run.ts";
import { bump, crmsOf, type RunContext } from "../context.ts";
import { writeToCrm } from "./execute.ts";
import { nudgeSubject } from "./nudge-text.ts";

/** The task object and the fields each CRM's task is written with. */
export const TASK_OBJECT: Record<CrmName, string> = { salesforce: "Task", hubspot: "tasks" };
const PARTNER_OBJECT: Record<CrmName, string> = { salesforce: "Account", hubspot: "companies" };
const OWNER_FIELD: Record<CrmName, string> = { salesforce: "OwnerId", hubspot: "hubspot_owner_id" };
/** Create requests per connector call: the CRMs' batch limits (sObject Collections 200, HubSpot 100). */
const CHUNK: Record<CrmName, number> = { salesforce: 200, hubspot: 100 };

const keyOf = (crm: string, partner: string, period: string, kind: string, tier: string) =>
  `${crm}:${partner}:${period}:${kind}:${tier}`;

export interface NudgeCounts {
  created: number;
  completed: number;
  existing: number;
  failed: number;
}

/** The fields of a new task in `crm`. */
export function taskFields(
  crm: CrmName,
  t: Pick<NudgeTaskInput, "subject" | "dueDate" | "ownerId" | "recordId">,
  body: string,
): Record<string, FieldValue> {
  if (crm === "salesforce") {
    return {
      Subject: t.subject,
      ActivityDate: t.dueDate,
      Status: "Not Started",
      Priority: "Normal",
      WhatId: t.recordId,
      Description: body,
      ...(t.ownerId ? { OwnerId: t.ownerId } : {}),
    };
  }
  return {
    hs_task_subject: t.subject,
    // HubSpot's due date is a date-time; the period's last day at midnight UTC, like its date properties.
    hs_timestamp: `${t.dueDate}T00:00:00.000Z`,
    hs_task_status: "NOT_STARTED",
    hs_task_priority: "MEDIUM",
    hs_task_type: "TODO",
    hs_task_body: body,
    ...(t.ownerId ? { hubspot_owner_id: t.ownerId } : {}),
  };
}

const COMPLETED: Record<CrmName, Record<string, FieldValue>> = {
  salesforce: { Status: "Completed" },
  hubspot: { hs_task_status: "COMPLETED" },
};

function bodyOf(n: TierNudge, currency: string): string {
  if (n.kind === "near_tier") {
    const parts = [`Period ${n.period}: ${n.gap ?? "0"} ${currency} short of ${n.tier}`];
    if (n.missing.length > 0) parts.push(`unmet: ${n.missing.join(", ")}`);
    return `${parts.join("; ")}. Created by the Partner Incentive Connector; completed when the partner reaches ${n.tier}.`;
  }
  return `Period ${n.period}: tier ${n.from_tier ?? "none"} → ${n.tier}. Created by the Partner Incentive Connector.`;
}

/**
 * True when the partner now qualifies for `tier` (or a higher one) on its ladder. The held tier
 * does not count: a partner held at Gold by grace while qualifying for Silver is nudged towards
 * Gold (its next tier), and that task is done when it qualifies again.
 */
export function reached(
  program: Program,
  current: { qualified_tier: string; ladder?: string | null } | null | undefined,
  tier: string,
): boolean {
  if (!current) return false;
  const names = (ladderByLabel(program.tiers, current.ladder)?.levels ?? []).map((l) => l.name);
  const want = names.indexOf(tier);
  if (want < 0) return current.qualified_tier === tier;
  return names.indexOf(current.qualified_tier) >= want;
}

export async function syncNudgeTasks(
  ctx: RunContext,
  computed: Pick<ComputeResult, "review" | "partners" | "currency">,
  program: Program,
): Promise<NudgeCounts> {
  const counts: NudgeCounts = { created: 0, completed: 0, existing: 0, failed: 0 };
  const nudges = computed.review?.nudges ?? [];
  const crms = crmsOf(ctx).filter((c) => !ctx.budgetStopped.has(c));
  if (crms.length === 0) return counts;
  const rows = await ctx.store.nudgeTasks.list();
  if (nudges.length === 0 && rows.length === 0) return counts;
  const byKey = new Map(rows.map((r) => [keyOf(r.crm, r.partnerId, r.period, r.kind, r.tier), r]));

  for (const crm of crms) {
    if (ctx.signal?.aborted || ctx.budgetStopped.has(crm)) break;
    // 1. Rows a crash (or an unconfirmed create) left 'creating': found in the CRM, or recreated.
    const dangling = rows.filter((r) => r.crm === crm && r.status === "creating");
    if (dangling.length > 0 && !ctx.dryRun) await settleDangling(ctx, crm, dangling, byKey);

    // 2. New tasks: nudges with no row yet (or whose create failed before).
    const wanted: Array<{ nudge: TierNudge; input: NudgeTaskInput }> = [];
    for (const n of nudges) {
      const entry = ctx.ws.partners.get(n.partner_id);
      const side = entry && !entry.deleted ? entry.raw.sides[crm] : undefined;
      if (!entry || !side) continue;
      const row = byKey.get(keyOf(crm, n.partner_id, n.period, n.kind, n.tier));
      if (row && row.status !== "failed") {
        counts.existing++;
        continue;
      }
      const certs = typeof entry.data.certifications === "number" ? entry.data.certifications : null;
      const name =
        typeof entry.data.name === "string" && entry.data.name !== "" ? entry.data.name : n.partner_id;
      wanted.push({
        nudge: n,
        input: {
          crm,
          partnerId: n.partner_id,
          period: n.period,
          kind: n.kind,
          tier: n.tier,
          recordId: side.id,
          ownerId: null,
          subject: nudgeSubject(n, name, computed.currency, certs),
          dueDate: periodEnd(n.period),
          runId: ctx.runId,
        },
      });
    }

    // 3. Open near-tier tasks whose tier the partner has now reached.
    const done = rows.filter(
      (r) =>
        r.crm === crm &&
        r.kind === "near_tier" &&
        r.status === "open" &&
        r.taskId !== null &&
        reached(program, computed.partners.get(r.partnerId)?.current, r.tier),
    );

    if (ctx.dryRun) {
      for (const w of wanted)
        ctx.planned.push({
          crm,
          object: TASK_OBJECT[crm],
          id: keyOf(crm, w.input.partnerId, w.input.period, w.input.kind, w.input.tier),
          action: "create",
          fields: Object.fromEntries(
            Object.entries(taskFields(crm, w.input, "")).map(([f, v]) => [f, [null, v]]),
          ),
        });
      for (const r of done)
        ctx.planned.push({
          crm,
          object: TASK_OBJECT[crm],
          id: r.taskId!,
          action: "update",
          fields: Object.fromEntries(Object.entries(COMPLETED[crm]).map(([f, v]) => [f, [null, v]])),
        });
      continue;
    }
    if (wanted.length > 0) await createTasks(ctx, crm, wanted, computed.currency, counts);
    if (done.length > 0) await completeTasks(ctx, crm, done, counts);
  }
  bump(ctx.counts, "nudges.created", counts.created);
  bump(ctx.counts, "nudges.completed", counts.completed);
  bump(ctx.counts, "nudges.existing", counts.existing);
  bump(ctx.counts, "nudges.failed", counts.failed);
  return counts;
}

/** The owner of each Account / company, read when a task is about to be created (the current owner). */
async function readOwners(ctx: RunContext, crm: CrmName, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const records = await ctx.connectors[crm]!.readByIds(PARTNER_OBJECT[crm], unique.slice(i, i + 100), [
      OWNER_FIELD[crm],
    ]);
    for (const r of records) {
      const owner = r.fields[OWNER_FIELD[crm]];
      if (typeof owner === "string" && owner !== "") out.set(r.id, owner);
    }
  }
  return out;
}

async function createTasks(
  ctx: RunContext,
  crm: CrmName,
  wanted: Array<{ nudge: TierNudge; input: NudgeTaskInput }>,
  currency: string,
  counts: NudgeCounts,
): Promise<void> {
  const owners = await readOwners(
    ctx,
    crm,
    wanted.map((w) => w.input.recordId),
  );
  for (const w of wanted) w.input.ownerId = owners.get(w.input.recordId) ?? null;
  // Claimed before the call: from here on a rerun never creates these again.
  const claimed = await ctx.store.transaction((tx) => tx.nudgeTasks.claim(wanted.map((w) => w.input)));
  const byId = new Map(
    wanted.map((w) => [keyOf(crm, w.input.partnerId, w.input.period, w.input.kind, w.input.tier), w]),
  );
  for (let i = 0; i < claimed.length; i += CHUNK[crm]) {
    if (ctx.budgetStopped.has(crm) || ctx.signal?.aborted) break;
    const chunk = claimed.slice(i, i + CHUNK[crm]);
    const result = await writeToCrm(ctx, crm, {
      object: TASK_OBJECT[crm],
      operation: "create",
      records: chunk.map((row) => {
        const w = byId.get(keyOf(crm, row.partnerId, row.period, row.kind, row.tier))!;
        return {
          key: String(row.id),
          fields: taskFields(crm, row, bodyOf(w.nudge, currency)),
          ...(crm === "hubspot" ? { associations: [{ toObject: "companies", toId: row.recordId }] } : {}),
        };
      }),
    });
    await ctx.store.transaction(async (tx) => {
      for (const r of result.results) {
        const id = Number(r.key);
        if (r.ok) {
          await tx.nudgeTasks.created(id, r.id);
          counts.created++;
          // Creates and completions are separate calls: separate counters for the bench's bound.
          bump(ctx.counts, `written.${crm}.task.create`);
        } else if (r.failure.code === "CREATE_UNCONFIRMED") {
          // Left 'creating': the next run looks the task up before creating it again.
          ctx.log.warn({ crm, row: id, reason: r.failure.message }, "nudge task create not confirmed");
          counts.failed++;
        } else {
          await tx.nudgeTasks.failed(id, `${r.failure.code}: ${r.failure.message}`);
          const row = chunk.find((c) => c.id === id);
          await tx.recordErrors.report({
            crm,
            object: TASK_OBJECT[crm],
            recordId: row ? keyOf(crm, row.partnerId, row.period, row.kind, row.tier) : String(id),
            field: r.failure.fields[0] ?? "",
            fields: r.failure.fields,
            code: `outbound.write.${r.failure.code}`,
            reason: r.failure.message,
            class: r.failure.class,
            runId: ctx.runId,
          });
          counts.failed++;
        }
      }
    });
  }
}

async function completeTasks(ctx: RunContext, crm: CrmName, done: NudgeTask[], counts: NudgeCounts) {
  for (let i = 0; i < done.length; i += CHUNK[crm]) {
    if (ctx.budgetStopped.has(crm) || ctx.signal?.aborted) break;
    const chunk = done.slice(i, i + CHUNK[crm]);
    const result = await writeToCrm(ctx, crm, {
      object: TASK_OBJECT[crm],
      operation: "update",
      records: chunk.map((r) => ({ key: r.taskId!, fields: COMPLETED[crm] })),
    });
    const byTask = new Map(chunk.map((r) => [r.taskId!, r]));
    await ctx.store.transaction(async (tx) => {
      for (const r of result.results) {
        const row = byTask.get(r.key);
        if (!row) continue;
        if (r.ok) {
          await tx.nudgeTasks.completed(row.id, ctx.now);
          counts.completed++;
          bump(ctx.counts, `written.${crm}.task.complete`);
        } else {
          // A task someone deleted or closed differently stays 'open' here; logged, retried next run.
          ctx.log.warn({ crm, task: r.key, code: r.failure.code }, r.failure.message);
          counts.failed++;
        }
      }
    });
  }
}

/** Looks up tasks whose create was never confirmed: found → 'open'; not found → 'failed' (recreated). */
async function settleDangling(
  ctx: RunContext,
  crm: CrmName,
  dangling: NudgeTask[],
  byKey: Map<string, NudgeTask>,
): Promise<void> {
  const subjectField = crm === "salesforce" ? "Subject" : "hs_task_subject";
  const dueField = crm === "salesforce" ? "ActivityDate" : "hs_timestamp";
  const parentField = crm === "salesforce" ? "WhatId" : null;
  for (const row of dangling) {
    let found: string | null = null;
    try {
      for await (const page of ctx.connectors[crm]!.read({
        object: TASK_OBJECT[crm],
        fields: [subjectField, dueField, ...(parentField ? [parentField] : [])],
        scope: [{ field: subjectField, op: "eq", value: row.subject }],
        mode: "full",
        cursor: null,
        includeDeleted: false,
      })) {
        for (const r of page.records) {
          const due = String(r.fields[dueField] ?? "").slice(0, 10);
          const parent = parentField ? r.fields[parentField] : row.recordId;
          if (due === row.dueDate && parent === row.recordId) found = r.id;
        }
      }
    } catch (error) {
      ctx.log.warn({ crm, row: row.id, err: error }, "nudge task lookup failed; left for the next run");
      continue;
    }
    await ctx.store.transaction(async (tx) => {
      if (found) await tx.nudgeTasks.created(row.id, found);
      else await tx.nudgeTasks.failed(row.id, "create not confirmed and no such task found");
    });
    const key = keyOf(crm, row.partnerId, row.period, row.kind, row.tier);
    byKey.set(key, { ...row, status: found ? "open" : "failed", taskId: found });
  }
}
