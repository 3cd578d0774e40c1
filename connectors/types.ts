// The one interface the sync layer talks to. A connector hides everything about its CRM —
// client library, wire shapes, paging, retries, rate limits — behind these few methods, so
// `src/sync/` never knows whether a record came from Salesforce or HubSpot.
//
// Values crossing this boundary are CRM-neutral: strings, booleans and null. Amounts and other
// decimals travel as decimal strings (never JS numbers), dates as `YYYY-MM-DD`, date-times as
// ISO-8601 UTC. Each connector converts to and from its own wire format.

export type CrmName = "salesforce" | "hubspot";

/** A neutral field value. Decimals are strings; see the file comment. */
export type FieldValue = string | boolean | null;

/** A record as read from a CRM, keyed by the CRM's own field (property) names. */
export interface CrmRecord {
  crm: CrmName;
  /** CRM object name as the mapping names it: `Account`, `Opportunity`, `companies`, `deals`. */
  object: string;
  /** The CRM's record id (Salesforce 18-char id, HubSpot numeric id as a string). */
  id: string;
  fields: Record<string, FieldValue>;
  /** When the CRM last changed the record (SystemModstamp / hs_lastmodifieddate), ISO UTC. */
  modifiedAt: string;
  /** Who last changed it, when the CRM says (Salesforce LastModifiedById, HubSpot hs_updated_by_user_id). */
  modifiedBy: string | null;
  /** True when the record is deleted/archived (a tombstone: `fields` may be empty). */
  deleted: boolean;
  /** Ids merged into this record (HubSpot hs_merged_object_ids, Salesforce MasterRecordId inverse). */
  mergedIds: string[];
  /**
   * The same record in the other CRM, when that CRM's native integration stores the link
   * (HubSpot `hs_salesforceopportunityid` / `salesforceaccountid`), so one deal is never counted twice.
   */
  mirrorOf: { crm: CrmName; id: string } | null;
  /** Associated record ids by the name the read request gave the association. */
  associations: Record<string, string[]>;
  /**
   * Fields whose text held characters no store or CRM can take (NUL, other control characters,
   * lone surrogates), replaced with U+FFFD at the connector boundary (connectors/text.ts).
   */
  repaired?: Array<{ field: string; found: string }>;
}

/** One AND-ed condition of a mapping's scope filter. Structured so no mapping can inject query text. */
export interface ScopeCondition {
  field: string;
  op: "eq" | "neq" | "in" | "not_in" | "gt" | "gte" | "lt" | "lte" | "is_null" | "not_null";
  value?: string | boolean | string[];
}

/** Follow an association and expose its targets on `CrmRecord.associations[as]`. */
export interface AssociationRequest {
  /** Target object, e.g. `companies`. */
  toObject: string;
  /** Association label to keep (e.g. `Partner`); absent = every association to that object. */
  label?: string;
  as: string;
}

/**
 * Where an incremental read resumes. Opaque to the sync layer, which stores it verbatim after
 * applying each page; each connector validates its own shape with zod when reading it back.
 */
export type SyncCursor = Readonly<Record<string, unknown>>;

export interface ReadRequest {
  object: string;
  fields: string[];
  scope?: ScopeCondition[];
  associations?: AssociationRequest[];
  /** `full` reads everything in scope (nightly reconcile); `incremental` resumes from `cursor`. */
  mode: "full" | "incremental";
  cursor: SyncCursor | null;
  /** Include deletions (tombstones) since the cursor. Default true for incremental reads. */
  includeDeleted?: boolean;
  signal?: AbortSignal;
}

export interface ReadPage {
  records: CrmRecord[];
  /** Save this after the page is applied; a crash then resumes from the next page. */
  cursor: SyncCursor;
}

/** A record a `create` associates the new record with (HubSpot; Salesforce relates by a lookup field). */
export interface CreateAssociation {
  /** Target object, e.g. `companies`. */
  toObject: string;
  toId: string;
}

/**
 * Records the sync layer wants written. `key` is the record id for updates, the external id for
 * upserts, and the caller's own reference for creates (echoed in the result beside the new id).
 * A create is not idempotent: the connector never resends one whose outcome is unknown (a
 * whole-call 5xx or network failure); the caller keeps its own record of what it created.
 */
