// The one persistence interface the rest of the service uses. Built over a SqlExecutor, so
// callers never know whether PGlite or a PostgreSQL server is underneath.
import {
  type Correction,
  type CorrectionFailure,
  type CorrectionInput,
  postCorrection,
} from "./ledger/corrections.ts";
import type { LedgerRepo } from "./ledger/ledger-repo.ts";
import { ledgerRepo } from "./ledger/ledger-repo.ts";
import type { PeriodsRepo } from "./ledger/periods-repo.ts";
import { ledgerLockKey, periodsRepo } from "./ledger/periods-repo.ts";
import { migrate } from "./migrate.ts";
import { type DisputesRepo, disputesRepo } from "./payouts/disputes-repo.ts";
import { type PayoutEventsRepo, payoutEventsRepo } from "./payouts/events-repo.ts";
import { type PayoutExportsRepo, payoutExportsRepo } from "./payouts/exports-repo.ts";
import type { AdminSessionsRepo } from "./repos/admin-sessions.ts";
import { adminSessionsRepo } from "./repos/admin-sessions.ts";
import { type AnalyticsSnapshotsRepo, analyticsSnapshotsRepo } from "./repos/analytics-snapshots.ts";
import type { ApiUsageRepo } from "./repos/api-usage.ts";
import { apiUsageRepo } from "./repos/api-usage.ts";
import type { CrmLinksRepo } from "./repos/crm-links.ts";
import { crmLinksRepo } from "./repos/crm-links.ts";
import type { MappingVersionsRepo } from "./repos/mapping-versions.ts";
import { mappingVersionsRepo } from "./repos/mapping-versions.ts";
import type { NudgeTasksRepo } from "./repos/nudge-tasks.ts";
import { nudgeTasksRepo } from "./repos/nudge-tasks.ts";
import type { PartnerDirectoryRepo } from "./repos/partner-directory.ts";
import { partnerDirectoryRepo } from "./repos/partner-directory.ts";
import type { PartnerHistoryRepo } from "./repos/partner-history.ts";
import { partnerHistoryRepo } from "./repos/partner-history.ts";
import type { ProgramVersionsRepo } from "./repos/program-versions.ts";
import { programVersionsRepo } from "./repos/program-versions.ts";
import type { QuarantineGroupsRepo } from "./repos/quarantine-groups.ts";
import { quarantineGroupsRepo } from "./repos/quarantine-groups.ts";
import type { RecordErrorsRepo } from "./repos/record-errors.ts";
import { recordErrorsRepo } from "./repos/record-errors.ts";
import type { DealsRepo, PartnerInput, RecordsRepo, StoredPartner } from "./repos/records-repo.ts";
import { dealsRepo, partnersRepo } from "./repos/records-repo.ts";
import type { RunsRepo } from "./repos/runs.ts";
import { runsRepo } from "./repos/runs.ts";
import type { SimulationInputsRepo } from "./repos/simulation-inputs.ts";
import { simulationInputsRepo } from "./repos/simulation-inputs.ts";
import type { SyncCursorsRepo, WritebackStateRepo } from "./repos/sync-state.ts";
import { syncCursorsRepo, writebackStateRepo } from "./repos/sync-state.ts";
import { type WebhookInboxRepo, webhookInboxRepo } from "./repos/webhook-inbox.ts";
import { type WebhookReplayRepo, webhookReplayRepo } from "./repos/webhook-replay.ts";
import type { Result } from "./result.ts";
import type { Backend, SessionLock, SqlExecutor } from "./sql.ts";
import { bindToTransaction } from "./sql.ts";

