// Quarantined records: list, retry (flagged for the next run) and dismiss, through the sync
// runtime's quarantine admin (store-only). Also keeps the quarantined-records gauge current.
import type { CrmName } from "../../../connectors/types.ts";
import type { RecordError, Store } from "../../store/index.ts";
import type { QuarantineAdmin as SyncQuarantine } from "../../sync/quarantine.ts";
import type { RecordLinks } from "../console/record-links.ts";
import { HttpError } from "../errors.ts";
import type { Metrics } from "../metrics.ts";
import type { QuarantineAdmin, QuarantinedRecord } from "../ports.ts";

const ID = /^\d{1,15}$/;

export function toQuarantinedRecord(e: RecordError, links?: RecordLinks): QuarantinedRecord {
  const url = links?.(e.crm as CrmName, e.object, e.recordId);
  return {
    ...(url ? { url } : {}),
    ...(e.retryRequested ? { retryRequested: true } : {}),
    id: String(e.id),
    crm: e.crm as CrmName,
    object: e.object,
    recordId: e.recordId,
    status: e.status,
    failure: { class: e.class, code: e.code, message: e.reason, fields: e.fields },
    firstSeenAt: e.firstSeen,
    lastAttemptAt: e.lastSeen,
    attempts: e.attempts,
  };
}

/** Open records per CRM into the gauge. */
export async function refreshQuarantineGauge(store: Store, metrics: Metrics): Promise<void> {
  const counts: Record<CrmName, number> = { salesforce: 0, hubspot: 0 };
  let afterId = 0;
  for (;;) {
    const page = await store.recordErrors.list({ status: "open", limit: 1000, afterId });
    for (const e of page) if (e.crm in counts) counts[e.crm as CrmName]++;
    if (page.length < 1000) break;
    afterId = page.at(-1)!.id;
  }
  for (const [crm, n] of Object.entries(counts)) metrics.quarantinedRecords.set({ crm }, n);
}

export function createQuarantineAdmin(deps: {
  quarantine: SyncQuarantine;
  store: Store;
  metrics?: Metrics;
  /** Links to open each record in its CRM (the console). */
  links?: RecordLinks;
}): QuarantineAdmin {
  const refresh = () =>
    deps.metrics ? refreshQuarantineGauge(deps.store, deps.metrics).catch(() => undefined) : undefined;
  return {
    async list({ limit, cursor, crm, status, code }) {
      if (cursor !== undefined && !ID.test(cursor)) {
        throw new HttpError("VALIDATION_FAILED", "invalid cursor", {
          problems: [{ path: "query.cursor", message: "pass back a nextCursor from a previous page" }],
        });
      }
      const page = await deps.quarantine.list({
        limit,
        ...(crm ? { crm } : {}),
        ...(code ? { code } : {}),
        ...(status ? { status } : {}),
        ...(cursor !== undefined ? { afterId: Number(cursor) } : {}),
      });
      const last = page.at(-1);
      return {
        items: page.map((e) => toQuarantinedRecord(e, deps.links)),
        nextCursor: page.length === limit && last ? String(last.id) : null,
      };
    },
    async retry(id) {
      return ID.test(id) ? deps.quarantine.retry(Number(id)) : false;
    },
    async dismiss(id, reason) {
      if (!ID.test(id)) return false;
      const done = await deps.quarantine.dismiss(Number(id), reason);
      if (done) await refresh();
      return done;
    },
  };
}
