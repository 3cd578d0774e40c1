// Public surface of the store. Import from here, not from the files behind it.

export { comparePeriods, isPeriod, nextPeriod } from "../period/index.ts";
export { processAlive, StoreBusyError } from "./dir-lock.ts";
export type { Correction, CorrectionFailure, CorrectionInput } from "./ledger/corrections.ts";
export type {
  LedgerEntry,
  LedgerPage,
  LedgerRepo,
  LedgerTotal,
  LedgerView,
  PostedStatement,
  StatementFigures,
} from "./ledger/ledger-repo.ts";
export type { AdjustedKind, EntryKey, LedgerKind, PostedKind } from "./ledger/mapping.ts";
export { desiredEntries, isPostedLine, LEDGER_KINDS } from "./ledger/mapping.ts";
export type { PeriodStatus, PeriodsRepo } from "./ledger/periods-repo.ts";
export type { PostFailure, PostFailureCode, PostOptions, PostResult } from "./ledger/post.ts";
export type { PartnerStatement, PostableStatement, StatementLine } from "./ledger/statement.ts";
export { postableStatementSchema } from "./ledger/statement.ts";
export type { StatementHead, StatementParts } from "./ledger/statement-parts.ts";
export type { MigrateResult } from "./migrate.ts";
export { migrate } from "./migrate.ts";
export type { OpenFailure } from "./open-store.ts";
export {
  openStoreFromEnv,
  StoreConfigError,
  storeConfigFromEnv,
  storeEnvSchema,
  tryOpenStoreFromEnv,
} from "./open-store.ts";
export type { Dispute, DisputeInput, DisputeStatus, DisputesRepo } from "./payouts/disputes-repo.ts";
export type {
  PayoutAction,
  PayoutEvent,
  PayoutEventInput,
  PayoutEventsRepo,
  PayoutState,
} from "./payouts/events-repo.ts";
export { PAYOUT_ACTIONS, PAYOUT_STATES } from "./payouts/events-repo.ts";
export type { ExportBatch, PayoutExportsRepo } from "./payouts/exports-repo.ts";
export type { AdminSession, AdminSessionsRepo } from "./repos/admin-sessions.ts";
export type { AnalyticsSnapshot, AnalyticsSnapshotsRepo } from "./repos/analytics-snapshots.ts";
export type { ApiUsageRepo, ApiUsageSample } from "./repos/api-usage.ts";
export type { CrmLink, CrmLinksRepo, LinkOutcome } from "./repos/crm-links.ts";
export type { MappingVersion, MappingVersionsRepo } from "./repos/mapping-versions.ts";
export type {
  NudgeTask,
  NudgeTaskInput,
  NudgeTaskKind,
  NudgeTaskStatus,
  NudgeTasksRepo,
} from "./repos/nudge-tasks.ts";
export type { PartnerDirectoryRepo, PartnerListing, PeriodSummary } from "./repos/partner-directory.ts";
export type {
  PartnerAttributes,
  PartnerHistoryEntry,
  PartnerHistoryInput,
  PartnerHistoryRepo,
} from "./repos/partner-history.ts";
export type {
  ProgramVersion,
  ProgramVersionInput,
  ProgramVersionsRepo,
} from "./repos/program-versions.ts";
export { contentHash } from "./repos/program-versions.ts";
export type {
  ErrorClass,
  ErrorStatus,
  RecordError,
  RecordErrorFilter,
  RecordErrorInput,
  RecordErrorsRepo,
} from "./repos/record-errors.ts";
export type {
  DealInput,
  DealsRepo,
  JsonObject,
  PartnerInput,
  RecordsRepo,
  StoredDeal,
  StoredPartner,
} from "./repos/records-repo.ts";
export type { Run, RunKind, RunOutcome, RunsRepo, RunTrigger } from "./repos/runs.ts";
export { RUN_TRIGGERS } from "./repos/runs.ts";
export type {
  DataVersion,
  PostedPartner,
  PostedPeriod,
  SimulationInputsRepo,
} from "./repos/simulation-inputs.ts";
export type { Cursor, SyncCursorsRepo, WritebackEntry, WritebackStateRepo } from "./repos/sync-state.ts";
export type { InboxItem, WebhookInboxRepo } from "./repos/webhook-inbox.ts";
export type { WebhookReplayRepo } from "./repos/webhook-replay.ts";
export type { Result, StoreFailure } from "./result.ts";
export type { Backend, SessionLock, SqlExecutor, SqlTransaction } from "./sql.ts";
export type { Store, StoreConfig } from "./store.ts";
export { createStore, openExecutor, openStore } from "./store.ts";
