// The portal: object stores, property registries and associations, plus the write rules every
// entry point shares (API routes and the programmatic back door). Writes emit change events
// the webhook dispatcher turns into HubSpot webhook batches.
import { AssociationTypes, addLinkTypes, linkTypes, removeLinkTypes } from "./associations-store.ts";
import { apiError, errorBody, HubSpotApiError, objectNotFound, validationError } from "./errors.ts";
import { type HsRecord, ObjectStore } from "./object-store.ts";
import { OBJECT_TYPES, type ObjectTypeName } from "./object-types.ts";
import { defaultGroups, defaultProperties, seedProperties } from "./properties/defaults.ts";
import { PropertyRegistry } from "./properties/registry.ts";
import { type PropertyProblem, propertyValidationError, validateProperties } from "./properties/validate.ts";

export type ChangeSource = "api" | "backdoor";

export type PortalEvent =
  | { kind: "creation" | "deletion"; objectType: ObjectTypeName; objectId: string; source: ChangeSource }
  | {
      kind: "propertyChange";
      objectType: ObjectTypeName;
      objectId: string;
      propertyName: string;
      propertyValue: string;
      source: ChangeSource;
    }
  | {
      kind: "merge";
      objectType: ObjectTypeName;
      objectId: string;
      mergedObjectIds: string[];
      source: ChangeSource;
    }
  | {
      kind: "associationChange";
      objectType: ObjectTypeName;
      objectId: string;
      toObjectType: ObjectTypeName;
      toObjectId: string;
      typeId: number;
      removed: boolean;
      source: ChangeSource;
    };

export interface WriteOptions {
  source: ChangeSource;
  /** The HubSpot user the change is attributed to (hs_updated_by_user_id); API writes only. */
  userId?: string;
}

/** A per-record validation rule (fault injection): a problem rejects that record only. */
export type RecordRule = (
  objectType: ObjectTypeName,
  id: string | undefined,
  values: Record<string, string>,
) => PropertyProblem | undefined;

const FIRST_IDS: Record<ObjectTypeName, number> = {
  companies: 10_000_000_001,
  deals: 20_000_000_001,
  contacts: 30_000_000_001,
  tasks: 40_000_000_001,
};

export class PortalState {
  readonly portalId: number;
  readonly companyCurrency: string;
  readonly now: () => number;
  readonly stores: Record<ObjectTypeName, ObjectStore>;
  readonly properties: Record<ObjectTypeName, PropertyRegistry>;
  readonly associationTypes = new AssociationTypes();
  readonly #listeners: Array<(e: PortalEvent) => void> = [];
  #muted = 0;
  recordRules: RecordRule[] = [];
  /** The user back-door writes are attributed to (a person in the UI); undefined = none. */
  backdoorUserId: string | undefined = undefined;
  /** Search-index lag for API writes (0 = search sees writes at once). */
  searchLagMs = 0;
  /** Per type: until when some record still has a lagging search view. */
  readonly searchPendingUntil: Record<ObjectTypeName, number> = {
    deals: 0,
    companies: 0,
    contacts: 0,
    tasks: 0,
  };

  constructor(portalId: number, companyCurrency: string, now: () => number) {
    this.portalId = portalId;
    this.companyCurrency = companyCurrency;
    this.now = now;
    this.stores = {} as Record<ObjectTypeName, ObjectStore>;
    this.properties = {} as Record<ObjectTypeName, PropertyRegistry>;
    for (const t of OBJECT_TYPES) {
      this.stores[t] = new ObjectStore(FIRST_IDS[t]);
      const registry = new PropertyRegistry();
      for (const def of [...defaultProperties(t), ...seedProperties(t)]) registry.defs.set(def.name, def);
      for (const g of defaultGroups(t)) registry.groups.set(g.name, g);
      this.properties[t] = registry;
      for (const name of registry.uniqueNames()) this.stores[t].declareUnique(name);
    }
    this.associationTypes.createLabel("deals", "companies", "partner", "Partner", "Partner deal");
    // The company currency is always one of the portal's currencies.
    const currency = this.properties.deals.get("deal_currency_code");
    if (currency && !currency.options.some((o) => o.value === companyCurrency)) {
      currency.options.push({
        label: companyCurrency,
        value: companyCurrency,
        displayOrder: currency.options.length,
        hidden: false,
      });
    }
  }

