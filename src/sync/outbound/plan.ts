// The outbound plan: per CRM and object, the records whose CRM values differ from what they
// should be — only the differing fields, checked against the CRM's describe first (an invalid
// value is quarantined without an API call). `updated_at` only rides along with a real change.
import type { CrmName, FieldValue, ObjectDescription } from "../../../connectors/types.ts";
import type { ComputeResult } from "../compute/run.ts";
import { bump, type QuarantineInput, type RunContext } from "../context.ts";
import { changedFields, type EntityName, toOutboundRecord } from "../mapping/index.ts";
import { type Entry, linkKey } from "../model.ts";
import { dealDesired, partnerDesired } from "./desired.ts";

export interface PlannedWrite {
  entry: Entry;
  crm: CrmName;
  object: string;
  key: string;
  fields: Record<string, FieldValue>;
}

export interface OutboundPlan {
  writes: Map<string, PlannedWrite[]>;
  quarantine: QuarantineInput[];
  /** Records whose quarantine the plan resolves (nothing left to write, or valid again). */
  clean: Array<{ crm: CrmName; object: string; id: string }>;
}

export function planKey(crm: CrmName, object: string): string {
  return `${crm}\u0000${object}`;
}

/**
 * True when the record's last write (codes starting with `prefix`) failed for a reason retrying
 * cannot fix, or ran out of retries: it is skipped until an admin asks for a retry.
 */
export function blockedFor(ctx: RunContext, errorKey: string, prefix: string): boolean {
  const open = ctx.openErrors.get(errorKey) ?? [];
  return open.some(
    (e) =>
      e.code.startsWith(prefix) &&
      !e.retryRequested &&
      (e.class !== "retryable" || e.attempts >= ctx.retryCap),
  );
}

/** The plan for one page of entries (the write-back walks partners, then the deals, in pages). */
export function planOutbound(
  ctx: RunContext,
  entries: Iterable<Entry>,
  computed: ComputeResult,
  describes: Map<string, ObjectDescription>,
  scale: number,
): OutboundPlan {
  const plan: OutboundPlan = { writes: new Map(), quarantine: [], clean: [] };
  const now = ctx.now.toISOString();
  for (const entry of entries) {
    const entity: EntityName = entry.entity;
    if (entry.deleted) continue;
    for (const [crm, side] of Object.entries(entry.raw.sides) as [
      CrmName,
      NonNullable<Entry["raw"]["sides"]["salesforce"]>,
    ][]) {
      const mapping = ctx.mappings[crm];
      if (!mapping || !ctx.connectors[crm]) continue;
      const em = mapping.entities[entity];
      const values =
        entity === "partner"
          ? partnerDesired(entry, computed, scale, now)
          : dealDesired(entry, computed, scale, ctx.ws.partners);
      const out = toOutboundRecord(
        mapping,
        entity,
        side.id,
        values as never,
        describes.get(planKey(crm, em.object)) ?? null,
      );
      if (out.problems.length > 0) {
        for (const p of out.problems) {
          plan.quarantine.push({
            crm,
            object: em.object,
            recordId: side.id,
            field: p.crm_field,
            code: `outbound.check.${p.code}`,
            reason: `${p.field} (${p.crm_field}) = ${JSON.stringify(p.value)}: ${p.reason}`,
            class: p.class,
          });
        }
        bump(ctx.counts, "quarantined.outbound");
        continue;
      }
      const updatedAt = em.fields.updated_at?.crm_field;
      const desired = { ...out.fields };
      if (updatedAt) delete desired[updatedAt];
      const changed = changedFields(desired, side.fields);
      if (Object.keys(changed).length === 0) {
        bump(ctx.counts, "skipped.unchanged");
        if (ctx.openErrors.has(linkKey(crm, em.object, side.id)))
          plan.clean.push({ crm, object: em.object, id: side.id });
        continue;
      }
      if (blockedFor(ctx, linkKey(crm, em.object, side.id), "outbound.write.")) {
        bump(ctx.counts, "skipped.quarantined");
        continue;
      }
      if (updatedAt && out.fields[updatedAt] !== undefined) changed[updatedAt] = out.fields[updatedAt]!;
      const k = planKey(crm, em.object);
      const list = plan.writes.get(k) ?? [];
      list.push({ entry, crm, object: em.object, key: side.id, fields: changed });
      plan.writes.set(k, list);
    }
  }
  return plan;
}
