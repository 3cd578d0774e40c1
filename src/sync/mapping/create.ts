// Creating a partner in the CRM that does not hold it yet (`entities.partner.create`): the
// mapping rules (validate.ts and check-against-describe.ts call in here), which scope a new
// record lands in, and the record itself — canonical input fields reverse-mapped, the computed
// fields, the match key and the `set` constants — checked against the describe before sending.
// Pure: no I/O.

import type {
  CrmName,
  FailureClass,
  FieldDescription,
  FieldValue,
  ObjectDescription,
  ScopeCondition,
} from "../../../connectors/types.ts";
import { Dec } from "../../../money/index.ts";
import { CANONICAL_FIELDS, type CanonicalValue, type EntityName, type ValueKind } from "./canonical.ts";
import { formatInboundError, mapInboundRecord } from "./inbound.ts";
import { checkValueAgainstField, type OutboundProblemCode, outboundTypesFor } from "./outbound.ts";
import type { Problems, Segment } from "./problems.ts";
import { createSchema, type FieldMapping, type MatchKey } from "./schema.ts";
import { effectiveTransform, parseDecimal, toCrm, transformName } from "./transforms.ts";
import type { CreateSpec, Mapping, MappingProblem } from "./types.ts";

/** The record's own id fields cannot be written. */
const ID_FIELDS = new Set(["Id", "hs_object_id"]);

const isBlank = (v: FieldValue | undefined): boolean => v === null || v === undefined || v === "";

function sameScalar(text: string, target: string | boolean): boolean {
  const t = String(target);
  if (text.toLowerCase() === t.toLowerCase()) return true;
  const a = parseDecimal(text);
  const b = parseDecimal(t);
  return a.ok && b.ok && new Dec(a.value).eq(b.value);
}

function compare(text: string, target: string): number {
  const a = parseDecimal(text);
  const b = parseDecimal(target);
  if (a.ok && b.ok) return new Dec(a.value).cmp(b.value);
  return text < target ? -1 : text > target ? 1 : 0;
}

/**
 * Would a record holding `value` in the condition's field be in scope? Blank counts as null:
 * it satisfies `is_null`, `neq` and `not_in` (as SOQL's `!=` does) and nothing else.
 */
export function scopeHolds(c: ScopeCondition, value: FieldValue | undefined): boolean {
  const blank = isBlank(value);
  const text = blank ? "" : String(value);
  const target = c.value;
  const list = Array.isArray(target) ? target : target === undefined ? [] : [target];
  switch (c.op) {
    case "is_null":
      return blank;
    case "not_null":
      return !blank;
    case "eq":
      return !blank && list.some((t) => sameScalar(text, t));
    case "neq":
      return blank || !list.some((t) => sameScalar(text, t));
    case "in":
      return !blank && list.some((t) => sameScalar(text, t));
    case "not_in":
      return blank || !list.some((t) => sameScalar(text, t));
    default: {
      if (blank || target === undefined || Array.isArray(target)) return false;
      const cmp = compare(text, String(target));
      if (c.op === "gt") return cmp > 0;
      if (c.op === "gte") return cmp >= 0;
      if (c.op === "lt") return cmp < 0;
      return cmp <= 0;
    }
  }
}

function describeCondition(c: ScopeCondition): string {
  return `${c.field} ${c.op}${c.value === undefined ? "" : ` ${JSON.stringify(c.value)}`}`;
}

/** Input fields a mapping reads (inbound or both), by canonical name. */
export function inputFields(fields: Record<string, FieldMapping>, entity: EntityName): string[] {
  return Object.entries(fields)
    .filter(([name, f]) => CANONICAL_FIELDS[entity][name]?.role === "input" && f.direction !== "outbound")
    .map(([name]) => name);
}

/**
 * Validates `entities.<entity>.create` (shape and the rules needing only the file). Returns the
 * resolved spec, or undefined when absent or invalid (every problem is added to `problems`).
 */