  onChange(listener: (e: PortalEvent) => void): void {
    this.#listeners.push(listener);
  }

  emit(event: PortalEvent): void {
    if (this.#muted > 0) return;
    for (const l of this.#listeners) l(event);
  }

  /** Runs `fn` without emitting change events (seeding). */
  muted<T>(fn: () => T): T {
    this.#muted++;
    try {
      return fn();
    } finally {
      this.#muted--;
    }
  }

  /** Validates a properties input; throws the 400 HubSpot answers for the whole request. */
  validate(
    objectType: ObjectTypeName,
    input: Record<string, unknown>,
    source: ChangeSource,
    creating = false,
  ): Record<string, string> {
    const { values, problems } = validateProperties(
      this.properties[objectType],
      input,
      source === "backdoor",
      creating,
    );
    if (problems.length > 0) throw propertyValidationError(problems, this.portalId);
    return values;
  }

  /** Per-record rule (fault injection) result for a validated input. */
  ruleProblem(objectType: ObjectTypeName, id: string | undefined, values: Record<string, string>) {
    for (const rule of this.recordRules) {
      const problem = rule(objectType, id, values);
      if (problem) return problem;
    }
    return undefined;
  }

  /** Throws 409 when a unique-value property would be duplicated. */
  checkUnique(objectType: ObjectTypeName, values: Record<string, string>, selfId?: string): void {
    const store = this.stores[objectType];
    for (const name of this.properties[objectType].uniqueNames()) {
      const value = values[name];
      if (value === undefined || value === "") continue;
      const holder = store.findUnique(name, value);
      if (holder !== undefined && holder !== selfId) {
        throw apiError(
          409,
          "CONFLICT",
          // Contacts: HubSpot's own wording (3P-quoted: "Contact already exists. Existing ID: 123").
          objectType === "contacts" && name === "email"
            ? `Contact already exists. Existing ID: ${holder}`
            : `A ${objectType.replace(/s$/, "").replace(/ie$/, "y")} with ${name} "${value}" already exists. Existing ID: ${holder}`,
          {
            context: { propertyName: [name], existingId: [holder] },
          },
        );
      }
    }
  }

  create(objectType: ObjectTypeName, input: Record<string, unknown>, opts: WriteOptions): HsRecord {
    const values = this.validate(objectType, input, opts.source, true);
    this.checkUnique(objectType, values);
    return this.insert(objectType, values, opts);
  }

  /** Inserts already-validated values. */
  insert(objectType: ObjectTypeName, values: Record<string, string>, opts: WriteOptions): HsRecord {
    const store = this.stores[objectType];
    const at = this.now();
    const createdAt = values.createdate ? Date.parse(values.createdate) : at;
    const record = store.newRecord(store.issueId(), createdAt);
    if (opts.source === "api") this.beforeSearchChange(objectType, record, true);
    const source = opts.source === "api" ? "API" : "INTEGRATION";
    store.setProp(record, "hs_object_id", record.id, createdAt, source);
    const createdIso = new Date(createdAt).toISOString();
    store.setProp(record, "createdate", createdIso, createdAt, source);
    for (const name in values) {
      if (name !== "createdate" && name !== "hs_lastmodifieddate") {
        store.setProp(record, name, values[name]!, createdAt, source);
      }
    }
    const by = this.#userOf(opts);
    if (by !== undefined) {
      if (values.hs_created_by_user_id === undefined)
        store.setProp(record, "hs_created_by_user_id", by, createdAt, source);
      if (values.hs_updated_by_user_id === undefined)
        store.setProp(record, "hs_updated_by_user_id", by, createdAt, source);
    }
    this.#calculate(objectType, record, createdAt);
    const modified = values.hs_lastmodifieddate ? Date.parse(values.hs_lastmodifieddate) : at;
    record.updatedAt = modified;
    // One shared string when both stamps are equal (the usual case): less memory per record.
    const iso = modified === createdAt ? createdIso : new Date(modified).toISOString();
    store.setProp(record, "hs_lastmodifieddate", iso, createdAt, source);
    if (objectType === "contacts") store.setProp(record, "lastmodifieddate", iso, createdAt, source);
    this.emit({ kind: "creation", objectType, objectId: record.id, source: opts.source });
    return record;
  }

  update(
    objectType: ObjectTypeName,
    record: HsRecord,
    input: Record<string, unknown>,
    opts: WriteOptions,
  ): HsRecord {
    const values = this.validate(objectType, input, opts.source);
    this.checkUnique(objectType, values, record.id);
    return this.apply(objectType, record, values, opts);
  }

  /** Applies already-validated values to a live record. */
  apply(
    objectType: ObjectTypeName,
    record: HsRecord,
    values: Record<string, string>,
    opts: WriteOptions,
  ): HsRecord {
    const store = this.stores[objectType];
    const at = Math.max(this.now(), record.updatedAt);
    if (opts.source === "api" && this.searchLagMs > 0) {
      for (const name in values) {
        if ((record.props[name] ?? "") !== values[name]) {
          this.beforeSearchChange(objectType, record);
          break;
        }
      }
    }
    const changed: string[] = [];
    for (const [name, value] of Object.entries(values)) {
      if (store.setProp(record, name, value, at, opts.source === "api" ? "API" : "INTEGRATION"))
        changed.push(name);
    }
    if (changed.length === 0) return record;
    const by = this.#userOf(opts);
    if (by !== undefined && values.hs_updated_by_user_id === undefined) {
      store.setProp(record, "hs_updated_by_user_id", by, at, opts.source === "api" ? "API" : "INTEGRATION");
    }
    this.#calculate(objectType, record, at);
    record.updatedAt = at;
    store.setProp(record, "hs_lastmodifieddate", new Date(at).toISOString(), at, "API");
    if (objectType === "contacts")
      store.setProp(record, "lastmodifieddate", new Date(at).toISOString(), at, "API");
    for (const name of changed) {
      const propertyValue = record.props[name] ?? "";
      this.emit({
        kind: "propertyChange",
        objectType,
        objectId: record.id,
        propertyName: name,
        propertyValue,
        source: opts.source,
      });
    }
    return record;
  }

  #userOf(opts: WriteOptions): string | undefined {
    return opts.source === "api" ? opts.userId : this.backdoorUserId;
  }

  #calculate(objectType: ObjectTypeName, record: HsRecord, at: number): void {
    if (objectType !== "deals") return;
    const store = this.stores.deals;
    store.setProp(
      record,
      "hs_is_closed_won",
      record.props.dealstage === "closedwon" ? "true" : "false",
      at,
      "CALCULATED",
    );
    const currency = record.props.deal_currency_code ?? this.companyCurrency;
    const home = currency === this.companyCurrency ? (record.props.amount ?? "") : "";
    store.setProp(record, "amount_in_home_currency", home, at, "CALCULATED");
  }

