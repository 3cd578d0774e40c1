// The validated mapping, and the one problem shape every check reports (load, cross-field,
// live describe), so `incentives mappings validate` prints them all in one table.
import type { CrmName, ScopeCondition } from "../../../connectors/types.ts";
import type { EntityName } from "./canonical.ts";
import type { FieldMapping, MatchKey, PartnerRef } from "./schema.ts";

export interface EntityMapping {
  object: string;
  scope: ScopeCondition[];
  match_key: MatchKey;
  /** Deals only: how a deal names its partner (a lookup field or an association). */
  partner_ref?: PartnerRef;
  /** Keyed by canonical field name. */
  fields: Record<string, FieldMapping>;
}

export interface Mapping {
  crm: CrmName;
  version: 1;
  entities: Record<EntityName, EntityMapping>;
}

export type MappingProblemCode =
  | "yaml"
  | "schema"
  | "crm_mismatch"
  | "unknown_field"
  | "direction_invalid"
  | "conflict_without_both"
  | "conflict_missing"
  | "required_on_outbound"
  | "required_by_engine"
  | "transform_invalid"
  | "map_target_invalid"
  | "default_invalid"
  | "required_field_unmapped"
  | "duplicate_crm_field"
  | "scope_value"
  | "match_key_invalid"
  | "partner_ref_missing"
  | "partner_ref_unexpected"
  | "pair_mismatch"
  | "object_missing"
  | "field_missing"
  | "type_incompatible"
  | "not_updateable"
  | "picklist_value_unmapped"
  | "picklist_value_missing";

export interface MappingProblem {
  crm: CrmName | null;
  entity: EntityName | null;
  /** Canonical field, or `scope[0]`, `match_key`, `partner_ref` when the problem is there. */
  field: string | null;
  crm_field: string | null;
  /** YAML path, e.g. `entities.deal.fields.amount.transform.map`. */
  path: string;
  code: MappingProblemCode;
  message: string;
}
