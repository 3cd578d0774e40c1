// Shapes of the admin API's answers, as the console reads them (docs/service.md is the contract).
export type CrmName = "salesforce" | "hubspot";

export interface Problem {
  path: string;
  message: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SessionInfo {
  user: string;
  csrfToken: string;
  expiresAt: string;
}

export interface Validation {
  valid: boolean;
  problems: Problem[];
}

export interface MappingChange {
  id: string;
  crm: CrmName;
  changedBy: string;
  changedAt: string;
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
  field: string;
  crmField: string;
  value: string;
  choices: string[];
  records: number;
  recordIds: string[];
}

export interface ProgramVersion {
  version: number;
  effectiveFrom: string;
  publishedAt: string;
  program: unknown;
  text?: string;
}

export interface SimulationResult {
  period: string;
  currency: string;
  partners: Array<{
    partnerId: string;
    name?: string;
    before: { payout: string; tier: string | null };
    after: { payout: string; tier: string | null };
  }>;
  totals: { before: string; after: string; delta: string };
  components?: Array<{ component: string; before: string; after: string; delta: string }>;
}

/** POST /api/simulations answers with a job; GET /api/simulations/:id reads it back. */
export interface SimulationJob {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  period: string;
  cached: boolean;
  progress: {
    phase: "queued" | "reading" | "baseline" | "computing" | "comparing" | "done";
    done: number | null;
    total: number | null;
  };
  baseline: "posted" | "computed" | "none" | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  result?: SimulationResult;
  problems?: Problem[];
}

export interface RunSummary {
  runId: string;
  kind: "sync" | "reconcile";
  trigger: string;
  outcome: string;
  startedAt: string;
  finishedAt: string;
  counts: Record<string, number>;
  message?: string;
}

export interface LiveRun {
  kind: string;
  trigger: string;
  startedAt: string;
  phase: string | null;
  done: number;
  total: number | null;
  phasesDone: string[];
}

export interface QuarantinedRecord {
  id: string;
  crm: CrmName;
  object: string;
  recordId: string;
  status: string;
  failure: { class: string; code: string; message: string; fields: string[] };
  firstSeenAt: string;
  lastAttemptAt: string;
  attempts: number;
  retryRequested?: boolean;
  url?: string;
}

export interface ErrorGroup {
  crm: CrmName;
  class: string;
  code: string;
  open: number;
  example: string;
}

export interface UsageSeries {
  crm: CrmName;
  samples: Array<{ at: string; used: number; limit: number }>;
}

export interface ScheduleInfo {
  enabled: boolean;
  sync: { cron: string; next: string | null };
  reconcile: { cron: string; timezone: string; next: string | null };
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
  data: Record<string, unknown>;
  records: Array<{ crm: CrmName; object: string; id: string; url?: string }>;
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
  scorecard: Array<{ metric?: string; weight?: number | string; target?: string }>;
}

export interface StatementLine {
  component: string;
  kind: string;
  deal_id: string | null;
  amount: string;
  explanation?: string;
  forfeited?: boolean;
}

export interface Statement {
  period: string;
  currency: string;
  program: string | null;
  partner: {
    partner_id: string;
    /** Programs with a list of ladders only: the ladder the partner is on (null: none, Standard). */
    ladder?: string | null;
    tier?: string;
    score?: string | null;
    earned: string;
    held_back: string;
    released: string;
    clawed_back: string;
    carry_forward: string;
    payable: string;
    funds?: Record<string, string>;
    lines: StatementLine[];
    /** Only when there is something to say, e.g. a tier carried over to another ladder. */
    notes?: string[];
  };
  ledger?: { periodTotal: string; balanced: boolean };
  /** Where the payout stands (issue #16); null when nothing was ever recorded for it. */
  payout?: PayoutStanding | null;
  openDisputes?: Dispute[];
}

/** One partner-period's payout as GET /api/payouts/:period/:partnerId and the statement give it. */
export interface PayoutStanding {
  state: "computed" | "held" | "approved" | "exported" | "paid";
  /** The state shown: the lifecycle state, or disputed while a dispute is open. */
  display: "computed" | "held" | "approved" | "exported" | "paid" | "disputed";
  currency: string | null;
  due: string;
  exported: string;
  paid: string;
  outstanding: string;
  approval: { reference: string; amount: string; by: string; at: string } | null;
  /** Review rules that held the payout (issue #16). */
  flags: string[];
  openDisputes: number;
}

export interface Dispute {
  id: number;
  period: string;
  partner: string;
  deal: string | null;
  /** The statement line disputed (a component id), when one is named. */
  line: string | null;
  reason: string;
  openedBy: string;
  openedAt: string;
  status: "open" | "dismissed" | "adjusted";
}
