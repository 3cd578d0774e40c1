// The validated mapping, and the one problem shape every check reports (load, cross-field,
// live describe), so `incentives mappings validate` prints them all in one table.
import type { CrmName, FieldValue, ScopeCondition } from "../../../connectors/types.ts";
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
  /** Partners only: creating a partner the other CRM alone holds (absent = never). */
  create?: CreateSpec;
}

/** `create:` once validated: `fields` resolved (default: every input field the mapping reads). */
export interface CreateSpec {
  enabled: boolean;
  /** Constant CRM values (numbers as decimal strings), e.g. `IsPartner: true` to land in scope. */
  set: Record<string, FieldValue>;
  /** Canonical input fields sent on create. */
  fields: string[];
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
  | "picklist_value_missing"
  | "create_unexpected"
  | "create_field_invalid"
  | "create_scope_unmet"
  | "create_set_invalid"
  | "create_key_missing"
  | "create_key_not_unique"
  | "not_createable";

export interface MappingProblem {
  crm: CrmName | null;
  entity: EntityName | null;
  /** Canonical field, or `scope[0]`, `match_key`, `partner_ref`, `create` when the problem is there. */
  field: string | null;
  crm_field: string | null;
  /** YAML path, e.g. `entities.deal.fields.amount.transform.map`. */
  path: string;
  code: MappingProblemCode;
  message: string;
}