export function checkCreate(
  problems: Problems,
  at: Segment[],
  entity: EntityName,
  raw: unknown,
  fields: Record<string, FieldMapping>,
  scope: ScopeCondition[],
  matchKey: MatchKey,
): CreateSpec | undefined {
  if (raw === undefined) return undefined;
  const here = [...at, "create"];
  if (entity !== "partner") {
    problems.add(
      here,
      "create_unexpected",
      "only partners can be created in the other CRM: deals reach HubSpot through its native Salesforce " +
        "sync (hs_salesforceopportunityid), which the deal match key relies on — the service never creates deals",
    );
    return undefined;
  }
  const parsed = createSchema.safeParse(raw);
  if (!parsed.success) {
    problems.addZod(here, parsed.error);
    return undefined;
  }
  const catalog = CANONICAL_FIELDS[entity];
  const listed = parsed.data.fields ?? inputFields(fields, entity);
  const valid: string[] = [];
  listed.forEach((name, i) => {
    const p = parsed.data.fields ? [...here, "fields", i] : here;
    const spec = catalog[name];
    const field = fields[name];
    const crmField = field?.crm_field ?? null;
    const bad = (message: string) => problems.add(p, "create_field_invalid", message, crmField);
    if (!spec) bad(`unknown ${entity} field ${name}; known: ${Object.keys(catalog).join(", ")}`);
    else if (spec.role !== "input")
      bad(`${name} is computed: computed fields are always sent on create; list input fields only`);
    else if (!field) bad(`${name} is not mapped in this file`);
    else if (field.direction === "outbound") bad(`${name} is outbound only`);
    else if (field.crm_field.includes(".") || ID_FIELDS.has(field.crm_field))
      bad(`${field.crm_field} cannot be written on create`);
    else if (valid.includes(name)) bad(`${name} is listed twice`);
    else valid.push(name);
  });

  // Every CRM field the create writes, and from what.
  const writers = new Map<string, string>();
  for (const name of valid) {
    const cf = fields[name]!.crm_field;
    const other = writers.get(cf);
    if (other) {
      problems.add(here, "create_field_invalid", `${name} and ${other} would both write ${cf}`, cf);
    }
    writers.set(cf, name);
  }
  for (const [name, f] of Object.entries(fields)) {
    if (f.direction === "outbound" && !writers.has(f.crm_field)) writers.set(f.crm_field, name);
  }
  const key = fields.incentive_key;
  if (key?.direction !== "outbound") {
    problems.add(
      [...at, "fields", "incentive_key"],
      "create_key_missing",
      "creating needs incentive_key mapped (outbound): the create is an upsert on that field",
    );
  }
  if (!writers.has(matchKey.crm_field) && !ID_FIELDS.has(matchKey.crm_field)) {
    writers.set(matchKey.crm_field, "match_key");
  }

  const set: Record<string, FieldValue> = {};
  for (const [cf, value] of Object.entries(parsed.data.set)) {
    const from = writers.get(cf);
    if (from) {
      const what = from === "match_key" ? "the match key" : `the canonical ${from}`;
      problems.add([...here, "set", cf], "create_set_invalid", `${cf} is written from ${what}`, cf);
      continue;
    }
    set[cf] = typeof value === "number" ? new Dec(value).toFixed() : value;
  }

  scope.forEach((c, i) => {
    if (Object.hasOwn(set, c.field)) {
      if (!scopeHolds(c, set[c.field])) {
        problems.add(
          [...here, "set", c.field],
          "create_set_invalid",
          `${JSON.stringify(set[c.field])} does not satisfy scope[${i}] (${describeCondition(c)})`,
          c.field,
        );
      }
    } else if (!writers.has(c.field) && !scopeHolds(c, null)) {
      // A field written from canonical values is checked record by record when sending.
      problems.add(
        here,
        "create_scope_unmet",
        `a created record would be out of scope[${i}] (${describeCondition(c)}): add ${c.field} to create.set`,
        c.field,
      );
    }
  });
  return { enabled: parsed.data.enabled, set, fields: valid };
}

type Add = (
  field: string,
  crmField: string | null,
  path: string,
  code: MappingProblem["code"],
  message: string,
) => void;

