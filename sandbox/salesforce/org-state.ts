// The org: schema, records, unique/external-id indexes and the one write pipeline every path
// (REST, collections, composite, Bulk 2.0, back door) goes through, so all of them validate alike.
// Records are copy-on-write: an update stores a new object, so query cursors keep a stable snapshot.
import { IdFactory, normalizeId } from "./ids.ts";
import { STAGES, stageInfo, standardObjects } from "./schema/standard.ts";
import { addField, type FieldDef, type ObjectDef, type Rec } from "./schema/types.ts";
import type { Table, ValidationRule, WriteContext, WriteResult } from "./table.ts";
import { checkRecord, derive, fatal, parseInput } from "./validate.ts";
import { coerce, type RecordError, recordError } from "./values.ts";

export type { Table, ValidationRule, WriteContext, WriteMode, WriteResult } from "./table.ts";

type UndoEntry = { table: Table; id: string; prev: Rec | undefined };

export class OrgState {
  readonly orgId: string;
  readonly ids = new IdFactory();
  readonly now: () => number;
  readonly tables = new Map<string, Table>();
  private readonly byLowerName = new Map<string, Table>();
  private readonly byPrefix = new Map<string, Table>();
  readonly rules: ValidationRule[] = [];
  /** Extra rules supplied by fault injection, consulted on every write. */
  extraRules: () => ValidationRule[] = () => [];
  private undo: UndoEntry[] | null = null;
  schemaVersion = 0;

  constructor(now: () => number) {
    this.now = now;
    this.orgId = this.ids.next("00D");
    for (const def of standardObjects()) this.addObject(def);
  }

  addObject(def: ObjectDef): void {
    const table: Table = { def, rows: new Map(), keys: new Map(), deletedAt: new Map(), children: new Map() };
    this.tables.set(def.name, table);
    this.byLowerName.set(def.name.toLowerCase(), table);
    this.byPrefix.set(def.keyPrefix, table);
    for (const f of def.fields) {
      if (f.externalId || f.unique) table.keys.set(f.name, new Map());
      if (f.cascadeDelete) table.children.set(f.name, new Map());
    }
    this.schemaVersion++;
  }

  addField(objectName: string, f: FieldDef): void {
    const table = this.table(objectName);
    if (!table) throw new Error(`Unknown object ${objectName} for field ${f.name}`);
    addField(table.def, f);
    if ((f.externalId || f.unique) && !table.keys.has(f.name)) {
      const index = new Map<string, Set<string>>();
      table.keys.set(f.name, index);
      for (const rec of table.rows.values()) if (!rec.IsDeleted) this.indexKey(table, f.name, rec, index);
    }
    if (f.cascadeDelete && !table.children.has(f.name)) {
      table.children.set(f.name, new Map());
      for (const rec of table.rows.values()) if (!rec.IsDeleted) this.index(table, rec);
    }
    this.schemaVersion++;
  }

  table(name: string): Table | undefined {
    return this.byLowerName.get(name.toLowerCase());
  }

  tableForId(id18: string): Table | undefined {
    return this.byPrefix.get(id18.slice(0, 3));
  }

  objects(): ObjectDef[] {
    return [...this.tables.values()].map((t) => t.def);
  }

  /** Live or deleted record by id (15 or 18 chars). */
  find(id: string): { table: Table; rec: Rec } | undefined {
    const id18 = normalizeId(id);
    if (!id18) return undefined;
    const table = this.tableForId(id18);
    const rec = table?.rows.get(id18);
    return table && rec ? { table, rec } : undefined;
  }

  /** Ids of live records whose external-id/unique field equals the value. */
  lookupKey(table: Table, fieldName: string, value: unknown): string[] {
    const f = table.def.byName.get(fieldName.toLowerCase());
    if (!f) return [];
    const index = table.keys.get(f.name);
    if (!index) {
      const out: string[] = [];
      for (const rec of table.rows.values()) if (!rec.IsDeleted && rec[f.name] === value) out.push(rec.Id);
      return out;
    }
    return [...(index.get(keyOf(f, value)) ?? [])];
  }

