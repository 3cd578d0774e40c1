// Association types (labels) and links between records, v4 semantics
// (https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide):
// - default HUBSPOT_DEFINED type ids: deal→company 341 / company→deal 342, primary 5 / 6,
//   deal→contact 3 / 4, contact→company 279 / company→contact 280, primary 1 / 2
//   (SDK enum AssociationTypes);
// - creating a labelled association also creates the unlabelled default one;
// - a record has at most one primary company (setting a new primary moves it);
// - user-defined labels get portal-unique type ids (we issue them from 100 upwards); a label
//   without `inverseLabel` uses the same type id in both directions.

import type { HsRecord } from "./object-store.ts";
import type { ObjectTypeName } from "./object-types.ts";

export type AssociationCategory = "HUBSPOT_DEFINED" | "USER_DEFINED" | "INTEGRATOR_DEFINED";

export interface AssociationTypeDef {
  category: AssociationCategory;
  typeId: number;
  label: string | null;
  /** Internal name of a user-defined label. */
  name?: string;
  inverseTypeId: number;
  /** A primary type: one target per record. */
  primary?: boolean;
}

const NONE: AssociationTypeDef[] = [];

const DEFAULTS: Array<[ObjectTypeName, ObjectTypeName, number, number, number, number]> = [
  // from, to, unlabelled, inverse, primary, primary inverse
  ["deals", "companies", 341, 342, 5, 6],
  ["contacts", "companies", 279, 280, 1, 2],
];

export class AssociationTypes {
  /** from → to → types: nested maps, no key strings built per lookup (hot while seeding). */
  readonly #byPair = new Map<ObjectTypeName, Map<ObjectTypeName, AssociationTypeDef[]>>();
  #nextUserTypeId = 100;

  constructor() {
    for (const [from, to, plain, inverse, primary, primaryInverse] of DEFAULTS) {
      this.#add(from, to, {
        category: "HUBSPOT_DEFINED",
        typeId: plain,
        label: null,
        inverseTypeId: inverse,
      });
      this.#add(to, from, {
        category: "HUBSPOT_DEFINED",
        typeId: inverse,
        label: null,
        inverseTypeId: plain,
      });
      this.#add(from, to, {
        category: "HUBSPOT_DEFINED",
        typeId: primary,
        label: "Primary",
        inverseTypeId: primaryInverse,
        primary: true,
      });
      this.#add(to, from, {
        category: "HUBSPOT_DEFINED",
        typeId: primaryInverse,
        label: "Primary",
        inverseTypeId: primary,
      });
    }
    this.#add("deals", "contacts", { category: "HUBSPOT_DEFINED", typeId: 3, label: null, inverseTypeId: 4 });
    this.#add("contacts", "deals", { category: "HUBSPOT_DEFINED", typeId: 4, label: null, inverseTypeId: 3 });
    // Task ↔ company (https://developers.hubspot.com/docs/api/crm/associations: task to company
    // 192, company to task 191), used by the nudge tasks the service creates (issue #16).
    this.#add("tasks", "companies", {
      category: "HUBSPOT_DEFINED",
      typeId: 192,
      label: null,
      inverseTypeId: 191,
    });
    this.#add("companies", "tasks", {
      category: "HUBSPOT_DEFINED",
      typeId: 191,
      label: null,
      inverseTypeId: 192,
    });
  }

  #add(from: ObjectTypeName, to: ObjectTypeName, def: AssociationTypeDef): void {
    this.#set(from, to, [...this.list(from, to), def]);
  }

  #set(from: ObjectTypeName, to: ObjectTypeName, list: AssociationTypeDef[]): void {
    let byTo = this.#byPair.get(from);
    if (!byTo) {
      byTo = new Map();
      this.#byPair.set(from, byTo);
    }
    byTo.set(to, list);
  }

  list(from: ObjectTypeName, to: ObjectTypeName): AssociationTypeDef[] {
    return this.#byPair.get(from)?.get(to) ?? NONE;
  }

  // Plain loops: these run several times per link while seeding.
  find(from: ObjectTypeName, to: ObjectTypeName, typeId: number): AssociationTypeDef | undefined {
    for (const d of this.list(from, to)) if (d.typeId === typeId) return d;
    return undefined;
  }

  /** The unlabelled HUBSPOT_DEFINED type for a pair. */
  defaultType(from: ObjectTypeName, to: ObjectTypeName): AssociationTypeDef | undefined {
    for (const d of this.list(from, to)) if (d.category === "HUBSPOT_DEFINED" && d.label === null) return d;
    return undefined;
  }

  findLabel(from: ObjectTypeName, to: ObjectTypeName, label: string): AssociationTypeDef | undefined {
    return this.list(from, to).find((d) => d.label === label || d.name === label);
  }

  /** Creates a user-defined label (and its inverse when paired); returns the from→to type. */
  createLabel(
    from: ObjectTypeName,
    to: ObjectTypeName,
    name: string,
    label: string,
    inverseLabel?: string,
  ): AssociationTypeDef {
    const typeId = this.#nextUserTypeId++;
    const inverseTypeId = inverseLabel === undefined ? typeId : this.#nextUserTypeId++;
    const def: AssociationTypeDef = { category: "USER_DEFINED", typeId, label, name, inverseTypeId };
    this.#add(from, to, def);
    if (from !== to || inverseLabel !== undefined) {
      this.#add(to, from, {
        category: "USER_DEFINED",
        typeId: inverseTypeId,
        label: inverseLabel ?? label,
        name: inverseLabel === undefined ? name : `${name}_inverse`,
        inverseTypeId: typeId,
      });
    }
    return def;
  }

  removeLabel(from: ObjectTypeName, to: ObjectTypeName, typeId: number): boolean {
    const def = this.find(from, to, typeId);
    if (!def || def.category === "HUBSPOT_DEFINED") return false;
    const drop = (f: ObjectTypeName, t: ObjectTypeName, id: number) => {
      this.#set(
        f,
        t,
        this.list(f, t).filter((d) => d.typeId !== id),
      );
    };
    drop(from, to, typeId);
    drop(to, from, def.inverseTypeId);
    return true;
  }
}

