// Incentive_Payout__c in Salesforce: one row per partner, period and component, summed from the
// ledger (adjustments counted under the period they correct), upserted on an external id so a
// retried create never duplicates, and written only when one of its values changed: amount,
// status (payout-status.ts), explanation, program version, held and released amounts (issue #13).

import type { FieldValue } from "../../../connectors/types.ts";
import { Dec } from "../../../money/index.ts";
import { checkpoint } from "../checkpoint.ts";
import type { ComputeResult } from "../compute/run.ts";
import { bump, type RunContext } from "../context.ts";
import { partnerInput } from "../inbound/persist.ts";
import { stateKey } from "../lifecycle.ts";
import { fitText } from "../mapping/fit-text.ts";
import { type Entry, linkKey } from "../model.ts";
import { salesforceAccountOf } from "./desired.ts";
import { CHUNK, resolveOutbound, valueHash, type WrittenValue, writeToCrm } from "./execute.ts";
import { allocate, type PayoutSummary, payoutExplanation } from "./payout-explanation.ts";
import { payoutStatus } from "./payout-status.ts";
import { holdbackReleasePeriod } from "./status-detail.ts";

export const PAYOUT_OBJECT = "Incentive_Payout__c";
export const PAYOUT_KEY_FIELD = "Incentive_Key__c";
/** The declared lengths (Explanation__c, Program_Version__c field metadata): longer text is cut to fit. */
const EXPLANATION_LENGTH = 32_768;
const VERSION_LENGTH = 40;
/** Every field the row carries besides its key, in the order its state hash takes them. */
const PAYOUT_FIELDS = [
  "Account__c",
  "Period__c",
  "Component__c",
  "Amount__c",
  "Status__c",
  "Explanation__c",
  "Program_Version__c",
  "Held_Amount__c",
  "Released_Amount__c",
] as const;
const MONEY_FIELDS = new Set(["Amount__c", "Held_Amount__c", "Released_Amount__c"]);

interface PayoutRow {
  entry: Entry;
  key: string;
  state: string;
  fields: Record<string, FieldValue>;
}

/** Per partner × period × component: the ledger rows summed, by kind (payout-explanation.ts). */
export async function ledgerSummaries(ctx: RunContext): Promise<Map<string, PayoutSummary>> {
  const out = new Map<string, PayoutSummary>();
  let afterId: string | undefined;
  for (;;) {
    const page = await ctx.store.ledger.list({ limit: 5000, ...(afterId ? { afterId } : {}) });
    for (const row of page.items) {
      if (!row.component) continue;
      const k = `${row.partner}\u0000${row.adjustsPeriod ?? row.period}\u0000${row.component}`;
      let s = out.get(k);
      if (!s) {
        s = { total: new Dec(0), byKind: new Map(), earnedRows: 0, version: row.programVersion };
        out.set(k, s);
      }
      s.total = s.total.plus(row.amount);
      const kind =
        row.kind !== "adjustment" ? row.kind : row.adjustsKind === "correction" ? "correction" : "adjustment";
      s.byKind.set(kind, (s.byKind.get(kind) ?? new Dec(0)).plus(row.amount));
      if (row.kind === "earned") s.earnedRows++;
      if (row.programVersion > s.version) s.version = row.programVersion;
    }
    if (!page.nextAfterId) break;
    afterId = page.nextAfterId;
  }
  return out;
}

/** A row's values as compared: money at the currency's scale, blanks as "". */
function stateOf(fields: Record<string, FieldValue | undefined>, scale: number): string {
  const values = PAYOUT_FIELDS.map((f) => {
    const v = fields[f];
    if (v === undefined || v === null || v === "") return "";
    return MONEY_FIELDS.has(f) ? new Dec(String(v)).toFixed(scale) : String(v);
  });
  return valueHash(JSON.stringify(values));
}

async function readPayouts(ctx: RunContext, scale: number): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const page of ctx.connectors.salesforce!.read({
    object: PAYOUT_OBJECT,
    fields: [PAYOUT_KEY_FIELD, ...PAYOUT_FIELDS],
    mode: "full",
    cursor: null,
    includeDeleted: false,
  })) {
    for (const r of page.records) {
      const key = r.fields[PAYOUT_KEY_FIELD];
      if (typeof key !== "string") continue;
      out.set(key, stateOf(r.fields, scale));
    }
  }
  return out;
}

