// The narrow interfaces the HTTP shell and the scheduler need from the rest of the product.
// The sync/store layers implement them; the service never reaches past them. Documents the
// service does not own (mappings, programs, statements, ledger entries) cross as JSON values:
// the service parses the envelope of each request, the owner validates the document itself.
import type { CrmName } from "../../connectors/types.ts";
import type { RunTrigger as StoredTrigger } from "../store/index.ts";
import type { Problem } from "./errors.ts";

export type { Problem } from "./errors.ts";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type RunKind = "sync" | "reconcile";
/** What can start a run, kept with it in the store (the store's RUN_TRIGGERS list them). */
export type RunStarter = StoredTrigger;
/** What started a listed run; unknown: a run from before triggers were kept. */
export type RunTrigger = RunStarter | "unknown";
/**
 * succeeded: everything applied; partial: some records quarantined or stopped for budget;
 * failed: the run stopped on an error; unavailable: nothing was attempted (no implementation, or another process held the run lock);
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

/**
 * Where webhooks leave the records they announce (issue #20, point 2): the answer to the CRM is
 * sent once `enqueue` resolved, so it must be quick and durable (the store's inbox); the sync
 * happens afterwards. Rejects when the records could not be kept (the CRM then redelivers).
 */
export interface WebhookInbox {
  enqueue(crm: CrmName, records: ChangedRecord[]): Promise<void>;
}

export interface SyncRequest {
  /** Only this CRM; absent = both. */
  crm?: CrmName;
  /** Only these records (webhooks, targeted retries); absent = incremental sync from the cursor. */
  records?: ChangedRecord[];
  trigger: RunStarter;
  /** Aborted on shutdown: stop between pages/batches, leaving cursors at the last applied page. */
  signal?: AbortSignal;
}

export interface ReconcileRequest {
  trigger: RunStarter;
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
  /** Each CRM's mapping as the YAML text in force (comments kept), for editing. */
  texts?(): Promise<Record<string, string>>;
  /** `live`: also against each CRM's live describe/properties (fields, types, picklist values). */
  validate(document: JsonValue, options?: { live?: boolean }): Promise<Validation>;
  /**
   * Replaces only when valid; an invalid document leaves the current mapping untouched. `actor`
   * (who saved it) goes into the history.
   */
  replace(document: JsonValue, actor?: string): Promise<Outcome<{ mapping: JsonValue }>>;
  /** Saved versions, newest first, each with its diff against the version before it. */
  history?(request: PageRequest & { crm?: CrmName }): Promise<Page<MappingChange>>;
  /** An object's fields as the CRM describes them (the console's field picker). */
  fields?(crm: CrmName, object: string): Promise<CrmField[] | null>;
  /** Picklist values records brought in that the value maps do not know (quarantined records). */
  unmappedValues?(): Promise<UnmappedValue[]>;
  /** Adds `value → canonical` to a field's value map, saves it, and queues the records for retry. */
  mapValue?(
    request: { crm: CrmName; entity: "partner" | "deal"; field: string; value: string; canonical: string },
    actor: string,
  ): Promise<Outcome<{ retried: number }>>;
}

export interface MappingChange {
  id: string;
  crm: CrmName;
  changedBy: string;
  changedAt: string;
  /** Unified diff against the previous version ("" for the first one recorded). */
  diff: string;
}

export interface CrmField {
  name: string;
  label: string;
  type: string;
  updateable: boolean;
  picklistValues?: string[];
}

export interface UnmappedValue {
  crm: CrmName;
  entity: "partner" | "deal";
  object: string;
  /** Canonical field and the CRM field it is read from. */
  field: string;
  crmField: string;
  value: string;
  /** The canonical values it can be mapped to. */
  choices: string[];
  /** Open quarantined records holding the value (at most 20 ids listed). */
  records: number;
  recordIds: string[];
}