  /** Run writes atomically: when fn returns false every write it made is undone. */
  atomic<T>(fn: () => { commit: boolean; value: T }): T {
    const outer = this.undo;
    const log: UndoEntry[] = [];
    this.undo = log;
    try {
      const { commit, value } = fn();
      if (!commit) for (let i = log.length - 1; i >= 0; i--) this.restore(log[i]!);
      else outer?.push(...log);
      return value;
    } finally {
      this.undo = outer;
    }
  }

  private restore(entry: UndoEntry): void {
    const current = entry.table.rows.get(entry.id);
    if (current && !current.IsDeleted) this.unindex(entry.table, current);
    if (entry.prev) {
      entry.table.rows.set(entry.id, entry.prev);
      if (!entry.prev.IsDeleted) this.index(entry.table, entry.prev);
      else entry.table.deletedAt.set(entry.id, entry.prev.SystemModstamp as number);
    } else entry.table.rows.delete(entry.id);
    if (!entry.prev?.IsDeleted) entry.table.deletedAt.delete(entry.id);
  }

  private store(table: Table, rec: Rec, prev: Rec | undefined): void {
    this.undo?.push({ table, id: rec.Id, prev });
    if (prev && !prev.IsDeleted) this.unindex(table, prev);
    table.rows.set(rec.Id, rec);
    if (!rec.IsDeleted) this.index(table, rec);
  }

  private index(table: Table, rec: Rec): void {
    for (const [name, index] of table.keys) this.indexKey(table, name, rec, index);
    for (const [name, byParent] of table.children) {
      const parent = rec[name];
      if (typeof parent !== "string") continue;
      let set = byParent.get(parent);
      if (!set) {
        set = new Set();
        byParent.set(parent, set);
      }
      set.add(rec.Id);
    }
  }

  private indexKey(table: Table, name: string, rec: Rec, index: Map<string, Set<string>>): void {
    const value = rec[name];
    if (value === null || value === undefined) return;
    const key = keyOf(table.def.byName.get(name.toLowerCase())!, value);
    let set = index.get(key);
    if (!set) {
      set = new Set();
      index.set(key, set);
    }
    set.add(rec.Id);
  }

  private unindex(table: Table, rec: Rec): void {
    for (const [name, byParent] of table.children) {
      const parent = rec[name];
      if (typeof parent !== "string") continue;
      const set = byParent.get(parent);
      set?.delete(rec.Id);
      if (set?.size === 0) byParent.delete(parent);
    }
    for (const [name, index] of table.keys) {
      const value = rec[name];
      if (value === null || value === undefined) continue;
      const key = keyOf(table.def.byName.get(name.toLowerCase())!, value);
      const set = index.get(key);
      set?.delete(rec.Id);
      if (set?.size === 0) index.delete(key);
    }
  }

  private readonly autoNumbers = new Map<string, number>();

  /** Next auto-number Name, e.g. `IP-{000000}` → `IP-000042`. */
  private autoNumber(def: ObjectDef): string {
    const n = (this.autoNumbers.get(def.name) ?? 0) + 1;
    this.autoNumbers.set(def.name, n);
    return (def.autoNumberFormat ?? "{0}").replace(/\{(0+)\}/, (_, zeros: string) =>
      String(n).padStart(zeros.length, "0"),
    );
  }