export interface WriteRequest {
  object: string;
  operation: "update" | "upsert" | "create";
  /** Required for `upsert`: the unique external-id field (`Incentive_Key__c`, `incentive_key`). */
  externalIdField?: string;
  records: Array<{ key: string; fields: Record<string, FieldValue>; associations?: CreateAssociation[] }>;
  signal?: AbortSignal;
}

/**
 * How a failure should be treated: retried on every later run (lock, rate, 5xx), kept until a
 * person fixes the data (validation, bad value), or until an admin fixes configuration
 * (mapping, permission, missing field).
 */
export type FailureClass = "retryable" | "permanent" | "config";

export interface RecordFailure {
  class: FailureClass;
  /** The CRM's own error code, e.g. `FIELD_CUSTOM_VALIDATION_EXCEPTION`, `INVALID_OPTION`. */
  code: string;
  message: string;
  /** Fields (properties) the CRM blamed, when it says. */
  fields: string[];
}

export type RecordWriteResult =
  | { key: string; ok: true; id: string; created: boolean }
  | { key: string; ok: false; failure: RecordFailure };

export interface WriteResult {
  results: RecordWriteResult[];
  /** API calls this write spent. */
  calls: number;
  /** Set when the connector stopped before sending everything because the API budget ran low. */
  stoppedForBudget: boolean;
}

export type FieldType =
  | "string"
  | "textarea"
  | "number"
  | "currency"
  | "percent"
  | "boolean"
  | "date"
  | "datetime"
  | "picklist"
  | "multipicklist"
  | "id"
  | "reference"
  | "other";

export interface FieldDescription {
  name: string;
  label: string;
  type: FieldType;
  updateable: boolean;
  createable: boolean;
  nillable: boolean;
  length?: number;
  precision?: number;
  scale?: number;
  picklistValues?: string[];
  restrictedPicklist?: boolean;
  unique?: boolean;
  externalId?: boolean;
}

export interface ObjectDescription {
  object: string;
  fields: FieldDescription[];
}

export interface ApiBudget {
  used: number;
  limit: number;
  /** The configured share of `limit` at which the connector stops starting new work (e.g. 0.8). */
  stopAtShare: number;
}

export interface ApiCallStats {
  reads: number;
  writes: number;
  /** Calls that were retried (429, 5xx, lock errors), counted once per retry. */
  retries: number;
}

export interface ProvisionProblem {
  object: string;
  field: string;
  problem: "missing" | "wrong_type" | "not_updateable" | "missing_picklist_value" | "other";
  detail: string;
}

export interface ProvisionReport {
  /** What was (or, with `check`, would be) created or changed. */
  changes: string[];
  problems: ProvisionProblem[];
}

export interface CrmConnector {
  readonly crm: CrmName;
  /** Streams pages; never holds a whole object in memory. */
  read(request: ReadRequest): AsyncIterable<ReadPage>;
  /** Targeted read of known ids (webhooks); unknown or deleted ids come back as tombstones. */
  readByIds(
    object: string,
    ids: string[],
    fields: string[],
    associations?: AssociationRequest[],
  ): Promise<CrmRecord[]>;
  /** Batched write; one bad record never fails the others. */
  write(request: WriteRequest): Promise<WriteResult>;
  describe(object: string): Promise<ObjectDescription>;
  /** Current API usage as last reported by the CRM (fetched when unknown). */
  budget(): Promise<ApiBudget>;
  stats(): ApiCallStats;
  /**
   * The CRM user the connector writes as (Salesforce LastModifiedById, HubSpot
   * hs_updated_by_user_id), so a sync can tell its own writes from a person's; null when unknown.
   */
  integrationUserId?(): Promise<string | null>;
  /**
   * The currency amounts handed to `write` must be in, for a connector that converts them into
   * the CRM's own currency (HubSpot's company currency). Absent: amounts are written as given.
   */
  amountCurrency?(): string;
  /** Creates (or with `check: true` only compares) the CRM-side fields the product writes. */
  provision(options: { check: boolean }): Promise<ProvisionReport>;
  close(): Promise<void>;
}