export interface Store {
  readonly backend: Backend;
  readonly schema: string;
  readonly partners: RecordsRepo<PartnerInput, StoredPartner>;
  /** Partner attributes over time (program format §6). */
  readonly partnerHistory: PartnerHistoryRepo;
  readonly deals: DealsRepo;
  readonly crmLinks: CrmLinksRepo;
  readonly syncCursors: SyncCursorsRepo;
  readonly writeback: WritebackStateRepo;
  readonly programVersions: ProgramVersionsRepo;
  readonly runs: RunsRepo;
  readonly recordErrors: RecordErrorsRepo;
  readonly ledger: LedgerRepo;
  readonly periods: PeriodsRepo;
  /** Payout operations (issue #16): lifecycle events, disputes, export batches. */
  readonly payoutEvents: PayoutEventsRepo;
  readonly disputes: DisputesRepo;
  readonly payoutExports: PayoutExportsRepo;
  /** CRM tasks created for near-tier nudges and tier changes (idempotency, issue #16). */
  readonly nudgeTasks: NudgeTasksRepo;
  /** A person's correction of a partner-period: one adjustment row (ledger/corrections.ts). */
  correct(input: CorrectionInput): Promise<Result<Correction, CorrectionFailure>>;
  // The admin console's tables and read models.
  readonly adminSessions: AdminSessionsRepo;
  readonly mappingVersions: MappingVersionsRepo;
  readonly apiUsage: ApiUsageRepo;
  readonly partnerDirectory: PartnerDirectoryRepo;
  readonly quarantineGroups: QuarantineGroupsRepo;
  /** Records webhooks announced, until synced (issue #20). */
  readonly webhookInbox: WebhookInboxRepo;
  /** Webhook signatures and event ids seen within their window (issue #20). */
  readonly webhookReplay: WebhookReplayRepo;
  /**
   * The lock every run that writes to the CRMs holds for its whole duration (issue #20): on
   * PostgreSQL a session advisory lock keyed by schema, so two processes (CLI or service, any
   * replica) never write to the CRMs at once. null when another process holds it.
   */
  tryRunLock(): Promise<SessionLock | null>;
  /** A simulation's data version and the posted statements it may start from. */
  readonly simulationInputs: SimulationInputsRepo;
  /** Program analytics of closed periods, as first computed (issue #17). */
  readonly analyticsSnapshots: AnalyticsSnapshotsRepo;
  /** True when the database answers a trivial query (health checks). */
  ping(): Promise<boolean>;
  /** Runs `fn` with a store whose every repository works inside one transaction. */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /**
   * Like `transaction`, holding the lock postings and closes of `period` take: payout
   * transitions of the period never interleave with a posting or a close.
   */
  inPeriod<T>(period: string, fn: (store: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where the store lives: embedded PGlite (a folder, or memory) or a PostgreSQL server. */
export type StoreConfig =
  | { backend: "pglite"; dataDir: string | null; schema?: string }
  | { backend: "postgres"; connectionString: string; schema?: string; poolSize?: number };

/** The run lock's key (in the schema's namespace; ledger locks use period keys). */
export const RUN_LOCK_KEY = "run:crm-writes";

/** Wraps an already open executor (migrations are not run; see `openStore`). */
export function createStore(db: SqlExecutor): Store {
  return {
    backend: db.backend,
    schema: db.schema,
    partners: partnersRepo(db),
    partnerHistory: partnerHistoryRepo(db),
    deals: dealsRepo(db),
    crmLinks: crmLinksRepo(db),
    syncCursors: syncCursorsRepo(db),
    writeback: writebackStateRepo(db),
    programVersions: programVersionsRepo(db),
    runs: runsRepo(db),
    recordErrors: recordErrorsRepo(db),
    ledger: ledgerRepo(db),
    periods: periodsRepo(db),
    payoutEvents: payoutEventsRepo(db),
    disputes: disputesRepo(db),
    payoutExports: payoutExportsRepo(db),
    nudgeTasks: nudgeTasksRepo(db),
    correct: (input) => postCorrection(db, input),
    adminSessions: adminSessionsRepo(db),
    mappingVersions: mappingVersionsRepo(db),
    apiUsage: apiUsageRepo(db),
    partnerDirectory: partnerDirectoryRepo(db),
    quarantineGroups: quarantineGroupsRepo(db),
    webhookInbox: webhookInboxRepo(db),
    webhookReplay: webhookReplayRepo(db),
    tryRunLock: () => db.trySessionLock(RUN_LOCK_KEY),
    simulationInputs: simulationInputsRepo(db),
    analyticsSnapshots: analyticsSnapshotsRepo(db),
    ping: async () => {
      try {
        await db.query("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    transaction: (fn) => db.transaction((tx) => fn(createStore(bindToTransaction(db, tx)))),
    inPeriod: (period, fn) =>
      db.transaction(async (tx) => {
        await db.lockInTransaction(tx, ledgerLockKey(period));
        return fn(createStore(bindToTransaction(db, tx)));
      }),
    close: () => db.close(),
  };
}

// The drivers load when a store opens, not when this module does: config parsing imports the
// store's index and must not load PGlite or pg (the service parses its config before anything).
export async function openExecutor(config: StoreConfig): Promise<SqlExecutor> {
  if (config.backend === "pglite") {
    const { openPglite } = await import("./pglite-executor.ts");
    return openPglite({ dataDir: config.dataDir, ...(config.schema ? { schema: config.schema } : {}) });
  }
  const { openPostgres } = await import("./pg-executor.ts");
  return openPostgres({
    connectionString: config.connectionString,
    ...(config.schema ? { schema: config.schema } : {}),
    ...(config.poolSize ? { max: config.poolSize } : {}),
  });
}

/** Opens the store and applies pending migrations (safe when several processes start at once). */
export async function openStore(
  config: StoreConfig,
  wrap?: (db: SqlExecutor) => SqlExecutor,
): Promise<Store> {
  const raw = await openExecutor(config);
  try {
    await migrate(raw);
  } catch (error) {
    await raw.close();
    throw error;
  }
  return createStore(wrap ? wrap(raw) : raw);
}
