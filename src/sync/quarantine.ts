// Quarantine administration over the store alone (no CRM needed): list, flag for retry on the
// next run, dismiss.
import type { CrmName } from "../../connectors/types.ts";
import type { RecordError, Store } from "../store/index.ts";

export interface QuarantineAdmin {
  list(filter?: {
    status?: "open" | "dismissed" | "resolved";
    crm?: CrmName;
    code?: string;
    limit?: number;
    afterId?: number;
  }): Promise<RecordError[]>;
  /** Flags an open record for the next run; false when there is no such open record. */
  retry(id: number): Promise<boolean>;
  dismiss(id: number, reason?: string | null): Promise<boolean>;
}

export function quarantineAdmin(store: Store): QuarantineAdmin {
  return {
    list: (filter = {}) => store.recordErrors.list(filter),
    retry: (id) => store.recordErrors.requestRetry(id),
    dismiss: (id, reason) => store.recordErrors.setStatus(id, "dismissed", reason ?? null),
  };
}
