// Everything a route handler may touch, created once per emulator instance.

import type {
  ReportDefinition,
  ReportTypeDefinition,
} from "../../connectors/salesforce/report-definitions.ts";
import type { CallAccounting } from "../call-accounting.ts";
import type { FaultInjector } from "../faults.ts";
import type { TokenStore } from "../tokens.ts";
import type { FaultConfig, ResolvedOptions } from "./options.ts";
import type { OrgState } from "./org-state.ts";
import type { Rec } from "./schema/types.ts";
import type { Plan } from "./soql/compile.ts";

export interface QueryCursor {
  plan: Plan;
  rows: Rec[] | Record<string, unknown>[];
  queryAll: boolean;
  /** Cursors and their results are available for 2 days (no count limit since API 56.0).
   * https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-apicursors.html */
  createdAt: number;
}

/** One of the package's reports as the org holds it: its record id and definition. */
export interface PackageReport {
  id: string;
  def: ReportDefinition;
  /** Null when its report type is not in the package (a standard one): listed, not runnable. */
  type: ReportTypeDefinition | null;
}

export interface Runtime {
  org: OrgState;
  opts: ResolvedOptions;
  tokens: TokenStore;
  faults: FaultInjector<FaultConfig>;
  calls: CallAccounting;
  usage: { used: number };
  /** Query cursors by id; insertion-ordered so the oldest are evicted first. */
  cursors: Map<string, QueryCursor>;
  users: { integration: string; admin: string };
  /** Base URL the emulator serves at (set once listening). */
  url: () => string;
  now: () => number;
  /** Bulk 2.0 job stores, owned by the bulk route modules. */
  bulk: Map<string, unknown>;
  /** The package's reports the Analytics API runs, by 18-char id. */
  reports: Map<string, PackageReport>;
}

/** Memory guard, not a Salesforce limit: the oldest cursors beyond this are dropped. */
export const MAX_CURSORS = 1_000;
export const CURSOR_LIFETIME_MS = 2 * 86_400_000;

export function rememberCursor(rt: Runtime, id: string, cursor: QueryCursor): void {
  rt.cursors.set(id, cursor);
  if (rt.cursors.size > MAX_CURSORS) {
    const oldest = rt.cursors.keys().next().value;
    if (oldest !== undefined) rt.cursors.delete(oldest);
  }
}
