// A mapping against the CRM's live describe/properties, fetched through whatever `describe` the
// caller has (the CLI's connectors, the service's cached describes). Shared by
// `incentives mappings validate` and the admin API's live validation.
import type { CrmName, ObjectDescription } from "../../../connectors/types.ts";
import { checkMappingAgainstDescribe } from "./check-against-describe.ts";
import type { Mapping, MappingProblem } from "./types.ts";

export type Describe = (crm: CrmName, object: string) => Promise<ObjectDescription>;

export async function liveProblems(mapping: Mapping, describe: Describe): Promise<MappingProblem[]> {
  const describes = new Map<string, ObjectDescription>();
  for (const entity of Object.values(mapping.entities)) {
    if (describes.has(entity.object)) continue;
    try {
      describes.set(entity.object, await describe(mapping.crm, entity.object));
    } catch (error) {
      // An unknown object is a mapping problem (reported as object_missing), not a failure.
      if (!isUnknownObject(error)) throw error;
    }
  }
  return checkMappingAgainstDescribe(mapping, describes);
}

/**
 * Salesforce answers NOT_FOUND / INVALID_TYPE (jsforce puts it on `errorCode`) for an unknown
 * sObject; HubSpot a 400 "Unable to infer object type from: x" (or a 404).
 */
export function isUnknownObject(error: unknown): boolean {
  const e = error as { code?: unknown; errorCode?: unknown; status?: unknown; message?: unknown } | null;
  const code = e?.errorCode ?? e?.code;
  if (code === "NOT_FOUND" || code === "INVALID_TYPE" || e?.status === 404) return true;
  return (
    e?.status === 400 && typeof e.message === "string" && e.message.includes("Unable to infer object type")
  );
}
