// CRM records → canonical partner/deal values, through a validated mapping. A record that cannot
// be mapped comes back `rejected` with one error per bad field (CRM, object, record id, field,
// reason) so the sync layer can quarantine it; the rest of the batch is unaffected.
import type {
  AssociationRequest,
  CrmName,
  CrmRecord,
  FieldValue,
  ScopeCondition,
} from "../../../connectors/types.ts";
import { Dec } from "../../../money/index.ts";
import {
  CANONICAL_FIELDS,
  type CanonicalValue,
  type DealValues,
  type EntityName,
  type PartnerValues,
} from "./canonical.ts";
import type { Normalizer } from "./schema.ts";
import { normalizeKey, toCanonical, type ValueErrorCode } from "./transforms.ts";
import type { EntityMapping, Mapping } from "./types.ts";

/** The name a deal's partner association is exposed under in `CrmRecord.associations`. */
export const PARTNER_ASSOCIATION = "partner";

export interface ReadSpec {
  object: string;
  /** Every mapped CRM field, outbound ones included so write-back can tell what changed. */
  fields: string[];
  scope: ScopeCondition[];
  associations: AssociationRequest[];
}

/** What to ask a connector for; the sync layer adds `mode` and `cursor` to make a ReadRequest. */
export function readSpecFor(mapping: Mapping, entity: EntityName): ReadSpec {
  const e = mapping.entities[entity];
  const fields = new Set<string>([e.match_key.crm_field]);
  if (e.partner_ref && "crm_field" in e.partner_ref) fields.add(e.partner_ref.crm_field);
  for (const f of Object.values(e.fields)) fields.add(f.crm_field);
  const associations: AssociationRequest[] = [];
  if (e.partner_ref && "association" in e.partner_ref) {
    const { to, label } = e.partner_ref.association;
    associations.push(
      label === undefined
        ? { toObject: to, as: PARTNER_ASSOCIATION }
        : { toObject: to, label, as: PARTNER_ASSOCIATION },
    );
  }
  return { object: e.object, fields: [...fields], scope: e.scope, associations };
}

export type InboundErrorCode =
  | ValueErrorCode
  | "missing_required"
  | "missing_partner_ref"
  | "ambiguous_partner_ref"
  | "bad_match_key"
  | "missing_match_key"
  | "wrong_object";

export interface InboundError {
  crm: CrmName;
  object: string;
  recordId: string;
  entity: EntityName;
  /** Canonical field, or `match_key` / `partner_ref`. */
  field: string;
  crm_field: string | null;
  code: InboundErrorCode;
  reason: string;
  /** The offending CRM value, when there was one. */
  value: FieldValue;
}

interface RecordRef {
  crm: CrmName;
  object: string;
  id: string;
  entity: EntityName;
}

export type InboundResult<V> =
  | (RecordRef & {
      status: "mapped";
      /** Normalized cross-CRM key; null when the record carries none (it links by its own id only). */
      matchKey: string | null;
      /** Deals: the partner's record id(s) in this CRM. Empty for partners. */
      partnerRefs: string[];
      values: V;
      modifiedAt: string;
      modifiedBy: string | null;
      mirrorOf: CrmRecord["mirrorOf"];
      mergedIds: string[];
    })
  | (RecordRef & { status: "deleted"; mergedIds: string[] })
  | (RecordRef & { status: "rejected"; errors: InboundError[] });

export type ValuesOf<E extends EntityName> = E extends "partner" ? PartnerValues : DealValues;

/** A record's own id fields are not always in `fields`; connectors always set `id`. */
const ID_FIELDS = new Set(["Id", "hs_object_id"]);

/** The match key's normalizer (domains by default for `domain`, else trimmed text). */
export function defaultNormalizer(e: EntityMapping): Normalizer {
  return e.match_key.normalize ?? (e.match_key.canonical === "domain" ? "domain" : "trim");
}

