// Writes the plan back: per CRM and object, chunks of records through `connector.write` (which
// batches them per its API: 200 per sObject Collections call, 100 per HubSpot batch call).
// After each chunk, one store transaction records what was written (write-back state, the
// record's last-known CRM values) and quarantines per-record failures, so a crash between
// chunks never loses track of a write: the next run compares with what the CRM then holds.
import { createHash } from "node:crypto";
import type {
  CrmName,
  FieldValue,
  ObjectDescription,
  WriteRequest,
  WriteResult,
} from "../../../connectors/types.ts";
import { checkpoint } from "../checkpoint.ts";
import type { ComputeResult } from "../compute/run.ts";
import { bump, type QuarantineInput, type RunContext } from "../context.ts";
import { eachDealPage } from "../deal-cache.ts";
import { dealInput, partnerInput } from "../inbound/persist.ts";
import { type Entry, linkKey } from "../model.ts";
import { type OutboundPlan, type PlannedWrite, planOutbound } from "./plan.ts";

export const CHUNK = 1000;

export function valueHash(value: FieldValue): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);
}

/**
 * The write-back: every partner, then every deal in store pages, planned page by page; planned
 * writes collect per CRM object and leave in chunks of CHUNK records, so memory holds at most a
 * page and one chunk per object, however many deals there are.
 */
export async function writeBack(
  ctx: RunContext,
  computed: ComputeResult,
  describes: Map<string, ObjectDescription>,
  scale: number,
): Promise<void> {
  const pending = new Map<string, PlannedWrite[]>();
  ctx.progress.start("write back", null);
  for await (const entries of entryPages(ctx)) {
    if (ctx.signal?.aborted) break;
    const plan = planOutbound(ctx, entries, computed, describes, scale);
    await settleChecks(ctx, plan);
    for (const [k, writes] of plan.writes) {
      const list = pending.get(k) ?? [];
      list.push(...writes);
      pending.set(k, list);
      while (list.length >= CHUNK) await send(ctx, list.splice(0, CHUNK));
    }
    ctx.progress.tick(entries.length);
  }
  for (const list of pending.values()) if (list.length > 0) await send(ctx, list);
  ctx.progress.done();
}

async function* entryPages(ctx: RunContext): AsyncGenerator<Entry[]> {
  const partners = [...ctx.ws.partners.values()];
  for (let i = 0; i < partners.length; i += CHUNK) yield partners.slice(i, i + CHUNK);
  yield* eachDealPage(ctx, { withRaw: true, size: CHUNK });
}

/** Quarantines what failed the describe check and resolves what no longer needs writing. */
async function settleChecks(ctx: RunContext, plan: OutboundPlan): Promise<void> {
  if (ctx.dryRun || (plan.quarantine.length === 0 && plan.clean.length === 0)) return;
  await ctx.store.transaction(async (tx) => {
    for (const q of plan.quarantine) await tx.recordErrors.report({ ...q, runId: ctx.runId });
    for (const c of plan.clean) await resolveOutbound(ctx, tx.recordErrors, c.crm, c.object, c.id);
  });
}

async function send(ctx: RunContext, writes: PlannedWrite[]): Promise<void> {
  const { crm, object } = writes[0]!;
  if (ctx.dryRun) {
    for (const w of writes) {
      const before = w.entry.raw.sides[crm]?.fields ?? {};
      ctx.planned.push({
        crm,
        object,
        id: w.key,
        action: "update",
        fields: Object.fromEntries(Object.entries(w.fields).map(([f, v]) => [f, [before[f] ?? null, v]])),
      });
    }
    return;
  }
  if (ctx.budgetStopped.has(crm) || ctx.signal?.aborted) return;
  await writeChunk(ctx, crm, object, writes);
}

type ErrorsRepo = RunContext["store"]["recordErrors"];

export async function resolveOutbound(
  ctx: RunContext,
  repo: ErrorsRepo,
  crm: CrmName,
  object: string,
  id: string,
) {
  const key = linkKey(crm, object, id);
  const open = ctx.openErrors.get(key) ?? [];
  for (const e of open.filter((o) => o.code.startsWith("outbound."))) {
    await repo.setStatus(e.id, "resolved", "written");
  }
  const rest = open.filter((o) => !o.code.startsWith("outbound."));
  if (rest.length > 0) ctx.openErrors.set(key, rest);
  else ctx.openErrors.delete(key);
}

/** A written field as the write-back state records it. */
export type WrittenValue = Parameters<RunContext["store"]["writeback"]["record"]>[0][number];

/** One `connector.write` on the run's behalf: its calls counted, a budget stop noted. */
export async function writeToCrm(
  ctx: RunContext,
  crm: CrmName,
  request: Omit<WriteRequest, "signal">,
): Promise<WriteResult> {
  const result = await ctx.connectors[crm]!.write({
    ...request,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  bump(ctx.counts, `calls.${crm}.write`, result.calls);
  if (result.stoppedForBudget) {
    ctx.budgetStopped.add(crm);
    bump(ctx.counts, `budget_stop.${crm}`);
  }
  return result;
}

async function writeChunk(
  ctx: RunContext,
  crm: CrmName,
  object: string,
  chunk: PlannedWrite[],
): Promise<void> {
  const result = await writeToCrm(ctx, crm, {
    object,
    operation: "update",
    records: chunk.map((w) => ({ key: w.key, fields: w.fields })),
  });
  checkpoint("outbound.written");
  const byKey = new Map(chunk.map((w) => [w.key, w]));
  const touched = new Map<string, Entry>();
  const written: WrittenValue[] = [];
  const failures: QuarantineInput[] = [];
  const succeeded: string[] = [];
  for (const r of result.results) {
    const w = byKey.get(r.key);
    if (!w) continue;
    if (r.ok) {
      const side = w.entry.raw.sides[crm];
      if (side) side.fields = { ...side.fields, ...w.fields };
      touched.set(w.entry.id, w.entry);
      for (const [field, value] of Object.entries(w.fields)) {
        written.push({ crm, object, recordId: w.key, field, value, hash: valueHash(value) });
      }
      succeeded.push(w.key);
      bump(ctx.counts, `written.${crm}`);
      bump(ctx.counts, `written.${crm}.${object}`);
    } else {
      failures.push({
        crm,
        object,
        recordId: w.key,
        field: r.failure.fields[0] ?? "",
        fields: r.failure.fields,
        code: `outbound.write.${r.failure.code}`,
        reason: r.failure.message,
        class: r.failure.class,
      });
      bump(ctx.counts, "quarantined.outbound");
    }
  }
  const entries = [...touched.values()];
  await ctx.store.transaction(async (tx) => {
    await tx.partners.upsert(entries.filter((e) => e.entity === "partner").map(partnerInput));
    await tx.deals.upsert(entries.filter((e) => e.entity === "deal").map(dealInput));
    await tx.writeback.record(written);
    for (const f of failures) await tx.recordErrors.report({ ...f, runId: ctx.runId });
    for (const id of succeeded) {
      if (ctx.openErrors.has(linkKey(crm, object, id)))
        await resolveOutbound(ctx, tx.recordErrors, crm, object, id);
    }
  });
  checkpoint("outbound.batch");
}
