// Human-readable output of a sync/reconcile run: counts, API calls, and (dry run) the planned
// changes as a diff with the calls they would spend against each CRM's remaining budget.
import type { SyncReport } from "../sync/runtime.ts";

const BATCH: Record<string, number> = { salesforce: 200, hubspot: 100 };

function fmt(v: unknown): string {
  return v === null || v === undefined ? "∅" : JSON.stringify(v);
}

export function formatReport(r: SyncReport, options: { maxDiffLines?: number } = {}): string {
  const out: string[] = [];
  const c = r.counts;
  const n = (k: string) => c[k] ?? 0;
  out.push(
    `${r.kind}${r.dryRun ? " (dry run)" : ""} ${r.outcome}${r.runId !== null ? ` run ${r.runId}` : ""}${r.message ? `: ${r.message}` : ""}`,
  );
  out.push(
    `  read: salesforce ${n("read.salesforce")}, hubspot ${n("read.hubspot")}; upserted partners ${n("upserted.partner")}, deals ${n("upserted.deal")}; linked partners ${n("linked.partner")}, deals ${n("linked.deal")}`,
  );
  out.push(
    `  quarantined: inbound ${n("quarantined.inbound")}, outbound ${n("quarantined.outbound")}; conflicts ${n("conflicts")}; cancelled deals ${n("cancelled.deal")}`,
  );
  out.push(
    `  written: salesforce ${n("written.salesforce")} records + ${n("written.payouts")} payouts, hubspot ${n("written.hubspot")} records; unchanged (skipped) ${n("skipped.unchanged")}`,
  );
  if (n("repaired.text") > 0) {
    out.push(
      `  repaired text: ${n("repaired.text")} value(s) held control characters or broken Unicode, replaced with U+FFFD (the log names each record and field)`,
    );
  }
  if (r.quarantined && r.quarantined.length > 0) {
    // Named here, not only in the log: a quarantined deal keeps its last good values, and
    // whoever reads the summary should know which records wait for a fix and why.
    out.push(`  quarantined this run (last good values kept; \`incentives quarantine list\`):`);
    for (const q of r.quarantined.slice(0, 20)) out.push(`    [${q.class}] ${q.reason}`);
    if (n("quarantined.inbound") > 20) out.push(`    … ${n("quarantined.inbound") - 20} more`);
  }
  if (n("skipped.deal_no_fx") > 0) {
    out.push(
      `  left out of the computation: ${n("skipped.deal_no_fx")} stored deal(s) in a currency with no fx rate for their period (a rate removed from the fx file?)`,
    );
  }
  out.push(`  ledger: ${n("ledger.rows")} rows posted (${n("ledger.adjustments")} adjustments)`);
  if (n("projection.deals") + n("projection.skipped") > 0) {
    // Open deals carry what they would earn if won this period (docs/engine.md).
    out.push(
      `  open-deal projections: ${n("projection.deals")} open deal(s) projected, ${n("projection.skipped")} without one (no partner, amount or fx rate)`,
    );
  }
  for (const [crm, a] of Object.entries(r.api)) {
    out.push(
      `  api ${crm}: ${a.reads} reads, ${a.writes} writes, ${a.retries} retries; remaining budget ${a.remaining ?? "unknown"}`,
    );
  }
  if (r.dryRun) {
    const perObject = new Map<string, number>();
    for (const p of r.planned) {
      if (p.crm === "store") continue;
      const k = `${p.crm} ${p.object}`;
      perObject.set(k, (perObject.get(k) ?? 0) + 1);
    }
    out.push("", "planned changes:");
    const stores = r.planned.filter((p) => p.crm === "store");
    out.push(
      `  store: ${stores.filter((p) => p.action === "upsert").length} upserts, ${stores.filter((p) => p.action === "delete").length} deletes (cursors unchanged)`,
    );
    const spend: Record<string, number> = {};
    for (const [k, count] of perObject) {
      const crm = k.split(" ")[0]!;
      const calls = Math.ceil(count / (BATCH[crm] ?? 100));
      spend[crm] = (spend[crm] ?? 0) + calls;
      out.push(`  ${k}: ${count} record(s), ~${calls} write call(s)`);
    }
    for (const [crm, calls] of Object.entries(spend)) {
      const remaining = r.api[crm as "salesforce"]?.remaining;
      out.push(`  ${crm}: would spend ~${calls} write call(s) of ${remaining ?? "unknown"} remaining`);
    }
    const max = options.maxDiffLines ?? 200;
    const lines: string[] = [];
    for (const p of r.planned) {
      if (p.crm === "store") continue;
      for (const [field, [before, after]] of Object.entries(p.fields)) {
        lines.push(`  ${p.crm} ${p.object} ${p.id} ${field}: - ${fmt(before)} + ${fmt(after)}`);
      }
    }
    out.push(...lines.slice(0, max));
    if (lines.length > max) out.push(`  … ${lines.length - max} more field change(s)`);
  }
  if (r.conflicts.length > 0) {
    out.push("", "conflicts resolved:");
    for (const cf of r.conflicts.slice(0, 50)) {
      out.push(`  ${cf.partner} ${cf.field}: ${cf.winner} wins (${cf.reason}); values ${fmt(cf.values)}`);
    }
  }
  return `${out.join("\n")}\n`;
}
