// The sync layer's working set: every canonical partner and deal with, per CRM, the side it was
// read from (raw CRM fields, mapped values, when and by whom it last changed) and what the
// service last wrote there. Held in memory for one run and persisted as the record's `raw`
// payload, so linking, merging, echo suppression and outbound diffs never query per record.
import { createHash } from "node:crypto";
import type { CrmName, FieldValue } from "../../connectors/types.ts";
import type { CanonicalValue, EntityName } from "./mapping/index.ts";
import type { RecordedAttributes } from "./partner-history.ts";

export interface Side {
  /** CRM record id. */
  id: string;
  object: string;
  modifiedAt: string;
  modifiedBy: string | null;
  /** The CRM fields as last read (or as last written by the service). */
  fields: Record<string, FieldValue>;
  /** Canonical values mapped from `fields`. */
  values: Record<string, CanonicalValue>;
  /** Deals: the canonical partner the CRM names. */
  partnerId?: string | null;
  /** `both` fields: when a user last changed the value on this side (for `latest`). */
  userAt?: Record<string, string>;
}

export interface RawDoc {
  sides: Partial<Record<CrmName, Side>>;
  /** Deals: the service treats the deal as cancelled (deleted, merged away, or moved out of won after earning). */
  cancelled?: { on: string; reason: string } | null;
  /** Partners: Incentive_Payout__c rows last written, external key → hash of the values written (payouts.ts). */
  payouts?: Record<string, string>;
  /** Partners: when the service created the partner's record in a CRM (it never does so twice). */
  createdIn?: Partial<Record<CrmName, string>>;
  /** Partners: a CRM's record that went away (deleted, merged, out of scope): not re-created there. */
  removed?: Partial<Record<CrmName, { id: string; on: string; reason: string }>>;
}

export interface Entry {
  id: string;
  entity: EntityName;
  /** Canonical values (spec §1 fields, plus `domain` for partners). */
  data: Record<string, CanonicalValue>;
  raw: RawDoc;
  deleted: boolean;
}

export const CRMS: readonly CrmName[] = ["salesforce", "hubspot"];
export const ENTITIES: readonly EntityName[] = ["partner", "deal"];

/**
 * The service's own key for a record: derived from the cross-CRM match key when there is one
 * (so both CRMs' copies arrive at the same key in any order, and a re-run after a crash makes
 * the same keys), else from the first CRM record it was seen as.
 */
export function canonicalId(entity: EntityName, basis: string): string {
  const digest = createHash("sha256").update(`${entity}\u0000${basis}`).digest("hex").slice(0, 16);
  return `${entity === "partner" ? "P" : "D"}-${digest.toUpperCase()}`;
}

export function linkKey(crm: CrmName, object: string, id: string): string {
  return `${crm}\u0000${object}\u0000${id}`;
}

/**
 * The run's working set. Partners (a few thousand) stay in memory for the whole run; deals
 * (hundreds of thousands) are loaded from the store for the page that touches them and evicted
 * once the page is persisted, so a run's memory does not grow with the number of deals. In a
 * dry run nothing is persisted, so touched deals stay cached and overlay the store.
 */
export class WorkingSet {
  readonly partners = new Map<string, Entry>();
  /** crm/object/id → canonical id, for every partner. */
  readonly links = new Map<string, string>();
  /** Deals loaded (or created) for the current page. */
  readonly deals = new Map<string, Entry>();
  /** crm/object/id → canonical id, for the cached deals. */
  readonly dealLinks = new Map<string, string>();
  /** Deal links removed this run but not yet persisted (dry run): the store's copy is stale. */
  readonly droppedDealLinks = new Set<string>();
  /** Per partner, the attributes its history (program format §6) last recorded. */
  readonly recordedAttributes = new Map<string, RecordedAttributes>();

  of(entity: EntityName): Map<string, Entry> {
    return entity === "partner" ? this.partners : this.deals;
  }

  linksOf(entity: EntityName): Map<string, string> {
    return entity === "partner" ? this.links : this.dealLinks;
  }

  add(entry: Entry): void {
    this.of(entry.entity).set(entry.id, entry);
    const links = this.linksOf(entry.entity);
    for (const [crm, side] of Object.entries(entry.raw.sides) as [CrmName, Side][]) {
      links.set(linkKey(crm, side.object, side.id), entry.id);
    }
  }

  /** Forgets the cached deals once their page is in the store. */
  evictDeals(): void {
    this.deals.clear();
    this.dealLinks.clear();
    this.droppedDealLinks.clear();
  }
}

function rawOf(raw: unknown): RawDoc {
  const r = raw as RawDoc | null;
  return r && typeof r === "object" && r.sides ? r : { sides: {} };
}

/** A stored partner or deal as a working-set entry. */
export function entryOf(
  entity: EntityName,
  row: { id: string; data: unknown; raw: unknown; deleted: boolean },
): Entry {
  return { id: row.id, entity, data: row.data as Entry["data"], raw: rawOf(row.raw), deleted: row.deleted };
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