type PayoutInputs = Pick<ComputeResult, "lifecycle" | "heldBack" | "ineligible" | "terms" | "program">;

/** Each row's share of its partner-period's holdback (allocate(), over the period's components). */
function heldShares(
  summaries: Map<string, PayoutSummary>,
  heldBack: Map<string, string> | undefined,
  scale: number,
): Map<string, Dec> {
  const weights = new Map<string, Map<string, Dec>>();
  for (const [k, s] of summaries) {
    const at = k.lastIndexOf("\u0000");
    const pp = k.slice(0, at);
    if (!heldBack?.has(pp)) continue;
    const w = weights.get(pp) ?? new Map<string, Dec>();
    w.set(k.slice(at + 1), s.total);
    weights.set(pp, w);
  }
  const out = new Map<string, Dec>();
  for (const [pp, w] of weights) {
    for (const [component, share] of allocate(new Dec(heldBack!.get(pp)!), w, scale))
      out.set(`${pp}\u0000${component}`, share);
  }
  return out;
}

export async function syncPayouts(
  ctx: RunContext,
  currentPeriod: string,
  scale: number,
  computed?: PayoutInputs,
): Promise<void> {
  const connector = ctx.connectors.salesforce;
  if (!connector || !ctx.mappings.salesforce || ctx.budgetStopped.has("salesforce")) return;
  const summaries = await ledgerSummaries(ctx);
  const held = heldShares(summaries, computed?.heldBack, scale);
  const releaseAfter = computed?.terms?.releaseAfter ?? null;
  const programName = computed?.program?.program ?? null;
  // Reconcile compares with what Salesforce holds (someone may have edited or deleted a payout);
  // an incremental sync trusts the record of what it last wrote.
  const inCrm = ctx.mode === "full" ? await readPayouts(ctx, scale) : null;
  const rows: PayoutRow[] = [];
  for (const [k, summary] of summaries) {
    const [partner, period, component] = k.split("\u0000") as [string, string, string];
    const entry = ctx.ws.partners.get(partner);
    const account = salesforceAccountOf(entry);
    if (!entry || !account) continue;
    const partnerPeriod = `${partner}\u0000${period}`;
    const status = payoutStatus(summary, {
      lifecycle: computed?.lifecycle?.states.get(stateKey(partner, period)) ?? null,
      ineligible: computed?.ineligible?.has(partnerPeriod) ?? false,
      ended: period < currentPeriod,
    });
    const heldAmount = held.get(k) ?? new Dec(0);
    const releasePeriod = releaseAfter !== null ? holdbackReleasePeriod(period, releaseAfter) : null;
    // Released once the release period has been computed (its statement pays it).
    const released = releasePeriod !== null && heldAmount.greaterThan(0) && releasePeriod <= currentPeriod;
    const version = `v${summary.version}`;
    const fields: Record<string, FieldValue> = {
      Account__c: account,
      Period__c: period,
      Component__c: component,
      Amount__c: summary.total.toFixed(scale),
      Status__c: status,
      Explanation__c: fitText(
        payoutExplanation(component, period, summary, { amount: heldAmount, releasePeriod, released }, scale),
        EXPLANATION_LENGTH,
      ),
      Program_Version__c: fitText(programName ? `${programName} ${version}` : version, VERSION_LENGTH),
      Held_Amount__c: heldAmount.toFixed(scale),
      Released_Amount__c: (released ? heldAmount : new Dec(0)).toFixed(scale),
    };
    const key = `${partner}:${period}:${component}`;
    const state = stateOf(fields, scale);
    const current = inCrm ? inCrm.get(key) : entry.raw.payouts?.[key];
    if (current === state) {
      bump(ctx.counts, "skipped.unchanged_payout");
      continue;
    }
    rows.push({ entry, key, state, fields });
  }
  if (ctx.dryRun) {
    for (const r of rows) {
      ctx.planned.push({
        crm: "salesforce",
        object: PAYOUT_OBJECT,
        id: r.key,
        action: "upsert",
        // What the row held is only known as a hash: the planned values are shown from nothing.
        fields: Object.fromEntries(PAYOUT_FIELDS.map((f) => [f, [null, r.fields[f] ?? null]])),
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