/** `create` against the describe: what it writes exists, can be written on create, and fits. */
export function checkCreateAgainstDescribe(
  mapping: Mapping,
  entity: EntityName,
  describe: ObjectDescription,
  add: Add,
): void {
  const e = mapping.entities[entity];
  const spec = e.create;
  if (!spec?.enabled) return;
  const byName = new Map(describe.fields.map((f) => [f.name, f]));
  const writable = (fd: FieldDescription) => fd.createable || fd.updateable;
  const notWritable = (fd: FieldDescription) =>
    `${fd.name} can be neither set on create nor updated right after`;
  const listed = new Set(spec.fields);
  for (const [name, field] of Object.entries(e.fields)) {
    const cspec = CANONICAL_FIELDS[entity][name];
    const fd = byName.get(field.crm_field);
    if (!cspec || !fd) continue;
    // Fields written back anyway (outbound, both) are checked as such; a field that can be
    // updated but not created is sent right after the create.
    if (!listed.has(name) || field.direction !== "inbound") continue;
    if (!writable(fd)) add(name, fd.name, "create", "not_createable", notWritable(fd));
    const transform = effectiveTransform(cspec, field);
    const mapped = transform !== null && transformName(transform) === "map";
    if (!outboundTypesFor(cspec.kind, mapped).includes(fd.type)) {
      add(
        name,
        fd.name,
        "create",
        "type_incompatible",
        `a ${cspec.kind} value cannot be written to a ${fd.type} field`,
      );
    }
    if (transform && typeof transform === "object" && fd.restrictedPicklist && cspec.values) {
      for (const canonical of cspec.values) {
        const crmValue = Object.entries(transform.map).find(([, t]) => t === canonical)?.[0] ?? canonical;
        if (!(fd.picklistValues ?? []).includes(crmValue)) {
          add(
            name,
            fd.name,
            `fields.${name}.transform.map`,
            "picklist_value_missing",
            `a created record would get ${JSON.stringify(crmValue)} for ${canonical}, which the restricted picklist lacks`,
          );
        }
      }
    }
  }
  for (const [cf, value] of Object.entries(spec.set)) {
    const fd = byName.get(cf);
    const path = `create.set.${cf}`;
    if (!fd) {
      // A scope field the describe lacks is already reported at the scope.
      if (!e.scope.some((c) => c.field === cf)) {
        add("create", cf, path, "field_missing", `${e.object} has no field ${cf}`);
      }
    } else if (!writable(fd)) add("create", cf, path, "not_createable", notWritable(fd));
    else {
      const check = checkValueAgainstField(fd, value);
      if (check) add("create", cf, path, "create_set_invalid", check.reason);
    }
  }
  const mk = e.match_key.crm_field;
  const mkWritten = spec.fields.some((n) => e.fields[n]?.crm_field === mk);
  const mkField = byName.get(mk);
  if (!mkWritten && mkField && !ID_FIELDS.has(mk) && !writable(mkField)) {
    add("match_key", mk, "match_key.crm_field", "not_createable", notWritable(mkField));
  }
  const key = e.fields.incentive_key;
  const keyField = key ? byName.get(key.crm_field) : undefined;
  if (keyField && !keyField.unique && !keyField.externalId) {
    add(
      "incentive_key",
      keyField.name,
      "fields.incentive_key.crm_field",
      "create_key_not_unique",
      `the create is an upsert on ${keyField.name}, which must be a unique (external id) field`,
    );
  }
}

/** The write checks' problems (a create needs createable, not updateable) and the create's own. */
export type CreateProblemCode =
  | Exclude<OutboundProblemCode, "not_updateable">
  | "not_createable"
  | "out_of_scope"
  | "reads_back_differently"
  | "reads_back_invalid";

export interface CreateProblem {
  field: string;
  crm_field: string;
  code: CreateProblemCode;
  class: FailureClass;
  reason: string;
}

export interface CreateRecord {
  /** Sent with the create (upsert on the key field). */
  fields: Record<string, FieldValue>;
  /** Fields the CRM lets the service update but not set on create: sent right after, by id. */
  after: Record<string, FieldValue>;
  /** The canonical values the created record reads back as (its new side's `values`). */
  values: Record<string, CanonicalValue>;
  problems: CreateProblem[];
}