export function mapInboundRecord<E extends EntityName>(
  mapping: Mapping,
  entity: E,
  record: CrmRecord,
): InboundResult<ValuesOf<E>> {
  const e = mapping.entities[entity];
  const ref: RecordRef = { crm: record.crm, object: record.object, id: record.id, entity };
  const errors: InboundError[] = [];
  const error = (
    field: string,
    crmField: string | null,
    code: InboundErrorCode,
    reason: string,
    value: FieldValue,
  ) => errors.push({ ...ref, recordId: record.id, field, crm_field: crmField, code, reason, value });

  if (record.crm !== mapping.crm || record.object !== e.object) {
    error("", null, "wrong_object", `expected ${mapping.crm} ${e.object}`, null);
    return { ...ref, status: "rejected", errors };
  }
  if (record.deleted) return { ...ref, status: "deleted", mergedIds: record.mergedIds };

  const keyField = e.match_key.crm_field;
  const rawKey = record.fields[keyField] ?? (ID_FIELDS.has(keyField) ? record.id : null);
  const key = normalizeKey(rawKey, defaultNormalizer(e));
  if (key && !key.ok) error("match_key", keyField, "bad_match_key", key.reason, rawKey);
  if (!key && e.match_key.required) {
    error("match_key", keyField, "missing_match_key", "required match key is blank", rawKey);
  }

  const values: Record<string, CanonicalValue> = {};
  const catalog = CANONICAL_FIELDS[entity];
  for (const [name, field] of Object.entries(e.fields)) {
    const spec = catalog[name];
    if (!spec || field.direction === "outbound") continue;
    const raw = record.fields[field.crm_field];
    const result = toCanonical(spec, field, raw);
    if (!result.ok) {
      error(name, field.crm_field, result.code, result.reason, raw ?? null);
    } else if (result.value === null && (field.required || spec.engineRequired)) {
      error(name, field.crm_field, "missing_required", "required value is blank", raw ?? null);
    } else {
      values[name] = result.value;
    }
  }

  if (entity === "deal") marginWithinAmount(e, values, record, error);

  const partnerRefs: string[] = [];
  if (e.partner_ref) {
    if ("crm_field" in e.partner_ref) {
      const raw = record.fields[e.partner_ref.crm_field] ?? null;
      if (typeof raw === "string" && raw.trim() !== "") partnerRefs.push(raw.trim());
    } else {
      partnerRefs.push(...(record.associations[PARTNER_ASSOCIATION] ?? []));
    }
    const crmField = "crm_field" in e.partner_ref ? e.partner_ref.crm_field : null;
    if (partnerRefs.length === 0) {
      error("partner_ref", crmField, "missing_partner_ref", "the deal names no partner", null);
    } else if (partnerRefs.length > 1) {
      const list = partnerRefs.join(", ");
      error("partner_ref", crmField, "ambiguous_partner_ref", `the deal has several partners: ${list}`, list);
    }
  }

  if (errors.length > 0) return { ...ref, status: "rejected", errors };
  return {
    ...ref,
    status: "mapped",
    matchKey: key?.ok ? key.value : null,
    partnerRefs,
    values: values as ValuesOf<E>,
    modifiedAt: record.modifiedAt,
    modifiedBy: record.modifiedBy,
    mirrorOf: record.mirrorOf,
    mergedIds: record.mergedIds,
  };
}

/**
 * Spec §5: a deal's margin is at most its amount (both in the deal's currency, before fx). The
 * lower bound is the catalog's `min`; this bound needs the record's other field, so it is here.
 */
function marginWithinAmount(
  e: EntityMapping,
  values: Record<string, CanonicalValue>,
  record: CrmRecord,
  error: (
    field: string,
    crmField: string | null,
    code: InboundErrorCode,
    reason: string,
    value: FieldValue,
  ) => void,
): void {
  const margin = values.margin;
  const amount = values.amount;
  if (typeof margin !== "string" || typeof amount !== "string") return;
  if (new Dec(margin).lte(amount)) return;
  const crmField = e.fields.margin?.crm_field ?? null;
  error(
    "margin",
    crmField,
    "out_of_range",
    `margin ${margin} is above the amount ${amount}`,
    crmField ? (record.fields[crmField] ?? null) : null,
  );
}

export interface InboundBatch<V> {
  mapped: Array<Extract<InboundResult<V>, { status: "mapped" }>>;
  deleted: Array<Extract<InboundResult<V>, { status: "deleted" }>>;
  rejected: Array<Extract<InboundResult<V>, { status: "rejected" }>>;
}

/** Maps a page of records; a bad record lands in `rejected` and never stops the others. */
export function mapInboundBatch<E extends EntityName>(
  mapping: Mapping,
  entity: E,
  records: Iterable<CrmRecord>,
): InboundBatch<ValuesOf<E>> {
  const out: InboundBatch<ValuesOf<E>> = { mapped: [], deleted: [], rejected: [] };
  for (const record of records) {
    const result = mapInboundRecord(mapping, entity, record);
    if (result.status === "mapped") out.mapped.push(result);
    else if (result.status === "deleted") out.deleted.push(result);
    else out.rejected.push(result);
  }
  return out;
}

/** One line per error, for logs and quarantine reasons. */
export function formatInboundError(e: InboundError): string {
  const where = e.crm_field ? `${e.field} (${e.crm_field})` : e.field;
  return `${e.crm} ${e.object} ${e.recordId}: ${where}: ${e.reason}`;
}
