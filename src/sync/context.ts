// What one sync or reconcile run carries through its steps: the store (or nothing, in a dry
// run), the connectors and mappings, the working set, counts, and a log of planned changes.
import type { Logger } from "pino";
import type { CrmConnector, CrmName, FailureClass } from "../../connectors/types.ts";
import type { Store } from "../store/index.ts";
import type { DealRules } from "./deal-plausibility.ts";
import type { Mapping } from "./mapping/index.ts";
import type { WorkingSet } from "./model.ts";
import type { Progress } from "./progress.ts";

export interface Counts {
  [name: string]: number;
}

export interface PlannedChange {
  crm: CrmName | "store";
  object: string;
  id: string;
  /** Field → [before, after]. */
  fields: Record<string, [unknown, unknown]>;
  action: "upsert" | "delete" | "update" | "create";
}

export interface ConflictRecord {
  partner: string;
  field: string;
  winner: string;
  reason: string;
  values: Partial<Record<CrmName, unknown>>;
}

export interface QuarantineInput {
  crm: CrmName;
  object: string;
  recordId: string;
  field?: string;
  fields?: string[];
  code: string;
  reason: string;
  class: FailureClass;
}

export interface RunContext {
  kind: "sync" | "reconcile";
  mode: "full" | "incremental";
  dryRun: boolean;
  store: Store;
  runId: number | null;
  connectors: Partial<Record<CrmName, CrmConnector>>;
  mappings: Partial<Record<CrmName, Mapping>>;
  /** Integration user id per CRM (echo suppression's second signal). */
  integrationUsers: Partial<Record<CrmName, string | null>>;
  ws: WorkingSet;
  /** Canonical values as the last run left them: a side that still holds them did not change. */
  baseline: Map<string, Record<string, unknown>>;
  counts: Counts;
  planned: PlannedChange[];
  conflicts: ConflictRecord[];
  /** Quarantine entries (applied in the page's transaction; in a dry run only counted). */
  quarantined: QuarantineInput[];
  now: Date;
  log: Logger;
  progress: Progress;
  signal?: AbortSignal;
  retryCap: number;
  /** True when the ledger holds earnings for the deal (a cancelled deal then claws back). */
  earned?: (dealId: string) => boolean;
  /** Open quarantine entries by crm/object/record id (loaded at run start). */
  openErrors: Map<string, OpenError[]>;
  /** Targeted sync (webhooks): only these records are read, by id; cursors are left alone. */
  records?: Array<{ crm: CrmName; object: string; id: string }>;
  /** CRMs whose budget stopped new work this run. */
  budgetStopped: Set<CrmName>;
  /** What a deal must satisfy to be stored (fx rate, plausible close date); absent = no check. */
  dealRules?: DealRules;
}

export interface OpenError {
  id: number;
  code: string;
  class: FailureClass;
  attempts: number;
  retryRequested: boolean;
  field: string;
}

export function bump(counts: Counts, name: string, by = 1): void {
  if (by !== 0) counts[name] = (counts[name] ?? 0) + by;
}

/** The CRMs this run touches, in a fixed order (Salesforce first: it wins ties). */
export function crmsOf(ctx: Pick<RunContext, "connectors" | "mappings">): CrmName[] {
  return (["salesforce", "hubspot"] as const).filter((c) => ctx.connectors[c] && ctx.mappings[c]);
}
