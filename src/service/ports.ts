// The narrow interfaces the HTTP shell and the scheduler need from the rest of the product.
// The sync/store layers implement them; the service never reaches past them. Documents the
// service does not own (mappings, programs, statements, ledger entries) cross as JSON values:
// the service parses the envelope of each request, the owner validates the document itself.
import type { CrmName } from "../../connectors/types.ts";
import type { Problem } from "./errors.ts";

export type { Problem } from "./errors.ts";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type RunKind = "sync" | "reconcile";
/**
 * What started a run, kept with it in the store. startup: the sandbox's first reconcile, so its
 * demo data is computed; cli: `incentives sync` or `reconcile`; unknown: a run from before
 * triggers were kept.
 */
export type RunTrigger = "schedule" | "webhook" | "api" | "startup" | "cli" | "unknown";
/**
 * succeeded: everything applied; partial: some records quarantined or stopped for budget;
 * failed: the run stopped on an error; unavailable: nothing was attempted (no implementation);
 * running: not finished yet (only in listings).
 */
export type RunOutcome = "succeeded" | "partial" | "failed" | "unavailable" | "running";

export interface RunSummary {
  runId: string;
  kind: RunKind;
  trigger: RunTrigger;
  outcome: RunOutcome;
  /** ISO-8601 UTC. */
  startedAt: string;
  finishedAt: string;
  /** e.g. { read: 120, written: 40, quarantined: 2 }. */
  counts: Record<string, number>;
  message?: string;
}

/** A record a webhook announced as changed. `object` as the mapping names it (Opportunity, deals). */
export interface ChangedRecord {
  object: string;
  id: string;
}

export interface SyncRequest {
  /** Only this CRM; absent = both. */
  crm?: CrmName;
  /** Only these records (webhooks, targeted retries); absent = incremental sync from the cursor. */
  records?: ChangedRecord[];
  trigger: RunTrigger;
  /** Aborted on shutdown: stop between pages/batches, leaving cursors at the last applied page. */
  signal?: AbortSignal;
}

export interface ReconcileRequest {
  trigger: RunTrigger;
  signal?: AbortSignal;
}

export interface Jobs {
  sync(request: SyncRequest): Promise<RunSummary>;
  reconcile(request: ReconcileRequest): Promise<RunSummary>;
}

export interface Health {
  /** True when the store answers a trivial query. */
  store(): Promise<boolean>;
  /** Per CRM: true when its credentials are accepted (sandbox: the emulator answers). */
  crms(): Promise<Partial<Record<CrmName, boolean>>>;
}

/** A validation outcome: the document is fine, or here is every problem with it. */
export type Validation = { ok: true } | { ok: false; problems: Problem[] };
export type Outcome<T> = ({ ok: true } & T) | { ok: false; problems: Problem[] };

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. null = last page. */
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface MappingsAdmin {
  get(): Promise<JsonValue>;
  validate(document: JsonValue): Promise<Validation>;
  /** Replaces only when valid; an invalid document leaves the current mapping untouched. */
  replace(document: JsonValue): Promise<Outcome<{ mapping: JsonValue }>>;
}

export interface ProgramVersion {
  version: number;
  /** YYYY-MM-DD: periods starting on or after this date use this version. */
  effectiveFrom: string;
  publishedAt: string;
  program: JsonValue;
}

export interface ProgramsAdmin {
  list(): Promise<ProgramVersion[]>;
  validate(program: JsonValue): Promise<Validation>;
  publish(request: {
    program: JsonValue;
    effectiveFrom: string;
  }): Promise<Outcome<{ version: ProgramVersion }>>;
}

export interface PartnerSimulation {
  partnerId: string;
  name?: string;
  before: { payout: string; tier: string | null };
  after: { payout: string; tier: string | null };
}

export interface SimulationResult {
  period: string;
  currency: string;
  partners: PartnerSimulation[];
  /** Decimal strings. */
  totals: { before: string; after: string; delta: string };
}

export interface SimulateAdmin {
  /** A draft program against stored data; writes nothing. */
  simulate(request: { program: JsonValue; period: string }): Promise<Outcome<{ result: SimulationResult }>>;
}

export interface StatementsAdmin {
  /** A partner's statement for a period with per-line explanations; null when none exists. */
  get(request: { partnerId: string; period: string }): Promise<JsonObject | null>;
}

export interface LedgerAdmin {
  list(request: PageRequest & { partnerId?: string; period?: string }): Promise<Page<JsonObject>>;
}

export interface RunsAdmin {
  list(request: PageRequest & { kind?: RunKind }): Promise<Page<RunSummary>>;
}

export interface QuarantinedRecord {
  id: string;
  crm: CrmName;
  object: string;
  recordId: string;
  /** resolved: a later run applied the record cleanly (listed only without a status filter). */
  status: "open" | "dismissed" | "resolved";
  failure: { class: string; code: string; message: string; fields: string[] };
  firstSeenAt: string;
  lastAttemptAt: string;
  attempts: number;
}

export interface QuarantineAdmin {
  list(
    request: PageRequest & { crm?: CrmName; status?: "open" | "dismissed" },
  ): Promise<Page<QuarantinedRecord>>;
  /** Marks the record for the next run (or retries now); false when no such open record. */
  retry(id: string): Promise<boolean>;
  /** Stops retrying it; false when no such open record. */
  dismiss(id: string, reason: string | null): Promise<boolean>;
}

export interface Admin {
  mappings: MappingsAdmin;
  programs: ProgramsAdmin;
  simulate: SimulateAdmin;
  statements: StatementsAdmin;
  ledger: LedgerAdmin;
  runs: RunsAdmin;
  quarantine: QuarantineAdmin;
}