export interface ProgramVersion {
  version: number;
  /** YYYY-MM-DD: periods starting on or after this date use this version. */
  effectiveFrom: string;
  publishedAt: string;
  program: JsonValue;
  /** The program's YAML text as published (comments kept). */
  text?: string;
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

/** One component's total over every partner, before and after (decimal strings). */
export interface ComponentDelta {
  component: string;
  before: string;
  after: string;
  delta: string;
}

export interface SimulationResult {
  period: string;
  currency: string;
  partners: PartnerSimulation[];
  /** Decimal strings. */
  totals: { before: string; after: string; delta: string };
  /** Per component (statement lines summed), so a change can be traced to what moved. */
  components?: ComponentDelta[];
}

/**
 * A simulation running in the background (POST /api/simulations): the page polls it for its
 * progress and reads the result when it is done.
 */
export interface SimulationJob {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  period: string;
  /** SHA-256 of the draft's text: the same text, period and data version give the same answer. */
  draftHash: string;
  /** The version of the stored data the simulation read (store: simulationInputs.dataVersion). */
  dataVersion: string;
  requestedBy: string;
  /** True when this answer is an earlier job's, for the same draft, period and data version. */
  cached: boolean;
  /** While reading, `done`/`total` count deals; null in the other phases. */
  progress: {
    phase: "queued" | "reading" | "baseline" | "computing" | "comparing" | "done";
    done: number | null;
    total: number | null;
  };
  /** Where "before" came from: the statements the last run posted, or computed now; none without a program. */
  baseline: "posted" | "computed" | "none" | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  result?: SimulationResult;
  /** When failed: the problems, paths within the draft program ("" for the whole of it). */
  problems?: Problem[];
}

export interface SimulateAdmin {
  /** A draft program against stored data, waited for; writes nothing. */
  simulate(request: { program: JsonValue; period: string }): Promise<Outcome<{ result: SimulationResult }>>;
  /** Starts the simulation in the background (or finds the same one); an invalid draft is refused at once. */
  start(request: {
    program: JsonValue;
    period: string;
    by: string;
  }): Promise<Outcome<{ job: SimulationJob }>>;
  /** A simulation job, or null when this service does not know it (finished long ago, or restarted). */
  job(id: string): SimulationJob | null;
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
  /** A retry was asked for and the next run has not tried it yet. */
  retryRequested?: boolean;
  /** Where to open the record in its CRM, when known. */
  url?: string;
}

export interface QuarantineAdmin {
  list(
    request: PageRequest & { crm?: CrmName; status?: "open" | "dismissed"; code?: string },
  ): Promise<Page<QuarantinedRecord>>;
  /** Marks the record for the next run (or retries now); false when no such open record. */
  retry(id: string): Promise<boolean>;
  /** Stops retrying it; false when no such open record. */
  dismiss(id: string, reason: string | null): Promise<boolean>;
}

/** A refusal of a payout request: the transition or document did not apply (409), with why. */
export interface Refused {
  refused: { code: string; message: string };
}

/**
 * Payout operations (issue #16). Selections, corrections, disputes and payment files are owned by
 * src/payouts and validated there; results cross as JSON. `actor` names the person acting: the
 * admin token does not identify one, so every change carries it.
 */
export interface PayoutsAdmin {
  list(request: { period: string; selection: JsonObject }): Promise<Outcome<{ listing: JsonObject }>>;
  get(request: { partnerId: string; period: string }): Promise<JsonObject | null>;
  act(request: {
    action: "approve" | "hold" | "release";
    selection: JsonObject;
    actor: string;
    reason: string;
  }): Promise<Outcome<{ report: JsonObject }>>;
  correct(request: JsonObject & { actor: string }): Promise<JsonObject | Refused>;
  exportBatch(request: { period: string; actor: string }): Promise<JsonObject>;
  batches(request: { period?: string }): Promise<JsonObject[]>;
  batchFile(batch: number): Promise<{ csv: string; period: string } | null>;
  markPaid(request: { csv: string; actor: string }): Promise<JsonObject>;
  disputes(request: { status?: string; period?: string; partnerId?: string }): Promise<JsonObject[]>;
  openDispute(request: JsonObject & { actor: string }): Promise<JsonObject | Refused>;
  resolveDispute(request: JsonObject & { id: number; actor: string }): Promise<JsonObject | Refused>;
  closePeriod(request: { period: string; actor: string }): Promise<JsonObject | Refused>;
}

export interface PartnerListItem {
  id: string;
  name: string | null;
  domain: string | null;
  type: string | null;
  sourceCrm: string | null;
  latest: { period: string; tier: string | null; payable: string; currency: string } | null;
}

export interface PartnerDetail {
  id: string;
  name: string | null;
  data: JsonObject;
  /** The partner's record in each CRM, with a link to open it when known. */
  records: Array<{ crm: CrmName; object: string; id: string; url?: string }>;
  /** Last posted statement per period, oldest first: the tier history and payable over time. */
  periods: Array<{
    period: string;
    currency: string;
    tier: string | null;
    score: string | null;
    earned: string;
    payable: string;
    funds: Record<string, string>;
    programVersion: number;
    postedAt: string;
  }>;
  /** The scorecard of the program version in effect for the latest period (metric, weight, target). */
  scorecard: JsonValue[];
}

export interface PartnersAdmin {
  search(request: PageRequest & { q?: string }): Promise<Page<PartnerListItem> & { total: number }>;
  get(partnerId: string): Promise<PartnerDetail | null>;
}

export interface UsageSeries {
  crm: CrmName;
  samples: Array<{ at: string; used: number; limit: number }>;
}

/** The run going on in this process, as its phases report progress. */
export interface LiveRun {
  kind: RunKind;
  /** What started it (manual from the API/console, schedule, webhook…), as in the runs list. */
  trigger: RunTrigger;
  startedAt: string;
  /** e.g. "read salesforce Opportunity", "write hubspot deals". */
  phase: string | null;
  done: number;
  total: number | null;
  phasesDone: string[];
}

export interface ErrorGroup {
  crm: CrmName;
  class: string;
  code: string;
  open: number;
  example: string;
}

export interface ScheduleInfo {
  enabled: boolean;
  sync: { cron: string; next: string | null };
  reconcile: { cron: string; timezone: string; next: string | null };
}

export interface SyncHealthAdmin {
  usage(request: { days: number }): Promise<UsageSeries[]>;
  live(): LiveRun | null;
  errors(): Promise<ErrorGroup[]>;
  schedule(): ScheduleInfo;
}

/**
 * What the HubSpot app cards show (CONTRACT.md, docs/hubspot-cards.md), read from the store only:
 * opening a card never spends a CRM API call. Answers carry `status`: ok, not_partner /
 * no_partner, not_computed.
 */
export interface CompanyCardQuery {
  /** null = the latest period with a posted statement. */
  period: string | null;
  /** The page of the period's deals (latest close first). */
  dealsLimit: number;
  dealsOffset: number;
}

export interface HubSpotCards {
  company(companyId: string, query: CompanyCardQuery): Promise<JsonObject>;
  deal(dealId: string): Promise<JsonObject>;
}

/** Program analytics for a period (issue #17, docs/analytics.md). */
export interface AnalyticsAdmin {
  /** The program's analytics for `period`; a period of another granularity is refused. */
  get(request: { period: string }): Promise<Outcome<{ analytics: JsonObject }>>;
}

export interface Admin {
  mappings: MappingsAdmin;
  programs: ProgramsAdmin;
  simulate: SimulateAdmin;
  statements: StatementsAdmin;
  ledger: LedgerAdmin;
  runs: RunsAdmin;
  quarantine: QuarantineAdmin;
  payouts: PayoutsAdmin;
  partners?: PartnersAdmin;
  syncHealth?: SyncHealthAdmin;
  analytics?: AnalyticsAdmin;
}