export interface CreateInput {
  /** The record's canonical values (input fields). */
  data: Record<string, CanonicalValue>;
  /** The computed values every linked record gets (outbound fields). */
  computed: Record<string, unknown>;
  /** The cross-CRM match key, normalized, when the partner has one. */
  matchKey: string | null;
}

/**
 * The record to create in `mapping.crm`, checked against the describe (null: transforms only).
 * Blank values are left out (a new record has nothing to clear). A record with problems must
 * not be sent: quarantine it whole.
 */
export function toCreateRecord(
  mapping: Mapping,
  input: CreateInput,
  describe: ObjectDescription | null,
): CreateRecord {
  const out: CreateRecord = { fields: {}, after: {}, values: {}, problems: [] };
  const spec = mapping.entities.partner.create;
  if (!spec) return out;
  const draft: Draft = {
    entity: mapping.entities.partner,
    describe,
    byName: new Map(describe?.fields.map((f) => [f.name, f])),
    out,
  };
  fillCreate(draft, spec, input);
  // A value that cannot be written already spoils the record: the checks below need them all.
  if (out.problems.length > 0) return out;
  const payload = sent(out);
  checkScope(draft, payload);
  checkReadsBack(mapping, spec, input, payload, out);
  return out;
}

/** The record being built, and the describe it is checked against. */
interface Draft {
  entity: Mapping["entities"]["partner"];
  describe: ObjectDescription | null;
  byName: Map<string, FieldDescription>;
  out: CreateRecord;
}

/** Everything the create writes, whether with the create or right after it. */
const sent = (out: CreateRecord): Record<string, FieldValue> => ({ ...out.fields, ...out.after });

function addProblem(
  out: CreateRecord,
  field: string,
  crmField: string,
  code: CreateProblemCode,
  cls: FailureClass,
  reason: string,
): void {
  out.problems.push({ field, crm_field: crmField, code, class: cls, reason });
}

/**
 * Puts in the record, in order: the listed canonical input fields, the computed (outbound)
 * fields, the `set` constants, then the match key unless one of those already wrote its field.
 */
function fillCreate(d: Draft, spec: CreateSpec, input: CreateInput): void {
  const e = d.entity;
  for (const name of spec.fields) {
    const field = e.fields[name];
    if (field) convertAndPlace(d, name, field, input.data[name]);
  }
  for (const [name, field] of Object.entries(e.fields)) {
    if (field.direction === "outbound") convertAndPlace(d, name, field, input.computed[name]);
  }
  for (const [cf, value] of Object.entries(spec.set)) place(d, "create", cf, value);
  const mk = e.match_key.crm_field;
  if (input.matchKey !== null && sent(d.out)[mk] === undefined && !ID_FIELDS.has(mk)) {
    place(d, "match_key", mk, input.matchKey);
  }
}

/** A canonical value converted to the CRM's form (blank: left out), then placed. */
function convertAndPlace(d: Draft, name: string, field: FieldMapping, value: unknown): void {
  const cspec = CANONICAL_FIELDS.partner[name];
  if (!cspec || value === undefined || value === null) return;
  const canonical = (Array.isArray(value) ? value.join("; ") : value) as CanonicalValue;
  const converted = toCrm(cspec, field, canonical);
  if (!converted.ok) {
    addProblem(d.out, name, field.crm_field, "bad_value", "permanent", converted.reason);
    return;
  }
  if (converted.value === null || converted.value === "") return;
  const transform = effectiveTransform(cspec, field);
  const mapped = transform !== null && transformName(transform) === "map";
  place(d, name, field.crm_field, converted.value, { kind: cspec.kind, mapped });
}

/**
 * Puts a value in the create, or in the follow-up update when the field is update-only; with a
 * describe, a field that is missing or refuses the value is a problem instead.
 */