  create(objectName: string, input: Record<string, unknown>, ctx: WriteContext): WriteResult {
    const table = this.table(objectName);
    if (!table) return fatal("INVALID_TYPE", `sObject type '${objectName}' is not supported.`);
    const parsed = parseInput(table, input, ctx, "create");
    if (!parsed.ok) return parsed;
    const values = parsed.values;
    const now = this.now();
    const def = table.def;
    // Cloned from a template that already has every field, so V8 keeps records in fast mode
    // (adding >12 properties by computed key would turn each record into a hash map).
    const rec = { ...this.fieldLists(def).template } as Rec;
    for (const f of def.fields) {
      if (f.name in values) rec[f.name] = values[f.name];
      else if (f.defaultedOnCreate && f.defaultValue !== null) rec[f.name] = f.defaultValue;
      else rec[f.name] = null;
    }
    if (ctx.mode !== "backdoor" || rec.OwnerId === null) {
      if (def.byName.has("ownerid") && rec.OwnerId === null) rec.OwnerId = ctx.userId;
    }
    if (def.name === "Opportunity") applyStageDefaults(rec, values, undefined);
    if (def.autoNumberFormat && rec.Name === null) rec.Name = this.autoNumber(def);
    const errors = checkRecord(this, table, rec, undefined, ctx);
    if (errors.length > 0) return { ok: false, errors, fatal: false };
    rec.Id =
      typeof values.Id === "string" && ctx.mode === "backdoor" ? values.Id : this.ids.next(def.keyPrefix);
    rec.IsDeleted = false;
    rec.CreatedDate =
      ctx.mode === "backdoor" && typeof values.CreatedDate === "number" ? values.CreatedDate : now;
    rec.CreatedById =
      ctx.mode === "backdoor" && typeof values.CreatedById === "string" ? values.CreatedById : ctx.userId;
    rec.LastModifiedDate =
      ctx.mode === "backdoor" && typeof values.LastModifiedDate === "number" ? values.LastModifiedDate : now;
    rec.LastModifiedById =
      ctx.mode === "backdoor" && typeof values.LastModifiedById === "string"
        ? values.LastModifiedById
        : ctx.userId;
    rec.SystemModstamp = Math.max(rec.LastModifiedDate as number, now);
    if (ctx.mode === "backdoor" && typeof values.SystemModstamp === "number")
      rec.SystemModstamp = values.SystemModstamp;
    derive(def, rec);
    this.store(table, rec, undefined);
    return { ok: true, id: rec.Id, created: true };
  }

  update(
    objectName: string | undefined,
    id: unknown,
    input: Record<string, unknown>,
    ctx: WriteContext,
  ): WriteResult {
    const located = this.locate(objectName, id);
    if (!located.ok) return located;
    const { table, rec: prev } = located;
    const parsed = parseInput(table, input, ctx, "update");
    if (!parsed.ok) return { ...parsed, id: prev.Id };
    const values = parsed.values;
    const rec: Rec = { ...prev };
    for (const [name, value] of Object.entries(values)) if (name !== "Id") rec[name] = value;
    if (table.def.name === "Opportunity") applyStageDefaults(rec, values, prev);
    const errors = checkRecord(this, table, rec, prev, ctx);
    if (errors.length > 0) return { ok: false, errors, fatal: false, id: prev.Id };
    const now = this.now();
    rec.LastModifiedDate =
      ctx.mode === "backdoor" && typeof values.LastModifiedDate === "number" ? values.LastModifiedDate : now;
    rec.LastModifiedById =
      ctx.mode === "backdoor" && typeof values.LastModifiedById === "string"
        ? values.LastModifiedById
        : ctx.userId;
    rec.SystemModstamp = Math.max(now, rec.LastModifiedDate as number);
    derive(table.def, rec);
    this.store(table, rec, prev);
    return { ok: true, id: rec.Id, created: false };
  }

  /** Upsert on an external id (or Id) field. `matches` > 1 is reported as MULTIPLE_CHOICES by callers. */
  upsert(
    objectName: string,
    fieldName: string,
    value: string,
    input: Record<string, unknown>,
    ctx: WriteContext,
  ): WriteResult | { ok: false; ambiguous: string[] } {
    const table = this.table(objectName);
    if (!table) return fatal("INVALID_TYPE", `sObject type '${objectName}' is not supported.`);
    const f = table.def.byName.get(fieldName.toLowerCase());
    if (!f || !(f.externalId || f.idLookup)) {
      return fatal(
        "NOT_FOUND",
        `Provided external ID field does not exist or is not accessible: ${fieldName}`,
      );
    }
    if (f.type === "id") {
      const located = this.locate(table.def.name, value);
      if (located.ok) return this.update(table.def.name, value, input, ctx);
      return this.create(table.def.name, input, ctx);
    }
    const coerced = coerce(f, value, ctx.mode === "csv" ? "csv" : "json");
    const key = coerced.ok ? coerced.value : value;
    const matches = this.lookupKey(table, f.name, key);
    if (matches.length > 1) return { ok: false, ambiguous: matches };
    const body = { ...input };
    for (const k of Object.keys(body)) if (k.toLowerCase() === f.name.toLowerCase()) delete body[k];
    if (matches.length === 1) {
      const result = this.update(table.def.name, matches[0], body, ctx);
      return result;
    }
    return this.create(table.def.name, { ...body, [f.name]: value }, ctx);
  }

