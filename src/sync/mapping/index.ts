// Public surface of the field mappings: what the sync layer and the CLI import.
export * from "./canonical.ts";
export { checkMappingAgainstDescribe, type Describes, INBOUND_TYPES } from "./check-against-describe.ts";
export {
  type ConflictDecision,
  type ConflictInput,
  type ConflictSide,
  conflictPolicyFor,
  DEFAULT_CONFLICT_POLICY,
  resolveConflict,
} from "./conflict.ts";
export {
  formatInboundError,
  type InboundBatch,
  type InboundError,
  type InboundErrorCode,
  type InboundResult,
  mapInboundBatch,
  mapInboundRecord,
  PARTNER_ASSOCIATION,
  type ReadSpec,
  readSpecFor,
  type ValuesOf,
} from "./inbound.ts";
export { loadMapping, type MappingResult, mappingPath, parseMapping } from "./load.ts";
export { type LinkedSide, type MergeResult, mergeLinked } from "./merge.ts";
export {
  changedFields,
  checkValueAgainstField,
  type OutboundBatch,
  type OutboundProblem,
  type OutboundProblemCode,
  type OutboundRecord,
  type OutboundValues,
  toOutboundBatch,
  toOutboundRecord,
} from "./outbound.ts";
export type { ConflictPolicy, FieldMapping, MatchKey, PartnerRef, Transform, ValueMap } from "./schema.ts";
export type { EntityMapping, Mapping, MappingProblem, MappingProblemCode } from "./types.ts";
export { checkMappingPair, validateMapping } from "./validate.ts";
