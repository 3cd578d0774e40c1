// Incentive_Payout__c in Salesforce: one row per partner, period and component, summed from the
// ledger (adjustments counted under the period they correct), upserted on an external id so a
// retried create never duplicates, and written only when the amount or status changed.

import type { FieldValue } from "../../../connectors/types.ts";
import { Dec } from "../../../money/index.ts";
import { checkpoint } from "../checkpoint.ts";
import type { ComputeResult } from "../compute/run.ts";
import { bump, type RunContext } from "../context.ts";
import { partnerInput } from "../inbound/persist.ts";
import { stateKey } from "../lifecycle.ts";
import { type Entry, linkKey } from "../model.ts";
import { CHUNK, resolveOutbound, valueHash, type WrittenValue, writeToCrm } from "./execute.ts";

export const PAYOUT_OBJECT = "Incentive_Payout__c";
export const PAYOUT_KEY_FIELD = "Incentive_Key__c";

interface PayoutRow {
  entry: Entry;
  key: string;
  state: string;
  fields: Record<string, FieldValue>;
}

export async function ledgerTotals(ctx: RunContext): Promise<Map<string, Dec>> {
  const totals = new Map<string, Dec>();
  let afterId: string | undefined;
  for (;;) {
    const page = await ctx.store.ledger.list({ limit: 5000, ...(afterId ? { afterId } : {}) });
    for (const row of page.items) {
      if (!row.component) continue;
      const k = `${row.partner}\u0000${row.adjustsPeriod ?? row.period}\u0000${row.component}`;
      totals.set(k, (totals.get(k) ?? new Dec(0)).plus(row.amount));
    }
    if (!page.nextAfterId) break;
    afterId = page.nextAfterId;
  }
  return totals;
}

async function readPayouts(ctx: RunContext, scale: number): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const page of ctx.connectors.salesforce!.read({
    object: PAYOUT_OBJECT,
    fields: [PAYOUT_KEY_FIELD, "Amount__c", "Status__c"],
    mode: "full",
    cursor: null,
    includeDeleted: false,
  })) {
    for (const r of page.records) {
      const key = r.fields[PAYOUT_KEY_FIELD];
      const amount = r.fields.Amount__c;
      if (typeof key !== "string") continue;
      const value = typeof amount === "string" && amount !== "" ? new Dec(amount).toFixed(scale) : "";
      out.set(key, `${value}|${String(r.fields.Status__c ?? "")}`);
    }
  }
  return out;
}

/** Payout lifecycle states (issue #16) as Incentive_Payout__c.Status__c values; computed keeps the computation's. */
const LIFECYCLE_STATUS: Record<string, string | null> = {
  computed: null,
  held: "Held for Review",
  approved: "Approved",
  exported: "Exported",
  paid: "Paid",
  disputed: "Disputed",
};

function lifecycleStatus(
  computed: Pick<ComputeResult, "lifecycle"> | undefined,
  partner: string,
  period: string,
): string | null {
  const s = computed?.lifecycle?.states.get(stateKey(partner, period));
  return s ? (LIFECYCLE_STATUS[s] ?? null) : null;
}

export async function syncPayouts(
  ctx: RunContext,
  currentPeriod: string,
  scale: number,
  computed?: Pick<ComputeResult, "lifecycle">,
): Promise<void> {
  const connector = ctx.connectors.salesforce;
  if (!connector || !ctx.mappings.salesforce || ctx.budgetStopped.has("salesforce")) return;
  const totals = await ledgerTotals(ctx);
  // Reconcile compares with what Salesforce holds (someone may have edited or deleted a payout);
  // an incremental sync trusts the record of what it last wrote.
  const inCrm = ctx.mode === "full" ? await readPayouts(ctx, scale) : null;
  const rows: PayoutRow[] = [];
  for (const [k, amount] of totals) {
    const [partner, period, component] = k.split("\u0000") as [string, string, string];
    const entry = ctx.ws.partners.get(partner);
    const account = entry?.raw.sides.salesforce?.id;
    if (!entry || entry.deleted || !account) continue;
    const status =
      lifecycleStatus(computed, partner, period) ?? (period < currentPeriod ? "Earned" : "Pending");
    const value = amount.toFixed(scale);
    const key = `${partner}:${period}:${component}`;
    const state = `${value}|${status}`;
    const current = inCrm ? inCrm.get(key) : entry.raw.payouts?.[key];
    if (current === state) {
      bump(ctx.counts, "skipped.unchanged_payout");
      continue;
    }
    rows.push({
      entry,
      key,
      state,
      fields: {
        Account__c: account,
        Period__c: period,
        Component__c: component,
        Amount__c: value,
        Status__c: status,
      },
    });
  }
  if (ctx.dryRun) {
    for (const r of rows) {
      ctx.planned.push({
        crm: "salesforce",
        object: PAYOUT_OBJECT,
        id: r.key,
        action: "upsert",
        fields: { Amount__c: [r.entry.raw.payouts?.[r.key]?.split("|")[0] ?? null, r.fields.Amount__c] },
      });
    }
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    if (ctx.budgetStopped.has("salesforce") || ctx.signal?.aborted) break;
    const chunk = rows.slice(i, i + CHUNK);
    const result = await writeToCrm(ctx, "salesforce", {
      object: PAYOUT_OBJECT,
      operation: "upsert",
      externalIdField: PAYOUT_KEY_FIELD,
      records: chunk.map((r) => ({ key: r.key, fields: r.fields })),
    });
    const byKey = new Map(chunk.map((r) => [r.key, r]));
    const touched = new Map<string, Entry>();
    const written: WrittenValue[] = [];
    const failures: Array<Parameters<RunContext["store"]["recordErrors"]["report"]>[0]> = [];
    for (const res of result.results) {
      const r = byKey.get(res.key);
      if (!r) continue;
      if (res.ok) {
        r.entry.raw.payouts = { ...(r.entry.raw.payouts ?? {}), [r.key]: r.state };
        touched.set(r.entry.id, r.entry);
        written.push({
          crm: "salesforce",
          object: PAYOUT_OBJECT,
          recordId: r.key,
          field: "Amount__c",
          value: r.fields.Amount__c ?? null,
          hash: valueHash(r.fields.Amount__c ?? null),
        });
        bump(ctx.counts, "written.payouts");
      } else {
        failures.push({
          crm: "salesforce",
          object: PAYOUT_OBJECT,
          recordId: r.key,
          field: res.failure.fields[0] ?? "",
          fields: res.failure.fields,
          code: `outbound.write.${res.failure.code}`,
          reason: res.failure.message,
          class: res.failure.class,
          runId: ctx.runId,
        });
        bump(ctx.counts, "quarantined.outbound");
      }
    }
    await ctx.store.transaction(async (tx) => {
      await tx.partners.upsert([...touched.values()].map(partnerInput));
      await tx.writeback.record(written);
      for (const f of failures) await tx.recordErrors.report(f);
      for (const w of written) {
        if (ctx.openErrors.has(linkKey("salesforce", PAYOUT_OBJECT, w.recordId))) {
          await resolveOutbound(ctx, tx.recordErrors, "salesforce", PAYOUT_OBJECT, w.recordId);
        }
      }
    });
    checkpoint("outbound.payouts");
  }
}
