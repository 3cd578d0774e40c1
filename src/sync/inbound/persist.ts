// One store transaction per applied page: records, links, quarantine, resolved errors and the
// page's cursor together, so a crash resumes from the last applied page and never half-applies one.
import type { CrmName } from "../../../connectors/types.ts";
import type { DealInput, JsonObject, PartnerInput } from "../../store/index.ts";
import { checkpoint } from "../checkpoint.ts";
import type { RunContext } from "../context.ts";
import { type Entry, linkKey } from "../model.ts";
import { historyChanges } from "../partner-history.ts";
import type { PageChanges } from "./apply.ts";

function sourceOf(entry: Entry): CrmName | null {
  return entry.raw.sides.salesforce ? "salesforce" : entry.raw.sides.hubspot ? "hubspot" : null;
}

export function partnerInput(e: Entry): PartnerInput {
  return { id: e.id, data: e.data as JsonObject, sourceCrm: sourceOf(e), raw: e.raw };
}

export function dealInput(e: Entry): DealInput {
  return {
    id: e.id,
    data: e.data as JsonObject,
    sourceCrm: sourceOf(e),
    raw: e.raw,
    partnerId: typeof e.data.partner_id === "string" ? e.data.partner_id : null,
    closeDate: typeof e.data.close_date === "string" ? e.data.close_date : null,
  };
}

export async function persistPage(
  ctx: RunContext,
  changes: PageChanges,
  cursor: { crm: CrmName; object: string; cursor: Readonly<Record<string, unknown>> } | null,
): Promise<void> {
  const upserts = [...changes.upserts.values()];
  // For the run's report (the store keeps the full list).
  for (const q of changes.quarantine) if (ctx.quarantined.length < 100) ctx.quarantined.push(q);
  if (ctx.dryRun) {
    for (const e of upserts) {
      ctx.planned.push({ crm: "store", object: e.entity, id: e.id, fields: {}, action: "upsert" });
    }
    for (const e of changes.deletes.values()) {
      ctx.planned.push({ crm: "store", object: e.entity, id: e.id, fields: {}, action: "delete" });
    }
    return;
  }
  const resolved = changes.resolved.filter((r) => ctx.openErrors.has(linkKey(r.crm, r.object, r.id)));
  const quarantinedNow = new Set(changes.quarantine.map((q) => linkKey(q.crm, q.object, q.recordId)));
  const partners = upserts.filter((e) => e.entity === "partner");
  const history = historyChanges(
    partners,
    ctx.ws.recordedAttributes,
    ctx.now.toISOString().slice(0, 10),
    ctx.runId,
  );
  await ctx.store.transaction(async (tx) => {
    await tx.partners.upsert(partners.map(partnerInput));
    // In the page's transaction: a crash never keeps a partner without its history entry.
    await tx.partnerHistory.append(history);
    await tx.deals.upsert(upserts.filter((e) => e.entity === "deal").map(dealInput));
    // A tombstoned record is stored whole (its sides as they are now, the removed one gone), not
    // just flagged: a later page that loads it again must not see the side that went away.
    const deletes = [...changes.deletes.values()];
    await tx.partners.upsert(deletes.filter((e) => e.entity === "partner").map(partnerInput));
    await tx.deals.upsert(deletes.filter((e) => e.entity === "deal").map(dealInput));
    for (const e of deletes) {
      if (e.entity === "partner") await tx.partners.markDeleted(e.id);
      else await tx.deals.markDeleted(e.id);
    }
    for (const u of changes.unlinks) await tx.crmLinks.unlink(u.crm, u.object, u.crmId);
    for (const l of changes.links) await tx.crmLinks.link(l);
    for (const q of changes.quarantine) await tx.recordErrors.report({ ...q, runId: ctx.runId });
    for (const r of resolved) {
      if (quarantinedNow.has(linkKey(r.crm, r.object, r.id))) continue;
      // Only inbound errors: an outbound failure of the same record stays until its write succeeds.
      const open = ctx.openErrors.get(linkKey(r.crm, r.object, r.id)) ?? [];
      for (const e of open.filter((o) => o.code.startsWith("inbound."))) {
        await tx.recordErrors.setStatus(e.id, "resolved", "synced cleanly");
      }
      const rest = open.filter((o) => !o.code.startsWith("inbound."));
      if (rest.length > 0) ctx.openErrors.set(linkKey(r.crm, r.object, r.id), rest);
      else ctx.openErrors.delete(linkKey(r.crm, r.object, r.id));
    }
    if (cursor) await tx.syncCursors.set(cursor.crm, cursor.object, cursor.cursor);
  });
  // The page's deals are in the store now; the next page loads what it needs.
  ctx.ws.evictDeals();
  checkpoint("inbound.page");
}
