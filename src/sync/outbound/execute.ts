// Sends the plan: per CRM and object, chunks of records through `connector.write` (which
// batches them per its API: 200 per sObject Collections call, 100 per HubSpot batch call).
// After each chunk, one store transaction records what was written (write-back state, the
// record's last-known CRM values) and quarantines per-record failures, so a crash between
// chunks never loses track of a write: the next run compares with what the CRM then holds.
import { createHash } from "node:crypto";
import type { CrmName, FieldValue } from "../../../connectors/types.ts";
import { checkpoint } from "../checkpoint.ts";
import { bump, type QuarantineInput, type RunContext } from "../context.ts";
import { dealInput, partnerInput } from "../inbound/persist.ts";
import { type Entry, linkKey } from "../model.ts";
import type { OutboundPlan, PlannedWrite } from "./plan.ts";

export const CHUNK = 1000;

export function valueHash(value: FieldValue): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);
}

export async function executePlan(ctx: RunContext, plan: OutboundPlan): Promise<void> {
  if (!ctx.dryRun && (plan.quarantine.length > 0 || plan.clean.length > 0)) {
    await ctx.store.transaction(async (tx) => {
      for (const q of plan.quarantine) await tx.recordErrors.report({ ...q, runId: ctx.runId });
      for (const c of plan.clean) await resolveOutbound(ctx, tx.recordErrors, c.crm, c.object, c.id);
    });
  }
  for (const [, writes] of plan.writes) {
    const first = writes[0];
    if (!first) continue;
    const { crm, object } = first;
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
      continue;
    }
    ctx.progress.start(`write ${crm} ${object}`, writes.length);
    for (let i = 0; i < writes.length; i += CHUNK) {
      if (ctx.budgetStopped.has(crm) || ctx.signal?.aborted) break;
      await writeChunk(ctx, crm, object, writes.slice(i, i + CHUNK));
      ctx.progress.tick(Math.min(CHUNK, writes.length - i));
    }
    ctx.progress.done();
  }
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

async function writeChunk(
  ctx: RunContext,
  crm: CrmName,
  object: string,
  chunk: PlannedWrite[],
): Promise<void> {
  const connector = ctx.connectors[crm]!;
  const result = await connector.write({
    object,
    operation: "update",
    records: chunk.map((w) => ({ key: w.key, fields: w.fields })),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  bump(ctx.counts, `calls.${crm}.write`, result.calls);
  checkpoint("outbound.written");
  if (result.stoppedForBudget) {
    ctx.budgetStopped.add(crm);
    bump(ctx.counts, `budget_stop.${crm}`);
  }
  const byKey = new Map(chunk.map((w) => [w.key, w]));
  const touched = new Map<string, Entry>();
  const written: Array<{
    crm: string;
    object: string;
    recordId: string;
    field: string;
    value: FieldValue;
    hash: string;
  }> = [];
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