  /**
   * Keeps what the search index still shows while an API write is "being indexed": the first
   * write inside a lag window snapshots the indexed state; later ones only extend the window.
   */
  beforeSearchChange(objectType: ObjectTypeName, record: HsRecord, created = false): void {
    if (this.searchLagMs <= 0) return;
    const now = this.now();
    if (!record.searchView || (record.indexedAt ?? 0) <= now) {
      record.searchView = { props: { ...record.props }, archived: record.archived, absent: created };
    }
    record.indexedAt = now + this.searchLagMs;
    this.searchPendingUntil[objectType] = Math.max(this.searchPendingUntil[objectType], record.indexedAt);
  }

  archive(objectType: ObjectTypeName, record: HsRecord, opts: WriteOptions): void {
    if (record.archived) return;
    if (opts.source === "api") this.beforeSearchChange(objectType, record);
    this.stores[objectType].setArchived(record, true, this.now());
    this.emit({ kind: "deletion", objectType, objectId: record.id, source: opts.source });
  }

  /**
   * Looks a record up as GET does: by id or by a unique `idProperty`; archived records only
   * when `archived` is true. A merged-away id resolves to its survivor (HubSpot answers GETs of
   * merged ids with the primary record).
   */
  resolve(
    objectType: ObjectTypeName,
    id: string,
    opts: { archived?: boolean; idProperty?: string | undefined } = {},
  ): HsRecord | undefined {
    const store = this.stores[objectType];
    let record: HsRecord | undefined;
    if (opts.idProperty && opts.idProperty !== "hs_object_id") {
      const def = this.properties[objectType].get(opts.idProperty);
      if (!def?.hasUniqueValue) {
        throw validationError(`${opts.idProperty} is not a unique identifier property for ${objectType}`);
      }
      const holder = store.findUnique(opts.idProperty, id);
      record = holder === undefined ? undefined : store.records.get(holder);
    } else {
      record = store.records.get(id);
    }
    if (!record) return undefined;
    if (opts.archived) return record.archived ? record : undefined;
    let hops = 0;
    while (record.archived && record.mergedInto !== undefined && hops++ < 20) {
      record = store.records.get(record.mergedInto);
      if (!record) return undefined;
    }
    return record.archived ? undefined : record;
  }