function place(
  d: Draft,
  field: string,
  cf: string,
  value: FieldValue,
  kind?: { kind: ValueKind; mapped: boolean },
): void {
  const { out } = d;
  if (!d.describe) {
    out.fields[cf] = value;
    return;
  }
  const fd = d.byName.get(cf);
  if (!fd) {
    addProblem(out, field, cf, "field_missing", "config", `${d.entity.object} has no field ${cf}`);
    return;
  }
  const refused = whyRefused(fd, value, kind);
  if (refused) {
    addProblem(out, field, cf, refused.code, refused.class, refused.reason);
    return;
  }
  if (fd.createable) out.fields[cf] = value;
  else out.after[cf] = value;
}

/** Why a described field cannot take the value on create (or right after), if it cannot. */
function whyRefused(
  fd: FieldDescription,
  value: FieldValue,
  kind: { kind: ValueKind; mapped: boolean } | undefined,
): { code: CreateProblemCode; class: FailureClass; reason: string } | undefined {
  if (!fd.createable && !fd.updateable) {
    return { code: "not_createable", class: "config", reason: `${fd.name} cannot be written` };
  }
  if (kind && !outboundTypesFor(kind.kind, kind.mapped).includes(fd.type)) {
    return {
      code: "type_incompatible",
      class: "config",
      reason: `cannot write ${kind.kind} to a ${fd.type} field`,
    };
  }
  const check = checkValueAgainstField(fd, value);
  if (check) return { code: check.code as CreateProblemCode, class: check.class, reason: check.reason };
  return undefined;
}

/** The created record must land inside the mapping's scope, or the next run would not see it. */
function checkScope(d: Draft, payload: Record<string, FieldValue>): void {
  d.entity.scope.forEach((c, i) => {
    if (!scopeHolds(c, payload[c.field])) {
      addProblem(
        d.out,
        "create",
        c.field,
        "out_of_scope",
        "permanent",
        `the record would be out of scope[${i}] (${describeCondition(c)}): ${c.field} = ${JSON.stringify(payload[c.field] ?? null)}`,
      );
    }
  });
}

/**
 * Reads the record back as the next run will: it must map cleanly to the same values, or it
 * would be quarantined there, or look like a person's edit in this CRM. Sets `out.values` when
 * it maps.
 */
function checkReadsBack(
  mapping: Mapping,
  spec: CreateSpec,
  input: CreateInput,
  payload: Record<string, FieldValue>,
  out: CreateRecord,
): void {
  const e = mapping.entities.partner;
  const back = mapInboundRecord(mapping, "partner", {
    crm: mapping.crm as CrmName,
    object: e.object,
    id: "(new)",
    fields: payload,
    modifiedAt: new Date(0).toISOString(),
    modifiedBy: null,
    deleted: false,
    mergedIds: [],
    mirrorOf: null,
    associations: {},
  });
  if (back.status === "rejected") {
    for (const err of back.errors) {
      addProblem(
        out,
        err.field,
        err.crm_field ?? "",
        "reads_back_invalid",
        err.code === "unmapped_value" ? "config" : "permanent",
        formatInboundError(err).replace(/^.*?\(new\): /, ""),
      );
    }
    return;
  }
  if (back.status !== "mapped") return;
  const values = back.values as Record<string, CanonicalValue>;
  for (const name of spec.fields) {
    const want = input.data[name] ?? null;
    const got = values[name] ?? null;
    if (!sameCanonical(want, got)) {
      addProblem(
        out,
        name,
        e.fields[name]?.crm_field ?? "",
        "reads_back_differently",
        "config",
        `would read back as ${JSON.stringify(got)}, not ${JSON.stringify(want)}`,
      );
    }
  }
  if (input.matchKey !== null && back.matchKey !== input.matchKey) {
    addProblem(
      out,
      "match_key",
      e.match_key.crm_field,
      "reads_back_differently",
      "config",
      `the match key would read back as ${JSON.stringify(back.matchKey)}, not ${JSON.stringify(input.matchKey)}`,
    );
  }
  out.values = values;
}

function sameCanonical(a: CanonicalValue, b: CanonicalValue): boolean {
  if (a === b || ((a ?? "") === "" && (b ?? "") === "")) return true;
  if (typeof a === "string" && typeof b === "string") {
    const da = parseDecimal(a);
    const db = parseDecimal(b);
    return da.ok && db.ok && new Dec(da.value).eq(db.value);
  }
  return false;
}
