// In-memory records of one object type. Ids are issued in increasing order and records are
// appended to `ordered`, so list paging is a binary search and insertion order is id order.
// Unique-value properties keep an exact index; other properties get a lazy equality index the
// first time a search filters on them with EQ/IN, maintained on every write afterwards.

export interface HistoryEntry {
  value: string;
  timestamp: number;
  sourceType: string;
}

export interface HsRecord {
  id: string;
  num: number;
  /** Index in ObjectStore.ordered (and in its numeric columns). */
  pos: number;
  props: Record<string, string>;
  /** Per-property versions, newest first; created lazily on the first change of a property. */
  history?: Record<string, HistoryEntry[]>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
  /** Set when this record was merged into another: the survivor's id. */
  mergedInto?: string;
  /**
   * Search-index lag: until `indexedAt`, search sees `searchView` (the record as indexed
   * before its latest API writes; `absent` when it was created within the lag).
   */
  indexedAt?: number;
  searchView?: { props: Record<string, string>; archived: boolean; absent: boolean };
  /** Associations: target type → target id → association type ids. */
  assoc?: Partial<Record<string, Map<string, readonly number[]>>>;
}

// A prototype without Object.prototype, so reads of names like "constructor" miss, while
// Object.create(PROPS_PROTO) objects stay in V8's fast mode (Object.create(null) would make
// every record a slow dictionary object: more memory, slower seeding and scans).
const PROPS_PROTO = Object.create(null) as object;

function emptyProps(): Record<string, string> {
  return Object.create(PROPS_PROTO) as Record<string, string>;
}

export class ObjectStore {
  readonly records = new Map<string, HsRecord>();
  readonly ordered: HsRecord[] = [];
  /** Bumped on every write: search result caches key on it. */
  version = 0;
  #nextId: number;
  readonly #unique = new Map<string, Map<string, string>>();
  readonly #eq = new Map<string, Map<string, Set<string>>>();
  /** Numeric values (epoch ms for dates) of number/date properties by record position. */
  readonly #columns = new Map<string, number[]>();

  constructor(firstId: number) {
    this.#nextId = firstId;
  }

  issueId(): number {
    return this.#nextId++;
  }

  newRecord(num: number, at: number): HsRecord {
    const record: HsRecord = {
      id: String(num),
      num,
      pos: this.ordered.length,
      props: emptyProps(),
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    this.records.set(record.id, record);
    this.ordered.push(record);
    for (const col of this.#columns.values()) col.push(Number.NaN);
    this.version++;
    return record;
  }

  /** Sets one property value (empty string clears it), keeping indexes and history in step. */
  setProp(record: HsRecord, name: string, value: string, at: number, sourceType: string): boolean {
    const old = record.props[name];
    if ((old ?? "") === value) return false;
    this.#unindex(record, name, old);
    if (value === "") delete record.props[name];
    else record.props[name] = value;
    this.#index(record, name, value === "" ? undefined : value);
    const col = this.#columns.get(name);
    if (col) col[record.pos] = numericOf(value === "" ? undefined : value);
    if (old !== undefined || record.history !== undefined || at !== record.createdAt) {
      record.history ??= Object.create(null) as Record<string, HistoryEntry[]>;
      let list = record.history[name];
      if (!list) {
        list = old === undefined ? [] : [{ value: old, timestamp: record.createdAt, sourceType: "API" }];
        record.history[name] = list;
      }
      list.unshift({ value, timestamp: at, sourceType });
    }
    this.version++;
    return true;
  }

  /** Versions of a property, newest first. */
  historyOf(record: HsRecord, name: string): HistoryEntry[] {
    const kept = record.history?.[name];
    if (kept) return kept;
    const value = record.props[name];
    return value === undefined ? [] : [{ value, timestamp: record.createdAt, sourceType: "API" }];
  }

  setArchived(record: HsRecord, archived: boolean, at: number): void {
    if (record.archived === archived) return;
    for (const [name, value] of Object.entries(record.props)) {
      if (archived) this.#unindex(record, name, value);
    }
    record.archived = archived;
    if (archived) record.archivedAt = at;
    else {
      delete record.archivedAt;
      for (const [name, value] of Object.entries(record.props)) this.#index(record, name, value);
    }
    this.version++;
  }

  /**
   * Numeric column of a number/date/datetime property (NaN when unset), built on first use and
   * kept in step by every write: range filters and sorts read it instead of parsing strings.
   */
  column(name: string): number[] {
    let col = this.#columns.get(name);
    if (!col) {
      col = this.ordered.map((r) => numericOf(r.props[name]));
      this.#columns.set(name, col);
    }
    return col;
  }

  /** Forgets derived columns (a property's type changed). */
  dropColumn(name: string): void {
    this.#columns.delete(name);
  }

  declareUnique(name: string): void {
    if (this.#unique.has(name)) return;
    const index = new Map<string, string>();
    for (const r of this.ordered) {
      const v = r.props[name];
      if (!r.archived && v !== undefined) index.set(v, r.id);
    }
    this.#unique.set(name, index);
  }

  /** Id of the live record holding `value` in unique property `name`. */
  findUnique(name: string, value: string): string | undefined {
    return this.#unique.get(name)?.get(value);
  }

  /** Live record ids whose `name` equals `value` case-insensitively (lazy index). */
  findEqual(name: string, value: string): Set<string> {
    let index = this.#eq.get(name);
    if (!index) {
      index = new Map();
      for (const r of this.ordered) {
        const v = r.props[name];
        if (!r.archived && v !== undefined) addTo(index, v.toLowerCase(), r.id);
      }
      this.#eq.set(name, index);
    }
    return index.get(value.toLowerCase()) ?? new Set();
  }

  #index(record: HsRecord, name: string, value: string | undefined): void {
    if (value === undefined || record.archived) return;
    this.#unique.get(name)?.set(value, record.id);
    const eq = this.#eq.get(name);
    if (eq) addTo(eq, value.toLowerCase(), record.id);
  }

  #unindex(record: HsRecord, name: string, value: string | undefined): void {
    if (value === undefined || record.archived) return;
    const unique = this.#unique.get(name);
    if (unique?.get(value) === record.id) unique.delete(value);
    this.#eq.get(name)?.get(value.toLowerCase())?.delete(record.id);
  }

  /** Index in `ordered` of the first record with num >= `num`. */
  positionOf(num: number): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ordered[mid]!.num < num) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

/** Stored value → number: ISO dates/datetimes as epoch ms, numbers as themselves. */
export function numericOf(raw: string | undefined): number {
  if (raw === undefined) return Number.NaN;
  return DATE_PREFIX.test(raw) ? Date.parse(raw.length === 10 ? `${raw}T00:00:00Z` : raw) : Number(raw);
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(id);
}