  mustResolve(objectType: ObjectTypeName, id: string, idProperty?: string): HsRecord {
    const record = this.resolve(objectType, id, { idProperty });
    if (!record) throw objectNotFound(objectType, id);
    return record;
  }

  /** Links two records with the given type ids (plus the unlabelled default), both directions. */
  link(
    fromType: ObjectTypeName,
    from: HsRecord,
    toType: ObjectTypeName,
    toId: string,
    typeIds: number[],
    opts: WriteOptions & { silent?: boolean },
  ): void {
    const to = this.stores[toType].records.get(toId);
    if (!to) throw objectNotFound(toType, toId);
    const types = this.associationTypes;
    const ids = typeIds.slice();
    const plain = types.defaultType(fromType, toType);
    if (plain && ids.length > 0 && !ids.includes(plain.typeId)) ids.push(plain.typeId);
    const inverse: number[] = [];
    for (const typeId of ids) {
      const def = types.find(fromType, toType, typeId);
      if (!def) {
        throw validationError(`${typeId} is not a valid association type between ${fromType} and ${toType}`);
      }
      inverse.push(def.inverseTypeId);
      if (def.primary) {
        const others = from.assoc?.[toType];
        for (const otherId of others ? [...others.keys()] : []) {
          if (otherId !== toId && linkTypes(from, toType, otherId).includes(typeId)) {
            this.unlink(fromType, from, toType, otherId, [typeId], opts);
          }
        }
      }
    }
    const announce = !opts.silent && this.#muted === 0;
    const before = announce ? linkTypes(from, toType, toId).slice() : [];
    addLinkTypes(from, toType, toId, ids);
    addLinkTypes(to, fromType, from.id, inverse);
    if (announce) {
      for (const typeId of ids) {
        if (!before.includes(typeId)) {
          this.#emitAssociation(fromType, from.id, toType, toId, typeId, false, opts.source);
        }
      }
    }
    this.stores[fromType].version++;
    this.stores[toType].version++;
  }

  /** Removes the given type ids (all when undefined) between two records, both directions. */
  unlink(
    fromType: ObjectTypeName,
    from: HsRecord,
    toType: ObjectTypeName,
    toId: string,
    typeIds: number[] | undefined,
    opts: WriteOptions & { silent?: boolean },
  ): void {
    const before = linkTypes(from, toType, toId);
    const removing = typeIds ?? before;
    removeLinkTypes(from, toType, toId, typeIds);
    const to = this.stores[toType].records.get(toId);
    if (to) {
      const inverse = removing
        .map((t) => this.associationTypes.find(fromType, toType, t)?.inverseTypeId)
        .filter((t): t is number => t !== undefined);
      removeLinkTypes(to, fromType, from.id, typeIds === undefined ? undefined : inverse);
    }
    if (!opts.silent) {
      for (const typeId of removing.filter((t) => before.includes(t))) {
        this.#emitAssociation(fromType, from.id, toType, toId, typeId, true, opts.source);
      }
    }
  }

  /** HubSpot sends one associationChange event per direction. */
  #emitAssociation(
    fromType: ObjectTypeName,
    fromId: string,
    toType: ObjectTypeName,
    toId: string,
    typeId: number,
    removed: boolean,
    source: ChangeSource,
  ): void {
    const base = { kind: "associationChange" as const, removed, source };
    this.emit({
      ...base,
      objectType: fromType,
      objectId: fromId,
      toObjectType: toType,
      toObjectId: toId,
      typeId,
    });
    const inverse = this.associationTypes.find(fromType, toType, typeId)?.inverseTypeId ?? typeId;
    this.emit({
      ...base,
      objectType: toType,
      objectId: toId,
      toObjectType: fromType,
      toObjectId: fromId,
      typeId: inverse,
    });
  }

  /** An error for an unknown object type in a path. */
  static unknownType(raw: string): HubSpotApiError {
    return new HubSpotApiError(400, {
      ...errorBody("VALIDATION_ERROR", `Unable to infer object type from: ${raw}`),
    });
  }
}
