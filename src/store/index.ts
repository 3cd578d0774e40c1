// Public surface of the store. Import from here, not from the files behind it.
export type { LedgerEntry, LedgerView, StatementFigures } from "./ledger/ledger-repo.ts";
export type { LedgerKind, PostedKind } from "./ledger/mapping.ts";
export { desiredEntries, LEDGER_KINDS } from "./ledger/mapping.ts";
export type { PeriodStatus } from "./ledger/periods-repo.ts";
export type { PostFailure, PostOptions, PostResult } from "./ledger/post.ts";
export type { PartnerStatement, PostableStatement, StatementLine } from "./ledger/statement.ts";
export { openStoreFromEnv, storeConfigFromEnv } from "./open-store.ts";
export type { Result } from "./result.ts";
export type { Backend, SqlExecutor } from "./sql.ts";
export type { Store, StoreConfig } from "./store.ts";
export { createStore, openStore } from "./store.ts";