  remove(objectName: string | undefined, id: unknown, ctx: WriteContext): WriteResult {
    const located = this.locate(objectName, id);
    if (!located.ok) return located;
    const { table, rec: prev } = located;
    const now = this.now();
    const rec: Rec = {
      ...prev,
      IsDeleted: true,
      LastModifiedDate: now,
      LastModifiedById: ctx.userId,
      SystemModstamp: now,
    };
    this.store(table, rec, prev);
    table.deletedAt.set(rec.Id, now);
    // Cascade: children on a cascade-delete reference go to the recycle bin with the parent.
    for (const child of this.tables.values()) {
      for (const [name, byParent] of child.children) {
        const f = child.def.byName.get(name.toLowerCase())!;
        if (!f.referenceTo.includes(table.def.name)) continue;
        for (const childId of [...(byParent.get(rec.Id) ?? [])]) this.remove(child.def.name, childId, ctx);
      }
    }
    return { ok: true, id: rec.Id, created: false };
  }

  private locate(
    objectName: string | undefined,
    id: unknown,
  ): { ok: true; table: Table; rec: Rec } | { ok: false; errors: RecordError[]; fatal: false } {
    const id18 = typeof id === "string" ? normalizeId(id) : null;
    if (!id18)
      return { ok: false, fatal: false, errors: [recordError("MALFORMED_ID", `malformed id ${String(id)}`)] };
    const table = this.tableForId(id18);
    const expected = objectName ? this.table(objectName) : undefined;
    const rec = table?.rows.get(id18);
    if (!table || !rec || (expected && expected !== table)) {
      return {
        ok: false,
        fatal: false,
        errors: [recordError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id")],
      };
    }
    if (rec.IsDeleted)
      return { ok: false, fatal: false, errors: [recordError("ENTITY_IS_DELETED", "entity is deleted")] };
    return { ok: true, table, rec };
  }

  private readonly lists = new WeakMap<
    ObjectDef,
    { version: number; required: FieldDef[]; references: FieldDef[]; template: Record<string, null> }
  >();

  /** Per-object field lists the write path needs, recomputed only after a schema change. */
  fieldLists(def: ObjectDef): {
    required: FieldDef[];
    references: FieldDef[];
    template: Record<string, null>;
  } {
    const cached = this.lists.get(def);
    if (cached && cached.version === this.schemaVersion) return cached;
    const fresh = {
      version: this.schemaVersion,
      required: def.fields.filter((f) => f.required),
      references: def.fields.filter((f) => f.type === "reference" && f.createable),
      template: JSON.parse(
        `{${def.fields.map((f) => `${JSON.stringify(f.name)}:null`).join(",")}}`,
      ) as Record<string, null>,
    };
    this.lists.set(def, fresh);
    return fresh;
  }

  /** Record-level checks in Salesforce's order: required, references, validation rules, uniqueness. */
}

function keyOf(f: FieldDef, value: unknown): string {
  const text = String(value);
  return f.caseSensitive ? text : text.toLowerCase();
}

/** Probability and forecast category follow the stage unless the write sets them. */
function applyStageDefaults(rec: Rec, values: Record<string, unknown>, prev: Rec | undefined): void {
  if (prev && prev.StageName === rec.StageName) return;
  const stage = stageInfo(rec.StageName);
  if (!stage) return;
  if (!("Probability" in values)) rec.Probability = stage.probability;
  if (!("ForecastCategoryName" in values)) rec.ForecastCategoryName = stage.forecast;
}

export { STAGES };