/** Type ids linking `record` to `toId` of `toType` (shared, never mutate). */
export function linkTypes(record: HsRecord, toType: ObjectTypeName, toId: string): readonly number[] {
  return record.assoc?.[toType]?.get(toId) ?? NO_TYPES;
}

const NO_TYPES: readonly number[] = Object.freeze([]);
/**
 * Type-id sets are interned: `current + typeId` is looked up in a transition table, so the
 * 400k links of a 200k-deal seed share a handful of frozen arrays instead of allocating one
 * per link (allocation, not work, was the seeding bottleneck).
 */
const TRANSITIONS = new WeakMap<readonly number[], Map<number, readonly number[]>>();

function withType(current: readonly number[], typeId: number): readonly number[] {
  if (current.includes(typeId)) return current;
  let next = TRANSITIONS.get(current);
  if (!next) {
    next = new Map();
    TRANSITIONS.set(current, next);
  }
  let set = next.get(typeId);
  if (!set) {
    set = Object.freeze([...current, typeId].sort((a, b) => a - b));
    next.set(typeId, set);
  }
  return set;
}

export function addLinkTypes(
  record: HsRecord,
  toType: ObjectTypeName,
  toId: string,
  typeIds: readonly number[],
): boolean {
  record.assoc ??= {};
  let byId = record.assoc[toType];
  if (!byId) {
    byId = new Map();
    record.assoc[toType] = byId;
  }
  const current = byId.get(toId) ?? NO_TYPES;
  let next = current;
  for (const t of typeIds) next = withType(next, t);
  if (next === current) return false;
  byId.set(toId, next);
  return true;
}

/** Removes the given type ids (all when undefined); returns whether anything changed. */
export function removeLinkTypes(
  record: HsRecord,
  toType: ObjectTypeName,
  toId: string,
  typeIds?: number[],
): boolean {
  const byId = record.assoc?.[toType];
  const current = byId?.get(toId);
  if (!byId || !current) return false;
  const kept = typeIds === undefined ? NO_TYPES : current.filter((t) => !typeIds.includes(t));
  if (kept.length === current.length) return false;
  if (kept.length === 0) byId.delete(toId);
  else byId.set(toId, kept);
  return true;
}
